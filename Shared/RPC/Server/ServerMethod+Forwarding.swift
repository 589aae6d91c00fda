public import NIOCore

extension ServerMethod {
    /// A unary method whose handler forwards the request's binary encoding
    /// and answers with the response's binary encoding, unread. A Connect JSON
    /// request is converted to binary first (so the handler always sees
    /// protobuf), and the response back to JSON.
    public static func forwardingUnary(
        _ binding: MethodBinding,
        _ handler: @escaping @Sendable (ByteBuffer, ServerContext) async throws -> ByteBuffer
    ) -> ServerMethod {
        ServerMethod(binding.descriptor) { call in
            let response = try await handler(try call.binaryRequest(binding), call.context)
            call.sink.respond(framed: try call.frame(binary: response, binding), metadata: call.context.response.snapshot)
        }
    }

    /// A server-streaming method forwarded the same way: each response the
    /// handler writes is a binary encoding, converted for JSON callers.
    public static func forwardingServerStreaming(
        _ binding: MethodBinding,
        _ handler: @escaping @Sendable (ByteBuffer, ForwardedResponseWriter, ServerContext) async throws -> Void
    ) -> ServerMethod {
        ServerMethod(binding.descriptor) { call in
            try await handler(try call.binaryRequest(binding), ForwardedResponseWriter(call: call, binding: binding),
                              call.context)
        }
    }
}

/// Sends the binary-encoded responses of a forwarded server stream (the
/// counterpart of ``ResponseWriter`` for messages passed through unread).
public struct ForwardedResponseWriter: Sendable {
    let call: ServerCall
    let binding: MethodBinding

    /// Sends one response; suspends while the client is behind, so a slow
    /// reader slows the upstream stream instead of filling memory.
    public func write(_ binary: ByteBuffer) async throws {
        try Task.checkCancellation()
        await call.send(framed: try call.frame(binary: binary, binding))
        try Task.checkCancellation()
    }
}

extension ServerCall {
    /// The request's binary encoding, converted from JSON for Connect JSON callers.
    func binaryRequest(_ binding: MethodBinding) throws(RPCError) -> ByteBuffer {
        let request = singleRequest ?? ByteBuffer()
        switch codec {
        case .proto: return request
        case .json: return try binding.requestFromJSON(request)
        }
    }

    /// Frames a binary-encoded response in the call's codec.
    func frame(binary: ByteBuffer, _ binding: MethodBinding) throws(RPCError) -> ByteBuffer {
        switch codec {
        case .proto:
            var buffer = allocator.buffer(capacity: 5 + binary.readableBytes)
            buffer.writeInteger(UInt8(0))
            buffer.writeInteger(UInt32(binary.readableBytes))
            buffer.writeImmutableBuffer(binary)
            return buffer
        case .json:
            return frame(json: try binding.responseToJSON(binary))
        }
    }

    /// Frames JSON bytes (flag 0, length, the bytes).
    func frame(json: [UInt8]) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + json.count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(json.count))
        buffer.writeBytes(json)
        return buffer
    }
}

extension ServerMethod {
    /// This method with `check` run first on the request's binary encoding
    /// (converted from JSON for Connect JSON callers): a gateway admits calls
    /// to the services it serves itself exactly as it admits forwarded ones.
    /// A check that throws ends the call with its error; the handler never runs.
    public func checked(_ binding: MethodBinding,
                        _ check: @escaping @Sendable (ByteBuffer, ServerContext) async throws -> Void) -> ServerMethod {
        let handler = handler
        return ServerMethod(descriptor) { call in
            try await check(try call.binaryRequest(binding), call.context)
            try await handler(call)
        }
    }
}
