import API
import GatewayCore
import Logging
import NIOCore
import RPC

/// The methods the gateway serves by forwarding them to the service that
/// owns them: each call is admitted (``CallAdmission``), then sent upstream as
/// the same bytes it arrived with, over a channel that balances per call over
/// every address of the service's name. Connect JSON calls are converted to
/// protobuf at the edge, so upstreams see gRPC only.
struct GatewayProxy: RPCService {
    let methods: [ServerMethod]

    /// A route: one method, its rule and the channel to its service.
    struct Route: Sendable {
        let binding: MethodBinding
        let rule: MethodRule
        let upstream: RPCChannel
    }

    init(routes: [Route], admission: CallAdmission, accessLog: AccessLog) {
        methods = routes.map { route in
            switch route.binding.descriptor.kind {
            case .serverStreaming:
                .forwardingServerStreaming(route.binding) { request, responses, context in
                    try await accessLog.record(route, request: request, context: context) { call in
                        let credential = try await admission.admit(route.binding, rule: route.rule, request: request,
                                                                   context: context)
                        call.credential = credential
                        try await route.upstream.serverStreaming(
                            route.binding.descriptor, encoded: request,
                            options: Self.options(route.rule, context: context, credential: credential)
                        ) { stream in
                            for try await response in stream {
                                call.bytesOut += response.readableBytes
                                try await responses.write(response)
                            }
                        }
                    }
                }
            default:
                .forwardingUnary(route.binding) { request, context in
                    try await accessLog.record(route, request: request, context: context) { call in
                        let credential = try await admission.admit(route.binding, rule: route.rule, request: request,
                                                                   context: context)
                        call.credential = credential
                        let response = try await route.upstream.unary(
                            route.binding.descriptor, encoded: request,
                            options: Self.options(route.rule, context: context, credential: credential))
                        call.bytesOut = response.message.readableBytes
                        return response.message
                    }
                }
            }
        }
    }

    /// The upstream call's options: the method's deadline cap (the client's
    /// own deadline, when shorter, applies through the server context), the
    /// client's metadata without its credentials, who the caller is, and the
    /// trace continued with a span of the gateway's own.
    static func options(_ rule: MethodRule, context: ServerContext, credential: Credential?) -> CallOptions {
        var metadata = context.metadata
        metadata.removeAll { droppedMetadata.contains($0.name) }
        if let credential {
            metadata.add("x-baton-tenant", credential.tenant)
            metadata.add("x-baton-principal", "\(credential.role.rawValue):\(credential.subject)")
        }
        let incoming = context.metadata["traceparent"].flatMap(Traceparent.init(header:))
        let trace = incoming?.child(spanID: Traceparent.hex16(traceRandom.next() | 1))
            ?? Traceparent.start(random: (traceRandom.next(), traceRandom.next(), traceRandom.next()))
        metadata.add("traceparent", trace.header)
        return CallOptions(timeout: rule.deadlineCapSeconds.map { .seconds($0) }, metadata: metadata)
    }

    /// Trace and span ids need to be unique, not secret: a fast generator seeded once, rather than a
    /// getrandom system call per id.
    static let traceRandom = TraceRandom()

    /// Never forwarded: the caller's credentials (upstreams trust the gateway,
    /// not what a client claims), identities only the gateway may assert, and
    /// the trace header, which is replaced.
    static let droppedMetadata: Set<String> = ["authorization", "x-api-key", "cookie", "x-baton-tenant",
                                               "x-baton-principal", "traceparent", "tracestate"]
}
