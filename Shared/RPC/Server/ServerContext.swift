public import Logging
import Synchronization

/// What a handler knows about its call, and how it sets response metadata.
public struct ServerContext: Sendable {
    /// The method called.
    public let method: MethodDescriptor
    /// The request metadata.
    public let metadata: Metadata
    /// When the client stops waiting, if it set a deadline (moved earlier
    /// inside ``reserving(_:operation:)``).
    public private(set) var deadline: ContinuousClock.Instant?
    /// The client's address, for logs.
    public let peer: String
    /// The client's `x-request-id`, or one made up for this call.
    public let requestID: String
    /// The W3C trace id from a `traceparent` header, if the client sent one.
    public let traceID: String?
    let response: ResponseMetadata
    private let baseLogger: Logger

    init(method: MethodDescriptor, metadata: Metadata, deadline: ContinuousClock.Instant?, peer: String, logger: Logger) {
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
        self.requestID = metadata["x-request-id"] ?? Self.nextRequestID()
        self.traceID = metadata["traceparent"].flatMap(Self.traceID(fromTraceparent:))
        self.response = ResponseMetadata()
        self.baseLogger = logger
    }

    /// Request ids made up here: a random start, then one more per call. Unique within the process
    /// and, with 64 random bits, across processes; cheaper than a system random number per call
    /// (a getrandom system call).
    private static let requestIDs = Atomic<UInt64>(UInt64.random(in: 0...UInt64.max))

    private static func nextRequestID() -> String {
        String(requestIDs.add(1, ordering: .relaxed).newValue, radix: 16)
    }

    /// A logger whose every line carries the method, request id and trace id.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "rpc"] = "\(method.path)"
        logger[metadataKey: "request-id"] = "\(requestID)"
        if let traceID { logger[metadataKey: "trace-id"] = "\(traceID)" }
        return logger
    }

    /// `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`.
    static func traceID(fromTraceparent header: String) -> String? {
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[1].count == 32, parts[1].allSatisfy(\.isHexDigit),
              parts[1] != Substring(String(repeating: "0", count: 32)) else { return nil }
        return String(parts[1])
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

    /// Runs `operation` with the current call's deadline moved `reserve`
    /// earlier, so that the outgoing calls it makes end in time for the
    /// handler to store and send its answer before the client stops
    /// waiting. Without a current call or deadline it runs as it is.
    public static func reserving<Result: Sendable>(_ reserve: Duration,
                                                   operation: () async throws -> Result) async rethrows -> Result {
        guard var context = current, let deadline = context.deadline else { return try await operation() }
        context.deadline = deadline - reserve
        return try await $current.withValue(context, operation: operation)
    }
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
    var snapshot: ResponseMetadataSnapshot {
        state.withLock { ResponseMetadataSnapshot(initial: $0.initial, trailing: $0.trailing) }
    }
}
