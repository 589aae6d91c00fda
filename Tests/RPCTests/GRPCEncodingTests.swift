import NIOCore
@testable import RPC
import Testing

/// The small gRPC encodings: timeouts, status messages, binary metadata, framing.
@Suite("gRPC encodings")
struct GRPCEncodingTests {
    @Test("grpc-timeout parses every unit and refuses malformed values", arguments: [
        ("1H", Duration?.some(.seconds(3600))), ("2M", .seconds(120)), ("3S", .seconds(3)), ("250m", .milliseconds(250)),
        ("7u", .microseconds(7)), ("9n", .nanoseconds(9)), ("99999999S", .seconds(99_999_999)),
        ("", nil), ("S", nil), ("10", nil), ("123456789S", nil), ("-1S", nil), ("1x", nil), ("1.5S", nil),
    ] as [(String, Duration?)])
    func timeoutParsing(_ header: String, _ expected: Duration?) {
        #expect(GRPCTimeout.parse(header) == expected)
    }

    @Test("grpc-timeout is written rounded up in the coarsest unit it holds a thousand of")
    func timeoutFormatting() {
        #expect(GRPCTimeout.format(.milliseconds(250)) == "250000u")
        #expect(GRPCTimeout.format(.nanoseconds(1)) == "1n")
        #expect(GRPCTimeout.format(.seconds(3600 * 24)) == "1440M")
        // A fixed timeout renders the same although a little of it has passed (rounded up, at most 0.1 % more).
        #expect(GRPCTimeout.format(.seconds(30) - .microseconds(37)) == "30000m")
        #expect(GRPCTimeout.format(.milliseconds(999)) == "999000u")
        #expect(GRPCTimeout.format(.nanoseconds(999)) == "999n")
        #expect(GRPCTimeout.format(.zero) == "0n")
        #expect(GRPCTimeout.format(.seconds(3600 * 1_000_000)) == "1000000H")
        #expect(GRPCTimeout.parse(GRPCTimeout.format(.milliseconds(1234))) == .milliseconds(1234))
    }

    @Test("grpc-message percent-encoding round-trips and leaves malformed escapes alone")
    func percentEncoding() {
        let message = "Überprüfung ✗ 100% done\n"
        let encoded = PercentEncoding.encode(message)
        #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(encoded.contains("100%25"))
        #expect(PercentEncoding.decode(encoded) == message)
        #expect(PercentEncoding.decode("50%zz%4") == "50%zz%4")
    }

    @Test("-bin values: base64 written unpadded, read padded or not")
    func base64() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let encoded = Base64.encode(bytes)
            #expect(!encoded.hasSuffix("="))
            #expect(Base64.decode(encoded) == bytes)
            let padded = encoded + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
            #expect(Base64.decode(padded) == bytes)
        }
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("ab!d") == nil)
    }

    @Test("metadata from headers skips reserved names and decodes -bin values")
    func metadataFromHeaders() {
        let metadata = Metadata(headers: [
            HeaderField(name: ":path", value: "/x/y"), HeaderField(name: "content-type", value: "application/grpc"),
            HeaderField(name: "grpc-timeout", value: "1S"), HeaderField(name: "x-user", value: "ada"),
            HeaderField(name: "x-blob-bin", value: "AAEC"), HeaderField(name: "x-bad-bin", value: "!!"),
        ])
        #expect(metadata.count == 2)
        #expect(metadata["x-user"] == "ada")
        #expect(metadata.binary("x-blob-bin") == [0, 1, 2])
        var headers: [HeaderField] = []
        metadata.append(to: &headers)
        #expect(headers == [HeaderField(name: "x-user", value: "ada"), HeaderField(name: "x-blob-bin", value: "AAEC")])
    }

    @Test("the deframer splits messages across any chunking and enforces the size limit")
    func deframing() throws {
        var stream = ByteBuffer()
        for size in [0, 1, 300, 70_000] {
            stream.writeInteger(UInt8(0))
            stream.writeInteger(UInt32(size))
            stream.writeRepeatingByte(7, count: size)
        }
        for chunk in [1, 3, 1000, stream.readableBytes] {
            var deframer = MessageDeframer(maxMessageSize: 100_000)
            var sizes: [Int] = []
            var rest = stream
            while let piece = rest.readSlice(length: min(chunk, rest.readableBytes)) {
                deframer.append(piece)
                while let message = try deframer.next() { sizes.append(message.readableBytes) }
                if rest.readableBytes == 0 { break }
            }
            #expect(sizes == [0, 1, 300, 70_000], "chunk \(chunk)")
            #expect(!deframer.hasPartialFrame)
        }
        var strict = MessageDeframer(maxMessageSize: 1000)
        strict.append(stream)
        _ = try strict.next()
        _ = try strict.next()
        _ = try strict.next()
        #expect(throws: MessageDeframer.Failure.messageTooLarge(length: 70_000, limit: 1000)) { try strict.next() }
    }
}
