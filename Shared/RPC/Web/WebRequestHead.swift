/// An HTTP request's method, path and headers, from HTTP/1.1 or HTTP/2 alike.
public struct WebRequestHead: Hashable, Sendable {
    /// `POST`, `OPTIONS`, ...
    public var method: String
    /// The request target, such as `/baton.router.v1.Router/Enqueue`.
    public var path: String
    /// The headers with lower-case names, pseudo-headers left out.
    public var headers: [HeaderField]

    /// Creates a request head.
    public init(method: String, path: String, headers: [HeaderField]) {
        self.method = method
        self.path = path
        self.headers = headers
    }
}
