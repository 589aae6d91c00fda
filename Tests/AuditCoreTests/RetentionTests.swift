import AuditCore
import Foundation
import Testing
import Wire

/// The months sealing keys cover and which of them a retention lets go,
/// as plain functions of dates.
@Suite("Retention")
struct RetentionTests {
    /// A UTC instant from its parts.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    @Test("the period of a record_time is its UTC calendar month, edges included")
    func periodOfRecordTime() {
        #expect(SealingPeriod(containing: Self.utc(2026, 12, 6, 5, 30)) == SealingPeriod(year: 2026, month: 12))
        #expect(SealingPeriod(containing: Self.utc(2026, 12, 1)) == SealingPeriod(year: 2026, month: 12))
        #expect(SealingPeriod(containing: Self.utc(2026, 11, 30, 23, 59, 59)) == SealingPeriod(year: 2026, month: 11))
        #expect(SealingPeriod(containing: Self.utc(2024, 2, 29, 12)) == SealingPeriod(year: 2024, month: 2))
        #expect(SealingPeriod(containing: Self.utc(2000, 3, 1)) == SealingPeriod(year: 2000, month: 3))
        #expect(SealingPeriod(containing: Date(timeIntervalSince1970: -1)) == SealingPeriod(year: 1969, month: 12))
        // Just before midnight UTC, whatever the local zone would say.
        #expect(SealingPeriod(containing: Self.utc(2027, 1, 1).addingTimeInterval(-0.001)) == SealingPeriod(year: 2026, month: 12))
    }

