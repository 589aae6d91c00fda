import Testing
import Wire

/// The codec's primitives, as scripts of bytes in and values out.
@Suite("Codec primitives")
struct CodecTests {
    private func write(_ size: Int, _ body: (inout ProtoWriter) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var writer = ProtoWriter(buffer: UnsafeMutableRawBufferPointer(buffer))
            body(&writer)
            count = size - writer.remaining
        }
    }

    private func read<T>(_ bytes: [UInt8], _ body: (inout ProtoReader) throws(WireError) -> T) throws(WireError) -> T {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(WireError) -> T in
                var reader = ProtoReader(buffer: buffer, maxDepth: 8)
                let value = try body(&reader)
                #expect(reader.isAtEnd, "bytes left over")
                return value
            }
        }.get()
    }

    @Test("varints: sizes and bytes at every length boundary", arguments: [
        (UInt64(0), [0x00] as [UInt8]),
        (1, [0x01]),
        (127, [0x7F]),
        (128, [0x80, 0x01]),
        (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]),
        (16_384, [0x80, 0x80, 0x01]),
        (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ] as [(UInt64, [UInt8])])
    func varint(_ value: UInt64, _ expected: [UInt8]) throws {
        #expect(ProtoSize.varint(value) == expected.count)
        #expect(write(10) { $0.writeVarint(value) } == expected)
        #expect(try read(expected) { r throws(WireError) in try r.readVarint() } == value)
    }

    @Test("negative int32 takes ten bytes and reads back")
    func negativeInt32() throws {
        let bytes = write(10) { $0.writeInt32(-1) }
        #expect(bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(ProtoSize.int32(-1) == 10)
        #expect(try read(bytes) { r throws(WireError) in try r.readInt32() } == -1)
    }

    @Test("zig-zag maps small magnitudes to small varints", arguments: [
        (Int64(0), UInt64(0)), (-1, 1), (1, 2), (-2, 3), (2_147_483_647, 4_294_967_294),
        (-2_147_483_648, 4_294_967_295), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max),
    ] as [(Int64, UInt64)])
    func zigZag(_ value: Int64, _ encoded: UInt64) {
        #expect(ZigZag.encode64(value) == encoded)
        #expect(ZigZag.decode64(encoded) == value)
        if let small = Int32(exactly: value) {
            #expect(UInt64(ZigZag.encode32(small)) == encoded)
            #expect(ZigZag.decode32(UInt32(encoded)) == small)
        }
    }

    @Test("fixed-width values are little-endian")
    func fixedWidth() throws {
        let bytes = write(12) {
            $0.writeFixed32(0x0403_0201)
            $0.writeDouble(1.0)
        }
        #expect(bytes == [0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        let (a, b) = try read(bytes) { r throws(WireError) in (try r.readFixed32(), try r.readDouble()) }
        #expect(a == 0x0403_0201)
        #expect(b == 1.0)
    }

    @Test("strings are length-prefixed UTF-8 and read back")
    func strings() throws {
        let text = "Grüße, 世界 🎧"
        let bytes = write(ProtoSize.string(text)) { $0.writeString(text) }
        #expect(bytes.count == 1 + text.utf8.count)
        #expect(bytes[0] == UInt8(text.utf8.count))
        #expect(try read(bytes) { r throws(WireError) in try r.readString() } == text)
    }

    @Test("UTF-8 validation accepts well-formed and rejects the rest", arguments: [
        ([0x61, 0x62], true),
        ([0xC3, 0xA9], true),                  // é
        ([0xF0, 0x9F, 0x8E, 0xA7], true),      // 🎧
        ([0xEF, 0xBF, 0xBD], true),            // U+FFFD itself
        ([0xC0, 0xAF], false),                 // overlong '/'
        ([0xE0, 0x80, 0xAF], false),           // overlong
        ([0xED, 0xA0, 0x80], false),           // surrogate D800
        ([0xF4, 0x90, 0x80, 0x80], false),     // above U+10FFFF
        ([0xE2, 0x82], false),                 // truncated
        ([0x80], false),                       // lone continuation
        ([0xFF], false),
        (Array("0123456789abcdef".utf8) + [0xC3], false), // bad tail after the ASCII fast path
    ] as [([UInt8], Bool)])
    func utf8(_ bytes: [UInt8], _ valid: Bool) {
        #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) } == valid)
    }

    @Test("a message round-trips with optional presence, oneof, maps, packed and unknown fields")
    func messageRoundTrip() throws {
        var money = CommonV1.Money()
        money.currencyCode = "EUR"
        money.amountMinor = -1999
        let decoded = try CommonV1.Money(serializedBytes: money.serializedBytes())
        #expect(decoded == money)

        // An unknown field (number 99, varint 5) survives decode and re-encode.
        let withUnknown = money.serializedBytes() + [0x98, 0x06, 0x05]
        let kept = try CommonV1.Money(serializedBytes: withUnknown)
        #expect(kept.unknownFields.bytes == [0x98, 0x06, 0x05])
        #expect(kept.containsUnknownFields)
        #expect(kept.serializedBytes() == withUnknown)
    }

    @Test("repeated scalars are read packed and unpacked")
    func packedAndUnpacked() throws {
        // TestingDescriptor has no packed field; use the registry to find a
        // repeated int32 in proto/ and check both layouts decode the same.
        let found = ProtoRegistry.messageTypes.lazy.compactMap { type -> (any ProtoMessage.Type, ProtoField)? in
            type.protoFields.first { $0.type == "repeated int32" || $0.type == "repeated uint32" }.map { (type, $0) }
        }.first
        let (type, field) = try #require(found, "proto/ has no repeated int32/uint32 field")
        let number = UInt8(field.number)
        let packed: [UInt8] = [number << 3 | 2, 3, 1, 2, 3]
        let unpacked: [UInt8] = [number << 3, 1, number << 3, 2, number << 3, 3]
        let a = try type.init(serializedBytes: packed)
        let b = try type.init(serializedBytes: unpacked)
        #expect(!a.containsUnknownFields)
        #expect(a.serializedBytes() == packed)
        #expect(b.serializedBytes() == packed)
    }

    @Test("enum values this build does not know survive a round trip")
    func unknownEnumValue() throws {
        let channel = CommonV1.Channel(rawValue: 4242)
        #expect(channel == .unrecognized(4242))
        #expect(channel.rawValue == 4242)
        if case .unrecognized = CommonV1.Channel(rawValue: 1) {
            Issue.record("a known value decoded as unrecognized")
        }
        // Equality is by wire value, as RawRepresentable defines it.
        #expect(CommonV1.Channel(rawValue: 1) == .chat)
    }
}
