import NIOCore
import Wire

extension RPCChannel {
    /// Asks every ready connection's server `grpc.health.v1.Health/Check`
    /// (the whole server, service "") every `interval`, on that very
    /// connection, and keeps new calls off servers that are not SERVING: a
    /// replica draining for shutdown or cut off from its database says so
    /// before its calls fail. The task holds the channel weakly and stops when
    /// it is closed.
    func startHealthChecks(every interval: Duration) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let channel = self else { return }
                await channel.checkHealth(timeout: min(interval, .seconds(2)))
            }
        }
        state.withLock { $0.healthChecks = task }
    }

    private func checkHealth(timeout: Duration) async {
        let subchannels = state.withLock { $0.subchannels }
        await withTaskGroup(of: Void.self) { group in
            for subchannel in subchannels {
                guard let connection = subchannel.readyConnection else { continue }
                group.addTask {
                    subchannel.recordHealth(await Self.isServing(connection, timeout: timeout))
                }
            }
        }
    }

    static let healthCheck = MethodDescriptor(service: "grpc.health.v1.Health", method: "Check", kind: .unary,
                                              idempotent: true)

    private static func isServing(_ connection: ClientConnectionHandler.LoopBound, timeout: Duration) async -> Bool {
        let allocator = ByteBufferAllocator()
        let call = ClientCall(connection: connection, method: healthCheck, options: CallOptions(timeout: timeout),
                              allocator: allocator,
                              request: ClientCall.frame(GRPCHealthV1.HealthCheckRequest(), allocator: allocator), end: true)
        guard let response = try? await singleResponse(call),
              let status = try? GRPCHealthV1.HealthCheckResponse.decode(response.message) else { return false }
        return status.status == .serving
    }
}
