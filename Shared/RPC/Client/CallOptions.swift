/// Per-call settings.
public struct CallOptions: Sendable {
    /// How long the call may take. When the calling task serves a call itself
    /// (``ServerContext/current``), the shorter of this and the time left on
    /// that call's deadline applies, so deadlines propagate across services.
    public var timeout: Duration?
    /// Request metadata.
    public var metadata: Metadata

    /// Creates options.
    public init(timeout: Duration? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }

    /// The timeout to send: ours, or what is left of the call being served, whichever is shorter.
    var effectiveTimeout: Duration? {
        let inherited = ServerContext.current?.remainingTime
        switch (timeout, inherited) {
        case (let own?, let left?): return min(own, left)
        case (let own?, nil): return own
        case (nil, let left?): return left
        case (nil, nil): return nil
        }
    }
}

/// A single response with its metadata.
public struct ClientResponse<Message: Sendable>: Sendable {
    /// The response message.
    public var message: Message
    /// Metadata from the response headers.
    public var initialMetadata: Metadata
    /// Metadata from the trailers.
    public var trailingMetadata: Metadata
}
