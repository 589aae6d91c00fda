/// A service's own GET endpoint on the admin port, such as the audit log's
/// checkpoints and tiles: every path that starts with `prefix` goes to
/// `handler`, which runs off the event loop (it may read the database).
public struct AdminRoute: Sendable {
    /// The path prefix, such as "/audit/".
    public let prefix: String
    /// Answers a path (without the query string).
    public let handler: @Sendable (String) async -> AdminResponse

    /// A route for paths under `prefix`.
    public init(prefix: String, handler: @escaping @Sendable (String) async -> AdminResponse) {
        self.prefix = prefix
        self.handler = handler
    }
}

/// The answer of an ``AdminRoute``.
public struct AdminResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Content type.
    public var contentType: String
    /// The body.
    public var body: [UInt8]
    /// `Cache-Control`, when the content may be cached (immutable tiles).
    public var cacheControl: String?

    /// A response.
    public init(status: Int, contentType: String = "application/octet-stream", body: [UInt8], cacheControl: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.cacheControl = cacheControl
    }

    /// A plain-text response, such as an error.
    public static func text(_ status: Int, _ text: String) -> AdminResponse {
        AdminResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }
}
