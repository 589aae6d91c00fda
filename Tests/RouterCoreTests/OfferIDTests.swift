import Foundation
import RouterCore
import Testing

/// Offer ids: version 7 layout, time order, no collisions.
@Suite("Offer ids")
struct OfferIDTests {
    /// Always the same bits: the layout is checked byte by byte.
    struct FixedBits: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    @Test("the time comes first, then the version and variant over random bits")
    func layout() {
        var ones = FixedBits(value: .max)
        // 2026-11-23T00:00:00.500Z
        let date = Date(timeIntervalSince1970: 1_795_392_000.5)
        let id = OfferID.make(at: date, using: &ones)
        #expect(id.uuidString.lowercased() == "01a205b3-d1f4-7fff-bfff-ffffffffffff")
        var zeros = FixedBits(value: 0)
        #expect(OfferID.make(at: date, using: &zeros).uuidString.lowercased() == "01a205b3-d1f4-7000-8000-000000000000")
    }

    @Test("ids of later offers sort after earlier ones, as Postgres compares uuids")
    func timeOrder() {
        let start = Date(timeIntervalSince1970: 1_795_392_000)
        // Two milliseconds apart: a Double of seconds may land a hair under its millisecond.
        let ids = (0..<200).map { OfferID.make(at: start.addingTimeInterval(Double($0) * 0.002)) }
        let texts = ids.map { $0.uuidString.lowercased() }
        #expect(texts == texts.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test("a thousand ids in one millisecond are distinct")
    func sameMillisecond() {
        let date = Date(timeIntervalSince1970: 1_795_392_000)
        #expect(Set((0..<1000).map { _ in OfferID.make(at: date) }).count == 1000)
    }
}