    @Test("every day from 1960 to 2100 lands in the month Foundation's UTC calendar gives it")
    func periodAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = Self.utc(1960, 1, 1, 12)
        let end = Self.utc(2100, 1, 1)
        var mismatches: [Date] = []
        while day < end {
            let parts = calendar.dateComponents([.year, .month], from: day)
            if SealingPeriod(containing: day) != SealingPeriod(year: parts.year!, month: parts.month!) { mismatches.append(day) }
            day.addTimeInterval(86_400)
        }
        #expect(mismatches.isEmpty)
    }

    @Test("a period's start, end, neighbours and texts")
    func periodBounds() {
        let december = SealingPeriod(year: 2026, month: 12)
        #expect(december.start == Self.utc(2026, 12, 1))
        #expect(december.end == Self.utc(2027, 1, 1))
        #expect(december.next == SealingPeriod(year: 2027, month: 1))
        #expect(SealingPeriod(year: 2027, month: 1).previous == december)
        #expect(SealingPeriod(year: 2024, month: 2).end == Self.utc(2024, 3, 1))
        #expect(december.description == "2026-12")
        #expect(SealingPeriod(year: 2026, month: 3).firstDay == "2026-03-01")
        #expect(SealingPeriod(firstDay: "2026-03-01") == SealingPeriod(year: 2026, month: 3))
        #expect(SealingPeriod(firstDay: "2026-03-02") == nil)
        #expect(SealingPeriod(firstDay: "2026-13-01") == nil)
        #expect(SealingPeriod(firstDay: "2026-3-01") == nil)
        #expect(SealingPeriod(year: 2026, month: 11) < december && december < december.next)
    }

    @Test("a month is past retention once it ended more than the retention ago")
    func pastRetention() {
        let days30: Int64 = 30 * 86_400
        let october = SealingPeriod(year: 2026, month: 10)
        let november = SealingPeriod(year: 2026, month: 11)
        let now = Self.utc(2026, 12, 6, 5, 30)
        // October ended on Nov 1, 35 days before; November on Dec 1, 5 days before.
        #expect(RetentionRule.isPast(october, retention: days30, now: now))
        #expect(!RetentionRule.isPast(november, retention: days30, now: now))
        #expect(!RetentionRule.isPast(SealingPeriod(year: 2026, month: 12), retention: 86_400, now: now))
        #expect(RetentionRule.firstKept(retention: days30, now: now) == november)
        // One day: November ended 5 days ago, so only December is kept; 10 days: November too; 40 days: October too.
        #expect(RetentionRule.firstKept(retention: 86_400, now: now) == november.next)
        #expect(RetentionRule.isPast(november, retention: 86_400, now: now))
        #expect(RetentionRule.firstKept(retention: 10 * 86_400, now: now) == november)
        #expect(RetentionRule.firstKept(retention: 40 * 86_400, now: now) == october)
        // Exactly the retention ago is not more than it: October stays until the next instant.
        let exactly = Self.utc(2026, 11, 1).addingTimeInterval(TimeInterval(days30))
        #expect(!RetentionRule.isPast(october, retention: days30, now: exactly))
        #expect(RetentionRule.firstKept(retention: days30, now: exactly) == october)
        #expect(RetentionRule.isPast(october, retention: days30, now: exactly.addingTimeInterval(1)))
        #expect(RetentionRule.firstKept(retention: days30, now: exactly.addingTimeInterval(1)) == november)
    }

    @Test("firstKept splits the months exactly where isPast does")
    func firstKeptAgreesWithIsPast() {
        var disagreements: [String] = []
        for retention: Int64 in [86_400, 86_400 * 28, 86_400 * 31, 86_400 * 90, 86_400 * 365 + 3_600] {
            var now = Self.utc(2025, 1, 1)
            while now < Self.utc(2027, 1, 1) {
                let first = RetentionRule.firstKept(retention: retention, now: now)
                if RetentionRule.isPast(first, retention: retention, now: now) || !RetentionRule.isPast(first.previous, retention: retention, now: now) {
                    disagreements.append("\(retention) at \(now)")
                }
                now.addTimeInterval(86_400 / 2 + 1)
            }
        }
        #expect(disagreements.isEmpty)
    }

    @Test("retention texts parse to seconds; anything else is refused")
    func parsing() {
        #expect(RetentionRule.seconds(parsing: "90d") == 7_776_000)
        #expect(RetentionRule.seconds(parsing: "36h") == 129_600)
        #expect(RetentionRule.seconds(parsing: "3600s") == 3_600)
        #expect(RetentionRule.seconds(parsing: "90") == nil)
        #expect(RetentionRule.seconds(parsing: "d") == nil)
        #expect(RetentionRule.seconds(parsing: "-1d") == nil)
        #expect(RetentionRule.seconds(parsing: "9223372036854775807d") == nil)
        #expect(RetentionRule.text(7_776_000) == "7776000s")
        #expect(RetentionRule.text(nil) == "forever")
    }

    @Test("SetRetention requests: bad input names its field")
    func validation() throws {
        func request(_ edit: (inout AuditV1.SetRetentionRequest) -> Void) -> AuditV1.SetRetentionRequest {
            var request = AuditV1.SetRetentionRequest.with {
                $0.tenantID = "acme"
                $0.retention = .with { $0.seconds = 90 * 86_400 }
            }
            edit(&request)
            return request
        }
        func field(_ request: AuditV1.SetRetentionRequest) -> String? {
            do {
                _ = try RecordValidator.validate(request)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(try RecordValidator.validate(request { _ in }) == 90 * 86_400)
        #expect(try RecordValidator.validate(request { $0.retention = nil; $0.keepForever = true }) == nil)
        #expect(field(request { $0.tenantID = "" }) == "tenant_id")
        #expect(field(request { $0.retention = nil }) == "retention")
        #expect(field(request { $0.keepForever = true }) == "retention")
        #expect(field(request { $0.retention = .with { $0.seconds = 86_399 } }) == "retention")
        #expect(field(request { $0.retention = .with { $0.seconds = RetentionRule.maximumSeconds + 1 } }) == "retention")
        #expect(field(request { $0.retention = .with { $0.seconds = 86_400; $0.nanos = 5 } }) == "retention")
        #expect(field(request { $0.retention = .with { $0.seconds = -86_400 } }) == "retention")
        #expect(field(request { $0.requestedBy = .with { $0.principalID = "x" } }) == "requested_by.kind")
        #expect(field(request { $0.idempotencyKey = String(repeating: "k", count: 10_000) }) == "idempotency_key")
        #expect(field(request { _ in }) == nil)
    }

    @Test("an entry opens with any of the keys given, tried in order; a retention change is refused on Append")
    func candidateKeys() throws {
        let builder = EntryBuilder(pseudonymizer: Pseudonymizer(key: Array(repeating: 7, count: 32), version: 1))
        let record = AuditV1.AuditRecord.with {
            $0.tenantID = "acme"
            $0.kind = .turnDecision
            $0.rationale = "secret"
            $0.decision = "D"
        }
        let key = try Sealer.randomKey()
        let sealed = try builder.entry(of: record, index: 1, recordTime: Self.utc(2026, 1, 5), owner: "", keyVersion: 1, key: key)
        #expect(EntryBuilder.record(of: sealed, leafHash: [], keys: [try Sealer.randomKey(), key]).rationale == "secret")
        #expect(EntryBuilder.record(of: sealed, leafHash: [], keys: [try Sealer.randomKey()]).detailsUnreadable)
        var retention = record
        retention.kind = .retentionChanged
        retention.performedBy = .with { $0.kind = .service; $0.principalID = "x" }
        retention.decideTime = .init(date: Self.utc(2026, 1, 5))
        #expect(throws: InvalidRecord(field: "record.kind", reason: "RECORD_KIND_RETENTION_CHANGED is appended by SetRetention only")) {
            try RecordValidator.validate(retention, idempotencyKey: "k")
        }
    }
}
