public import NIOCore
public import Wire

extension RPCChannel {
    /// Calls a unary method. Idempotent methods are retried on UNAVAILABLE,
    /// within the channel's retry budget and the call's deadline; any method is
    /// retried at once, a few times, when the server never started it (a
    /// connection rotating away under it), as gRPC's transparent retry does.
    public func unary<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: MethodDescriptor, _ request: Request, options: CallOptions = .init()
    ) async throws -> ClientResponse<Response> {
        let size = request.encodedSize()
        var encoded = ByteBufferAllocator().buffer(capacity: size)
        encoded.writeProtoMessage(request, size: size)
        return try await unary(method, encoded: encoded, options: options).decoded()
    }

    /// Calls a unary method with a request already encoded (protobuf binary,
    /// unframed), returning the response's encoding unread: what a proxy
    /// forwards. Retries as ``unary(_:_:options:)`` does.
    public func unary(
        _ method: MethodDescriptor, encoded request: ByteBuffer, options: CallOptions = .init()
    ) async throws -> ClientResponse<ByteBuffer> {
        let deadline = options.effectiveTimeout.map { ContinuousClock.now + $0 }
        var attempt = 1
        var transparentRetries = 0
        while true {
            do {
                let response = try await unaryAttempt(method, request, options: options, deadline: deadline)
                recordSuccess()
                return response
            } catch let error as RPCError where error.unprocessed && transparentRetries < Self.maxTransparentRetries
                && !Task.isCancelled {
                transparentRetries += 1
                if let deadline, ContinuousClock.now >= deadline { throw error }
            } catch let error as RPCError where error.code == .unavailable && method.idempotent
                && attempt < configuration.maxAttempts && !Task.isCancelled {
                guard recordFailureAllowsRetry() else { throw error }
                let pause = Duration.milliseconds(Int64(10 << min(attempt, 6))) * Double.random(in: 0.5...1.5)
                if let deadline, ContinuousClock.now + pause >= deadline { throw error }
                try await Task.sleep(for: pause)
                attempt += 1
            }
        }
    }

    /// Retries of calls the server never started, beyond the retry policy.
    static let maxTransparentRetries = 3

    private func unaryAttempt(
        _ method: MethodDescriptor, _ request: ByteBuffer, options: CallOptions, deadline: ContinuousClock.Instant?
    ) async throws -> ClientResponse<ByteBuffer> {
        var options = options
        if let deadline { options.timeout = deadline - .now }
        let allocator = ByteBufferAllocator()
        let call = try await open(method, options: options, deadline: deadline, allocator: allocator,
                                  request: ClientCall.frame(encoded: request, allocator: allocator))
        return try await withTaskCancellationHandler {
            try await Self.singleResponse(call)
        } onCancel: {
            call.cancel()
        }
    }

    /// Calls a server-streaming method; `body` reads the responses.
    nonisolated(nonsending) public func serverStreaming<Request: ProtoMessage, Response: ProtoMessage, Result: Sendable>(
        _ method: MethodDescriptor, _ request: Request, options: CallOptions = .init(),
        _ body: (ClientResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        try await serverStreaming(method, framed: { ClientCall.frame(request, allocator: $0) }, options: options) { call in
            try await body(ClientResponseStream(call: call) { buffer throws(RPCError) in try Response.decode(buffer) })
        }
    }

    /// Calls a server-streaming method with a request already encoded
    /// (protobuf binary, unframed); `body` reads the responses' encodings unread.
    nonisolated(nonsending) public func serverStreaming<Result: Sendable>(
        _ method: MethodDescriptor, encoded request: ByteBuffer, options: CallOptions = .init(),
        _ body: (ClientResponseStream<ByteBuffer>) async throws -> Result
    ) async throws -> Result {
        try await serverStreaming(method, framed: { ClientCall.frame(encoded: request, allocator: $0) },
                                  options: options) { call in
            try await body(ClientResponseStream(call: call) { buffer throws(RPCError) in buffer })
        }
    }

    nonisolated(nonsending) private func serverStreaming<Result: Sendable>(
        _ method: MethodDescriptor, framed: (ByteBufferAllocator) -> ByteBuffer, options: CallOptions,
        _ body: (ClientCall) async throws -> Result
    ) async throws -> Result {
        let allocator = ByteBufferAllocator()
        let call = try await open(method, options: options, deadline: options.effectiveTimeout.map { .now + $0 },
                                  allocator: allocator, request: framed(allocator))
        return try await withTaskCancellationHandler {
            defer { call.cancel() }  // a no-op when the call has ended
            return try await body(call)
        } onCancel: {
            call.cancel()
        }
    }

    /// Calls a client-streaming method; `requests` sends them, then the response is awaited.
    nonisolated(nonsending) public func clientStreaming<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: MethodDescriptor, options: CallOptions = .init(),
        _ requests: (RequestSender<Request>) async throws -> Void
    ) async throws -> ClientResponse<Response> {
        let call = try await open(method, options: options, deadline: options.effectiveTimeout.map { .now + $0 })
        return try await withTaskCancellationHandler {
            do {
                try await requests(RequestSender(call: call))
            } catch {
                call.cancel()
                throw error
            }
            call.finishSending()
            return try await Self.singleResponse(call).decoded()
        } onCancel: {
            call.cancel()
        }
    }

    /// Calls a bidirectional method; `body` sends and reads concurrently as it likes.
    /// The request side ends when `body` calls `finish()` or returns.
    nonisolated(nonsending) public func bidirectionalStreaming<Request: ProtoMessage, Response: ProtoMessage, Result: Sendable>(
        _ method: MethodDescriptor, options: CallOptions = .init(),
        _ body: (RequestSender<Request>, ClientResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let call = try await open(method, options: options, deadline: options.effectiveTimeout.map { .now + $0 })
        return try await withTaskCancellationHandler {
            defer { call.cancel() }
            let result = try await body(RequestSender(call: call), ClientResponseStream(call: call) { buffer throws(RPCError) in
                try Response.decode(buffer)
            })
            call.finishSending()
            return result
        } onCancel: {
            call.cancel()
        }
    }

    /// Opens a call on a connection picked for it. With `request` (the one request message, framed), the
    /// request side is sent and ended with the headers, in one write.
    private func open(_ method: MethodDescriptor, options: CallOptions, deadline: ContinuousClock.Instant?,
                      allocator: ByteBufferAllocator = .init(), request: ByteBuffer? = nil) async throws -> ClientCall {
        let connection = try await pick(deadline: deadline)
        var options = options
        for entry in configuration.metadata where !options.metadata.contains(where: { $0.name == entry.name }) {
            switch entry.value {
            case .string(let value): options.metadata.add(entry.name, value)
            case .binary(let value): options.metadata.add(entry.name, binary: value)
            }
        }
        return ClientCall(connection: connection, method: method, options: options, allocator: allocator,
                          request: request, end: request != nil)
    }

    static func singleResponse(_ call: ClientCall) async throws -> ClientResponse<ByteBuffer> {
        var initial = Metadata()
        var response: ByteBuffer?
        while let event = await call.events.next() {
            switch event {
            case .headers(let metadata):
                initial = metadata
            case .message(let buffer):
                guard response == nil else {
                    call.cancel()
                    throw RPCError(.internal, "more than one response message for a single-response method")
                }
                response = buffer
            case .end(let status, let trailers):
                if var status {
                    status.metadata = trailers
                    throw status
                }
                guard let response else { throw RPCError(.internal, "the server sent no response message") }
                return ClientResponse(message: response, initialMetadata: initial, trailingMetadata: trailers)
            }
        }
        throw RPCError(.cancelled, "the call was cancelled")
    }
}

extension ClientResponse<ByteBuffer> {
    /// The response with its message decoded as `Response`.
    func decoded<Response: ProtoMessage>() throws(RPCError) -> ClientResponse<Response> {
        do {
            return ClientResponse<Response>(message: try Response.decode(message), initialMetadata: initialMetadata,
                                            trailingMetadata: trailingMetadata)
        } catch {
            throw RPCError(.internal, "cannot decode the response: \(error.message)")
        }
    }
}
