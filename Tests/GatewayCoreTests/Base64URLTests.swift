import Testing
@testable import GatewayCore

@Suite struct Base64URLTests {
    @Test func everyLengthRoundTrips() {
        var bytes: [UInt8] = []
        for length in 0..<40 {
            let text = Base64URL.encode(bytes)
            #expect(text.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(text.utf8) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: length &* 37 &+ 200))
        }
    }

    @Test(arguments: ["A", "AB", "AAB", "AA==", "AA=", "+/+/", "A A=", "AAAAA", "AA\n"])
    func onlyStrictUnpaddedBase64URLIsRead(_ text: String) {
        #expect(Base64URL.decode(text.utf8) == nil)
    }

    @Test func unusedBitsThatAreZeroAreRead() {
        #expect(Base64URL.decode("AA".utf8) == [0])
        #expect(Base64URL.decode("AAE".utf8) == [0, 1])
        #expect(Base64URL.decode("-_8".utf8) == [0xFB, 0xFF])
    }
}
