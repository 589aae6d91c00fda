public import Wire
import Synchronization

/// `grpc.health.v1.Health`, served by every server: `Check` answers the
/// status of a service (the empty name is the server as a whole) and `Watch`
/// streams it as it changes. Kubernetes gRPC probes call `Check`.
public final class HealthService: RPCService {
    /// A status as the protocol names it.
    public typealias Status = GRPCHealthV1.HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: Status] = ["": .serving]
        var watchers: [Int: (service: String, continuation: AsyncStream<Status>.Continuation)] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())

    /// Creates the service with the server reported as SERVING.
    public init() {}

    /// Sets the status of `service` ("" for the whole server) and tells watchers.
    public func setStatus(_ status: Status, for service: String = "") {
        let watchers = state.withLock { state in
            state.statuses[service] = status
            return state.watchers.values.filter { $0.service == service }.map(\.continuation)
        }
        for watcher in watchers { watcher.yield(status) }
    }

    /// Reports every service NOT_SERVING (on shutdown) and ends the watches.
    func shutdown() {
        let watchers = state.withLock { state in
            for key in state.statuses.keys { state.statuses[key] = .notServing }
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in watchers {
            watcher.continuation.yield(.notServing)
            watcher.continuation.finish()
        }
    }

    private func status(of service: String) -> Status? {
        state.withLock { $0.statuses[service] }
    }

    public var methods: [ServerMethod] {
        [
            .unary(MethodDescriptor(service: "grpc.health.v1.Health", method: "Check", kind: .unary, idempotent: true)) {
                (request: GRPCHealthV1.HealthCheckRequest, _) in
                guard let status = self.status(of: request.service) else {
                    throw RPCError(.notFound, "unknown service '\(request.service)'")
                }
                return GRPCHealthV1.HealthCheckResponse.with { $0.status = status }
            },
            .serverStreaming(MethodDescriptor(service: "grpc.health.v1.Health", method: "Watch", kind: .serverStreaming)) {
                (request: GRPCHealthV1.HealthCheckRequest, writer: ResponseWriter<GRPCHealthV1.HealthCheckResponse>, _) in
                let (updates, continuation) = AsyncStream<Status>.makeStream()
                let id = self.state.withLock { state in
                    let id = state.nextWatcher
                    state.nextWatcher += 1
                    state.watchers[id] = (request.service, continuation)
                    return id
                }
                defer { _ = self.state.withLock { $0.watchers.removeValue(forKey: id) } }
                // The spec: an unknown service is reported as SERVICE_UNKNOWN, and the watch stays open.
                var last = self.status(of: request.service) ?? .serviceUnknown
                try await writer.write(.with { $0.status = last })
                for await status in updates where status != last {
                    last = status
                    try await writer.write(.with { $0.status = status })
                }
            },
        ]
    }
}
