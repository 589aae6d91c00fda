/// Limits the decoder enforces on untrusted input.
public struct DecodingOptions: Hashable, Sendable {
    /// The deepest nesting of messages accepted (the outermost message is depth 1).
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxMessageSize: Int

    /// Creates options.
    public init(maxDepth: Int = 64, maxMessageSize: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxMessageSize = maxMessageSize
    }

    /// 64 levels and 64 MiB: roomy for Baton's messages, small enough for a server.
    public static let `default` = DecodingOptions()
}
