/// What the JSON decoder accepts.
public struct JSONDecodingOptions: Hashable, Sendable {
    /// Skip members no field is named after instead of rejecting them.
    public var ignoreUnknownFields: Bool
    /// The deepest nesting of objects and arrays accepted (the outermost object is depth 1).
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxMessageSize: Int

    /// Creates options.
    public init(ignoreUnknownFields: Bool = false, maxDepth: Int = 64, maxMessageSize: Int = 64 << 20) {
        self.ignoreUnknownFields = ignoreUnknownFields
        self.maxDepth = maxDepth
        self.maxMessageSize = maxMessageSize
    }

    /// Unknown fields rejected, 64 levels, 64 MiB: the same limits as the binary decoder.
    public static let `default` = JSONDecodingOptions()
}
