/// Reads the protobuf binary encoding field by field without decoding it
/// into a message: enough to find a few fields in a request the gateway
/// forwards unread, and to read descriptors. Every read is bounds-checked;
/// malformed input is an error, never a trap.
struct ProtoScanner {
    /// One field as it appears on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64
        case fixed32
        case bytes(ArraySlice<UInt8>)
    }

    /// Why the bytes are not a protobuf encoding.
    struct Malformed: Error, Hashable {
        var reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The next field's number and value, or nil at the end.
    mutating func next() throws(Malformed) -> (number: UInt64, value: Value)? {
        guard index < bytes.endIndex else { return nil }
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else { throw Malformed(reason: "field number \(number) out of range") }
        switch key & 7 {
        case 0:
            return (number, .varint(try varint()))
        case 1:
            try skip(8)
            return (number, .fixed64)
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else {
                throw Malformed(reason: "field \(number) is longer than the message")
            }
            let start = index
            index += Int(length)
            return (number, .bytes(bytes[start..<index]))
        case 5:
            try skip(4)
            return (number, .fixed32)
        default:
            throw Malformed(reason: "field \(number) has wire type \(key & 7), which proto3 messages do not use")
        }
    }

    private mutating func skip(_ count: Int) throws(Malformed) {
        guard bytes.endIndex - index >= count else { throw Malformed(reason: "truncated fixed-size field") }
        index += count
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 { throw Malformed(reason: "varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed(reason: "truncated varint")
    }
}
