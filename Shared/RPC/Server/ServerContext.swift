import Synchronization

/// What a handler knows about its call, and how it sets response metadata.
public struct ServerContext: Sendable {
    /// The method called.
    public let method: MethodDescriptor
    /// The request metadata.
    public let metadata: Metadata
    /// When the client stops waiting, if it set a deadline.
    public let deadline: ContinuousClock.Instant?
    /// The client's address, for logs.
    public let peer: String
    let response: ResponseMetadata

    init(method: MethodDescriptor, metadata: Metadata, deadline: ContinuousClock.Instant?, peer: String) {
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
        self.response = ResponseMetadata()
    }

    /// Time left before the deadline, or nil without one.
    public var remainingTime: Duration? {
        deadline.map { $0 - .now }
    }

    /// Metadata sent with the response headers; set before the first response message.
    public func setInitialMetadata(_ metadata: Metadata) {
        response.state.withLock { $0.initial = metadata }
    }

    /// Metadata sent with the status in the trailers.
    public func setTrailingMetadata(_ metadata: Metadata) {
        response.state.withLock { $0.trailing = metadata }
    }

    /// The context of the call the current task serves, so outgoing calls
    /// inherit its deadline.
    @TaskLocal public static var current: ServerContext?
}

/// Response metadata a handler sets while it runs.
final class ResponseMetadata: Sendable {
    struct State {
        var initial = Metadata()
        var trailing = Metadata()
    }

    let state = Mutex(State())

    var initial: Metadata { state.withLock { $0.initial } }
    var trailing: Metadata { state.withLock { $0.trailing } }
}
