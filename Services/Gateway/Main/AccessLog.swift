import GatewayCore
import Logging
import NIOCore
import RPC
import Wire

/// One JSON line per call (through the service's JSON log handler): who
/// called what for which tenant, the status, the latency and the bytes each
/// way. Never a credential, never a message body.
struct AccessLog: Sendable {
    let logger: Logger

    /// What the handler learns as the call runs.
    final class Call: @unchecked Sendable {
        // Written only by the one handler task that owns the call, read after it ends.
        var credential: Credential?
        var bytesOut = 0
    }

    /// Runs `body` for one call and logs it when it ends, however it ends.
    func record<Result>(_ route: GatewayProxy.Route, request: ByteBuffer, context: ServerContext,
                        _ body: (Call) async throws -> Result) async throws -> Result {
        let started = ContinuousClock.now
        let call = Call()
        var status = StatusCode.ok
        var message = ""
        defer {
            if logger.logLevel <= .info { log(route, request: request, context: context, call: call, status: status,
                                                message: message, latency: ContinuousClock.now - started) }
        }
        do {
            return try await body(call)
        } catch let error as RPCError {
            status = error.code
            message = error.message
            throw error
        } catch is CancellationError {
            // The call's deadline passing cancels the handler too: say which it was.
            status = context.deadline.map { ContinuousClock.now >= $0 } == true ? .deadlineExceeded : .cancelled
            throw CancellationError()
        } catch {
            status = .unknown
            message = "\(error)"
            throw error
        }
    }

    private func log(_ route: GatewayProxy.Route, request: ByteBuffer, context: ServerContext, call: Call,
                     status: StatusCode, message: String, latency: Duration) {
        var metadata: Logger.Metadata = [
            "method": "\(route.binding.descriptor.path)",
            "status": "\(status)",
            "latency_ms": "\((latency.timeInterval * 1_000_000).rounded() / 1000)",
            "bytes_in": "\(request.readableBytes)",
            "bytes_out": "\(call.bytesOut)",
            "peer": "\(context.peer)",
            "request_id": "\(context.requestID)",
        ]
        if let credential = call.credential {
            metadata["principal"] = "\(credential.role.rawValue):\(credential.subject)"
            metadata["credential"] = "\(credential.id)"
            metadata["tenant"] = "\(credential.tenant)"
        }
        if let trace = context.traceID { metadata["trace_id"] = "\(trace)" }
        if !message.isEmpty { metadata["error"] = "\(message)" }
        logger.info("access", metadata: metadata)
    }
}
