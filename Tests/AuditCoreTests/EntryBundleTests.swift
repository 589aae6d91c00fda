import AuditCore
import Testing

/// Entry bundles: big-endian uint16 length-prefixed entries.
@Suite("Entry bundles")
struct EntryBundleTests {
    @Test("entries round-trip, lengths are big-endian")
    func roundTrip() throws {
        let entries: [[UInt8]] = [[], [0x41], Array(repeating: 7, count: 300), Array(repeating: 1, count: 65_535)]
        let bundle = try EntryBundle.encode(entries)
        #expect(Array(bundle.prefix(5)) == [0x00, 0x00, 0x00, 0x01, 0x41])
        #expect(Array(bundle[5..<7]) == [0x01, 0x2C])  // 300
        #expect(bundle.count == entries.reduce(0) { $0 + 2 + $1.count })
        #expect(try EntryBundle.decode(bundle) == entries)
        #expect(try EntryBundle.decode(bundle, width: 4) == entries)
    }

    @Test("truncated, over-long and miscounted bundles are refused")
    func refused() throws {
        let bundle = try EntryBundle.encode([[1, 2, 3], [4]])
        for cut in 1..<bundle.count {
            #expect(throws: TileError.self, "cut at \(cut)") { try EntryBundle.decode(Array(bundle.prefix(cut)), width: 2) }
        }
        #expect(throws: TileError.self) { try EntryBundle.decode(bundle + [0x00], width: 2) }
        #expect(throws: TileError.self) { try EntryBundle.decode(bundle, width: 3) }
        #expect(throws: TileError.self) { try EntryBundle.encode([Array(repeating: 0, count: 65_536)]) }
        #expect(throws: TileError.self) { try EntryBundle.encode(Array(repeating: [1], count: 257)) }
    }
}
