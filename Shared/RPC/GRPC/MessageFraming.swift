public import NIOCore
public import Wire

/// gRPC's length-prefixed message framing: 1 byte compressed flag, 4 bytes
/// big-endian length, then the message.
public enum MessageFraming {
    /// Appends `message`, framed, to `buffer`, encoding it in place.
    @inlinable
    public static func write<M: ProtoMessage>(_ message: M, to buffer: inout ByteBuffer) {
        let size = message.encodedSize()
        buffer.reserveCapacity(minimumWritableBytes: 5 + size)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(size))
        buffer.writeProtoMessage(message, size: size)
    }
}

extension ByteBuffer {
    /// Appends the binary encoding of `message` (unframed), `size` being its `encodedSize()`.
    @inlinable
    mutating func writeProtoMessage<Message: ProtoMessage>(_ message: Message, size: Int) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
            var writer = ProtoWriter(buffer: UnsafeMutableRawBufferPointer(rebasing: raw[..<size]))
            message.encode(to: &writer)
            return size
        }
    }
}

/// Splits a stream of DATA bytes into gRPC messages.
public struct MessageDeframer: Sendable {
    /// Why a frame was refused.
    public enum Failure: Error, Hashable, Sendable {
        /// The length prefix is above the limit.
        case messageTooLarge(length: Int, limit: Int)
        /// The compressed flag is set but no `grpc-encoding` was agreed.
        case compressedWithoutEncoding
        /// The stream ended in the middle of a frame.
        case truncated
    }

    private var buffer: ByteBuffer?
    /// The largest message accepted, in bytes.
    public let maxMessageSize: Int

    /// Creates a deframer refusing messages larger than `maxMessageSize`.
    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: ByteBuffer) {
        if buffer == nil || buffer!.readableBytes == 0 {
            buffer = bytes
        } else {
            buffer!.writeImmutableBuffer(bytes)
        }
    }

    /// The next complete message, or nil until more bytes arrive.
    public mutating func next() throws(Failure) -> ByteBuffer? {
        guard var buffer, buffer.readableBytes >= 5 else { return nil }
        let compressed = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        let length = Int(buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)!)
        if compressed != 0 { throw .compressedWithoutEncoding }
        if length > maxMessageSize { throw .messageTooLarge(length: length, limit: maxMessageSize) }
        guard buffer.readableBytes >= 5 + length else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        let message = buffer.readSlice(length: length)!
        self.buffer = buffer.readableBytes == 0 ? nil : buffer
        return message
    }

    /// Whether a partial frame is buffered (an error if the stream has ended).
    public var hasPartialFrame: Bool {
        (buffer?.readableBytes ?? 0) > 0
    }
}
