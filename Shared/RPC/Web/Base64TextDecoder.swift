public import NIOCore
import Wire

/// Decodes a gRPC-Web text body as it arrives: base64 in pieces cut
/// anywhere, made of padded chunks laid end to end (each message a client
/// sends may be encoded on its own).
public struct Base64TextDecoder: Sendable {
    private var pending: [UInt8] = []

    /// Creates a decoder.
    public init() {}

    /// Decodes what `text` completes; nil when it is not base64.
    public mutating func decode(_ text: ByteBuffer) -> [UInt8]? {
        pending += text.readableBytesView
        var output: [UInt8] = []
        var start = 0
        var index = 0
        // A quantum with padding ends a chunk: decode up to there.
        while index + 4 <= pending.count {
            if pending[index + 3] == UInt8(ascii: "=") {
                guard let bytes = Self.decodeChunk(pending[start..<index + 4]) else { return nil }
                output += bytes
                start = index + 4
            }
            index += 4
        }
        guard let bytes = Self.decodeChunk(pending[start..<index]) else { return nil }
        output += bytes
        pending.removeFirst(index)
        return output
    }

    /// Whether undecoded characters are left (an error once the body ended).
    public var hasPartialQuantum: Bool { !pending.isEmpty }

    private static func decodeChunk(_ chunk: ArraySlice<UInt8>) -> [UInt8]? {
        if chunk.isEmpty { return [] }
        return chunk.withUnsafeBytes { JSONBase64.decode($0) }
    }
}
