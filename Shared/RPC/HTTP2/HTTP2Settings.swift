/// The SETTINGS we announce, and our receive windows.
public struct HTTP2Settings: Hashable, Sendable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS: streams the peer may open at once.
    public var maxConcurrentStreams: UInt32
    /// SETTINGS_INITIAL_WINDOW_SIZE: per-stream receive window, bytes.
    public var initialWindowSize: UInt32
    /// The connection-level receive window, bytes.
    public var connectionWindowSize: UInt32
    /// SETTINGS_MAX_FRAME_SIZE, bytes (16 KiB to 16 MiB - 1).
    public var maxFrameSize: UInt32
    /// SETTINGS_MAX_HEADER_LIST_SIZE, bytes.
    public var maxHeaderListSize: UInt32

    /// Creates settings; the defaults suit gRPC messages up to a few MiB.
    public init(
        maxConcurrentStreams: UInt32 = 256,
        initialWindowSize: UInt32 = 1 << 20,
        connectionWindowSize: UInt32 = 8 << 20,
        maxFrameSize: UInt32 = 1 << 14,
        maxHeaderListSize: UInt32 = 16 << 10
    ) {
        self.maxConcurrentStreams = maxConcurrentStreams
        self.initialWindowSize = initialWindowSize
        self.connectionWindowSize = connectionWindowSize
        self.maxFrameSize = maxFrameSize
        self.maxHeaderListSize = maxHeaderListSize
    }
}
