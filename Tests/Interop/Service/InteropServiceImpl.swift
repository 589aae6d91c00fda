public import RPC
import Wire
import Synchronization

/// Baton's implementation of the interop service (`interop.proto` says what
/// each method does; the Python server in `interop_server.py` does the same).
public final class InteropServiceImpl: InteropV1.InteropService {
    private let calls = Mutex<[String: InteropV1.CallStateResponse]>([:])

    /// Creates the service.
    public init() {}

    private func record(_ id: String, _ update: (inout InteropV1.CallStateResponse) -> Void) {
        guard !id.isEmpty else { return }
        calls.withLock { calls in
            var state = calls[id] ?? .with { $0.known = true }
            update(&state)
            calls[id] = state
        }
    }

    private func echoMetadata(_ context: ServerContext) {
        var initial = Metadata()
        var trailing = Metadata()
        for entry in context.metadata {
            let target = entry.name.hasPrefix("x-echo-") ? 1 : entry.name.hasPrefix("x-trail-") ? 2 : 0
            guard target != 0 else { continue }
            switch entry.value {
            case .string(let value): target == 1 ? initial.add(entry.name, value) : trailing.add(entry.name, value)
            case .binary(let bytes):
                target == 1 ? initial.add(entry.name, binary: bytes) : trailing.add(entry.name, binary: bytes)
            }
        }
        context.setInitialMetadata(initial)
        context.setTrailingMetadata(trailing)
    }

    private func response(to request: InteropV1.EchoRequest, index: Int32) -> InteropV1.EchoResponse {
        .with {
            $0.text = request.text
            $0.payload = request.responseSize > 0 ? [UInt8](repeating: 0x5A, count: Int(request.responseSize)) : request.payload
            $0.index = index
        }
    }

    private func sleep(_ request: InteropV1.EchoRequest) async throws {
        if request.sleepMs > 0 { try await Task.sleep(for: .milliseconds(Int64(request.sleepMs))) }
    }

    private func failIfAsked(_ request: InteropV1.EchoRequest) throws {
        if request.statusCode != 0 {
            throw RPCError(StatusCode(rawValue: Int(request.statusCode)), request.statusMessage)
        }
    }

    public func unary(_ request: InteropV1.EchoRequest, context: ServerContext) async throws -> InteropV1.EchoResponse {
        echoMetadata(context)
        do {
            try await sleep(request)
        } catch {
            record(request.callID) { $0.cancelled = true }
            throw error
        }
        try failIfAsked(request)
        record(request.callID) { $0.completed = true }
        return response(to: request, index: 0)
    }

    public func serverStream(_ request: InteropV1.EchoRequest, responses: ResponseWriter<InteropV1.EchoResponse>,
                             context: ServerContext) async throws {
        echoMetadata(context)
        record(request.callID) { _ in }
        do {
            for index in 0..<max(1, request.responseCount) {
                if index > 0 { try await sleep(request) }
                try await responses.write(response(to: request, index: index))
            }
        } catch {
            record(request.callID) { $0.cancelled = true }
            throw error
        }
        try failIfAsked(request)
        record(request.callID) { $0.completed = true }
    }

    public func clientStream(_ requests: RequestStream<InteropV1.EchoRequest>,
                             context: ServerContext) async throws -> InteropV1.EchoResponse {
        echoMetadata(context)
        var texts: [String] = []
        for try await request in requests { texts.append(request.text) }
        return .with {
            $0.text = texts.joined(separator: ",")
            $0.requestCount = Int32(texts.count)
        }
    }

    public func bidiStream(_ requests: RequestStream<InteropV1.EchoRequest>,
                           responses: ResponseWriter<InteropV1.EchoResponse>, context: ServerContext) async throws {
        echoMetadata(context)
        var index: Int32 = 0
        for try await request in requests {
            try await responses.write(response(to: request, index: index))
            index += 1
        }
    }

    public func callState(_ request: InteropV1.CallStateRequest,
                          context: ServerContext) async throws -> InteropV1.CallStateResponse {
        calls.withLock { $0[request.callID] } ?? InteropV1.CallStateResponse()
    }
}
