/// Which browser origins may call the server (CORS), and the headers that
/// grant them: preflight answers, and the response headers a browser script
/// may read (`grpc-status`, `grpc-message`, Connect's headers).
public struct CORSPolicy: Hashable, Sendable {
    /// Allowed origins, such as `https://console.example.com`; `*` allows any.
    /// Empty: no cross-origin browser calls.
    public var allowedOrigins: [String]
    /// How long a browser may cache a preflight answer, seconds.
    public var maxAge: Int

    /// Creates a policy.
    public init(allowedOrigins: [String] = [], maxAge: Int = 7200) {
        self.allowedOrigins = allowedOrigins
        self.maxAge = maxAge
    }

    /// Response headers a browser script needs to read.
    static let exposedHeaders = "grpc-status, grpc-message, grpc-status-details-bin, grpc-encoding, "
        + "connect-content-encoding, connect-accept-encoding, content-encoding, content-length"

    /// Whether a request from `origin` may be answered to a browser.
    public func allows(_ origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains(origin)
    }

    /// The headers added to a response to a request with an allowed `Origin`.
    func responseHeaders(origin: String?) -> [HeaderField] {
        guard let origin, allows(origin) else { return [] }
        return [HeaderField(name: "access-control-allow-origin", value: origin),
                HeaderField(name: "access-control-expose-headers", value: Self.exposedHeaders),
                HeaderField(name: "vary", value: "Origin")]
    }

    /// The answer to a preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`): 204 granting POST and the requested
    /// headers, or 403 for an origin not allowed.
    func preflight(origin: String, requestHeaders: String?) -> (status: Int, headers: [HeaderField]) {
        guard allows(origin) else { return (403, [HeaderField(name: "vary", value: "Origin")]) }
        var headers = [HeaderField(name: "access-control-allow-origin", value: origin),
                       HeaderField(name: "access-control-allow-methods", value: "POST, GET"),
                       HeaderField(name: "access-control-max-age", value: String(maxAge)),
                       HeaderField(name: "vary", value: "Origin")]
        if let requestHeaders, !requestHeaders.isEmpty {
            headers.append(HeaderField(name: "access-control-allow-headers", value: requestHeaders))
        }
        return (204, headers)
    }
}
