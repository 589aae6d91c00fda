/// A database failure: what kind, Postgres's SQLSTATE when it sent one, and
/// its message. Services map it to gRPC statuses (unique violation to
/// ALREADY_EXISTS, check violation to INVALID_ARGUMENT, lost connection and
/// timeouts to UNAVAILABLE) through the predicates below.
public struct PostgresError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case connectionFailed, connectionLost, connectionUnavailable, server, poolTimeout, poolClosed, decoding, invalidParameter, protocolError
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A connection could not be opened.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke (server restart, network cut) during or before the statement.
        public static let connectionLost = Code(.connectionLost)
        /// The connection was found closed before the statement was sent: it did not run.
        public static let connectionUnavailable = Code(.connectionUnavailable)
        /// The server refused the statement; see ``PostgresError/sqlState``.
        public static let server = Code(.server)
        /// No connection became free within the pool's acquire timeout.
        public static let poolTimeout = Code(.poolTimeout)
        /// The pool was shut down.
        public static let poolClosed = Code(.poolClosed)
        /// A result value could not be decoded as the requested Swift type.
        public static let decoding = Code(.decoding)
        /// A parameter could not be encoded.
        public static let invalidParameter = Code(.invalidParameter)
        /// libpq reported something unexpected (pipeline out of sync, ...).
        public static let protocolError = Code(.protocolError)

        public var description: String {
            switch base {
            case .connectionFailed: "connection failed"
            case .connectionLost: "connection lost"
            case .connectionUnavailable: "connection unavailable"
            case .server: "server error"
            case .poolTimeout: "timed out waiting for a connection"
            case .poolClosed: "pool closed"
            case .decoding: "decoding failed"
            case .invalidParameter: "invalid parameter"
            case .protocolError: "protocol error"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE, such as `23505`, for server errors.
    public var sqlState: String?
    /// The primary message.
    public var message: String
    /// The constraint that failed, for integrity violations.
    public var constraint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, sqlState: String? = nil, constraint: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
    }

    /// The SQLSTATE class (its first two characters), such as `23` for integrity violations.
    public var sqlStateClass: Substring? { sqlState?.prefix(2) }

    /// 23505: a unique constraint or index would be violated.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23514: a CHECK constraint failed.
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// 23503: a foreign key points nowhere.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 40001 or 40P01: the transaction lost a race and may be retried.
    public var isRetryableConflict: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// 57014: cancelled, usually by `statement_timeout`.
    public var isStatementTimeout: Bool { sqlState == "57014" }
    /// The connection is gone (class 08, or libpq saw it break).
    public var isConnectionLost: Bool {
        code == .connectionLost || code == .connectionFailed || code == .connectionUnavailable || sqlStateClass == "08"
            || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        return text
    }
}
