public import Wire

/// A method a server serves: its descriptor and a handler over raw messages.
/// Build one with the typed factories (`unary`, `serverStreaming`, ...);
/// generated service protocols do that for every RPC.
public struct ServerMethod: Sendable {
    /// The method's identity on the wire.
    public let descriptor: MethodDescriptor
    let handler: @Sendable (ServerCall) async throws -> Void

    init(_ descriptor: MethodDescriptor, handler: @escaping @Sendable (ServerCall) async throws -> Void) {
        self.descriptor = descriptor
        self.handler = handler
    }

    /// One request, one response.
    public static func unary<Request: ProtoJSONMessage, Response: ProtoJSONMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> ServerMethod {
        ServerMethod(descriptor) { call in
            let request = try call.decodeSingleRequest(Request.self)
            let response = try await handler(request, call.context)
            call.respond(with: response)
        }
    }

    /// One request, a stream of responses.
    public static func serverStreaming<Request: ProtoJSONMessage, Response: ProtoJSONMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) -> ServerMethod {
        ServerMethod(descriptor) { call in
            let request = try call.decodeSingleRequest(Request.self)
            try await handler(request, ResponseWriter(call: call), call.context)
        }
    }

    /// A stream of requests, one response.
    public static func clientStreaming<Request: ProtoJSONMessage, Response: ProtoJSONMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (RequestStream<Request>, ServerContext) async throws -> Response
    ) -> ServerMethod {
        ServerMethod(descriptor) { call in
            let response = try await handler(RequestStream(call.requests!, codec: call.codec), call.context)
            call.respond(with: response)
        }
    }

    /// Streams both ways.
    public static func bidirectionalStreaming<Request: ProtoJSONMessage, Response: ProtoJSONMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) -> ServerMethod {
        ServerMethod(descriptor) { call in
            try await handler(RequestStream(call.requests!, codec: call.codec), ResponseWriter(call: call), call.context)
        }
    }
}

extension ServerMethod {
    /// Runs the handler for `call` in a task preferring `executor` (the
    /// transport's loop), ending the call with the status the handler's
    /// outcome maps to.
    func start(_ call: ServerCall, on executor: EventLoopTaskExecutor) -> Task<Void, Never> {
        let handler = handler
        let serverStreams = descriptor.kind.serverStreams
        return Task(executorPreference: executor) {
            await ServerContext.$current.withValue(call.context) {
                do {
                    try await handler(call)
                    if serverStreams { call.finish(nil) }
                } catch let error as RPCError {
                    call.finish(error)
                } catch is CancellationError {
                    call.finish(RPCError(.cancelled, "the call was cancelled"))
                } catch {
                    call.finish(RPCError(.unknown, "handler failed: \(error)"))
                }
            }
        }
    }
}

/// A set of methods served together (a gRPC service).
public protocol RPCService: Sendable {
    /// The methods, each with its handler.
    var methods: [ServerMethod] { get }
}

/// Finds the method for a `:path`.
public struct MethodRouter: Sendable {
    private var methods: [String: ServerMethod] = [:]
    private var services: Set<String> = []

    /// Creates a router for `services`.
    public init(services: [any RPCService]) {
        for service in services {
            for method in service.methods { add(method) }
        }
    }

    /// Adds one method (replacing any with the same path).
    public mutating func add(_ method: ServerMethod) {
        methods[method.descriptor.path] = method
        services.insert(method.descriptor.service)
    }

    /// The method served at `path`.
    public func method(forPath path: String) -> ServerMethod? { methods[path] }

    /// Whether any method of `service` is served.
    public func hasService(_ service: String) -> Bool { services.contains(service) }
}
