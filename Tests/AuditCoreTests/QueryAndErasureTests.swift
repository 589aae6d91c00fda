import AuditCore
import Foundation
import Testing
import Wire

/// Query's page token and request checks, and entries without details
/// (erasures).
@Suite("Query and erasure")
struct QueryAndErasureTests {
    static let digest = QueryPageToken.digest(ofFilters: ["acme", "-", "asc"])

    @Test("a page token round-trips for its filters", arguments: [UInt64(0), 1, 255, 1 << 40, .max])
    func tokenRoundTrip(index: UInt64) throws {
        let token = QueryPageToken(lastIndex: index, filterDigest: Self.digest)
        #expect(!token.text.contains("=") && !token.text.contains("+") && !token.text.contains("/"))
        #expect(try QueryPageToken.read(token.text, filterDigest: Self.digest).lastIndex == index)
    }

    @Test("a token is refused with other filters or when it is not one", arguments: [
        (QueryPageToken(lastIndex: 9, filterDigest: QueryPageToken.digest(ofFilters: ["acme", "-", "desc"])).text, "other filters"),
        ("", "not a token"), ("not-a-token", "not a token"), ("AQ", "not a token"),
        (String(repeating: "A", count: 200), "not a token"),
    ])
    func tokenRefused(text: String, reason: String) {
        #expect {
            try QueryPageToken.read(text, filterDigest: Self.digest)
        } throws: { error in
            guard let error = error as? InvalidRecord else { return false }
            return error.field == "page_token" && error.reason.contains(reason)
        }
    }

    @Test("the digest separates fields")
    func digestSeparatesFields() {
        #expect(QueryPageToken.digest(ofFilters: ["ab", "c"]) != QueryPageToken.digest(ofFilters: ["a", "bc"]))
        #expect(QueryPageToken.digest(ofFilters: ["a"]).count == 8)
    }

    static func query(_ change: (inout AuditV1.QueryRequest) -> Void) -> AuditV1.QueryRequest {
        var request = AuditV1.QueryRequest.with { $0.tenantID = "acme" }
        change(&request)
        return request
    }

    @Test("page sizes", arguments: [(Int32(0), 100), (1, 1), (1000, 1000)])
    func pageSizes(asked: Int32, used: Int) throws {
        #expect(try RecordValidator.validate(Self.query { $0.pageSize = asked }) == used)
    }

    @Test("bad queries name their field", arguments: [
        (query { $0.tenantID = "" }, "tenant_id"),
        (query { $0.pageSize = 1001 }, "page_size"),
        (query { $0.pageSize = -1 }, "page_size"),
        (query { $0.window = .with { $0.endTime = .init(date: Date(timeIntervalSince1970: 5)) } }, "window.start_time"),
        (query { $0.window = .with { $0.startTime = .init(date: Date(timeIntervalSince1970: 5)); $0.endTime = .init(date: Date(timeIntervalSince1970: 5)) } },
         "window.end_time"),
        (query { $0.kinds = [.turnDecision, .unspecified] }, "kinds[1]"),
        (query { $0.principalID = "a\u{1}b" }, "principal_id"),
        (query { $0.subject = .with { $0.subjectID = "x" } }, "subject.kind"),
        (query { $0.subject = .with { $0.kind = .customer } }, "subject.subject_id"),
        (query { $0.minIndex = 5; $0.maxIndex = 4 }, "max_index"),
    ])
    func badQueries(request: AuditV1.QueryRequest, field: String) {
        #expect {
            _ = try RecordValidator.validate(request)
        } throws: { ($0 as? InvalidRecord)?.field == field }
    }

    @Test("bad erasures name their field", arguments: [
        (AuditV1.EraseCustomerRequest.with { $0.customerID = "c" }, "tenant_id"),
        (.with { $0.tenantID = "acme" }, "customer_id"),
        (.with { $0.tenantID = "acme"; $0.customerID = "c"; $0.requestedBy = .with { $0.principalID = "p" } }, "requested_by.kind"),
        (.with { $0.tenantID = "acme"; $0.customerID = "c"; $0.requestedBy = .with { $0.kind = .supervisor } },
         "requested_by.principal_id"),
        (.with { $0.tenantID = "acme"; $0.customerID = "c"; $0.idempotencyKey = String(repeating: "k", count: 1000) },
         "idempotency_key"),
    ])
    func badErasures(request: AuditV1.EraseCustomerRequest, field: String) {
        #expect {
            try RecordValidator.validate(request)
        } throws: { ($0 as? InvalidRecord)?.field == field }
    }

    @Test("Append refuses the erasure kind")
    func appendRefusesErasures() {
        let record = AuditV1.AuditRecord.with {
            $0.tenantID = "acme"
            $0.kind = .customerErased
        }
        #expect {
            try RecordValidator.validate(record, idempotencyKey: "k")
        } throws: { ($0 as? InvalidRecord)?.field == "record.kind" }
    }

    @Test("an erasure has no details and is never unreadable; a sealed entry without its key is")
    func erasureEntries() throws {
        let builder = EntryBuilder(pseudonymizer: Pseudonymizer(key: Array(repeating: 7, count: 32), version: 1))
        let erasure = AuditV1.AuditRecord.with {
            $0.tenantID = "acme"
            $0.kind = .customerErased
            $0.subjects = [.with { $0.kind = .customer; $0.subjectID = "cust-1" }]
            $0.decision = "CUSTOMER_ERASED"
        }
        #expect(builder.sealingOwner(of: erasure) == nil)
        let entry = try builder.entry(of: erasure, index: 3, recordTime: Date(timeIntervalSince1970: 1), owner: "", keyVersion: 0, key: nil)
        #expect(entry.details == nil)
        #expect(entry.subjects.map(\.subjectID) == [builder.pseudonymizer.pseudonym(kind: "customer", id: "cust-1")])
        #expect(!EntryBuilder.record(of: entry, leafHash: [], keys: []).detailsUnreadable)

        var turn = erasure
        turn.kind = .turnDecision
        turn.rationale = "secret"
        let owner = try #require(builder.sealingOwner(of: turn))
        #expect(owner == entry.subjects[0].subjectID)
        let key = try Sealer.randomKey()
        let sealed = try builder.entry(of: turn, index: 4, recordTime: Date(timeIntervalSince1970: 1), owner: owner, keyVersion: 2, key: key)
        #expect(sealed.details?.keyVersion == 2)
        #expect(EntryBuilder.record(of: sealed, leafHash: [], keys: [key]).rationale == "secret")
        let erased = EntryBuilder.record(of: sealed, leafHash: [], keys: [])
        #expect(erased.detailsUnreadable && erased.rationale.isEmpty)
        #expect(EntryBuilder.record(of: sealed, leafHash: [], keys: [try Sealer.randomKey()]).detailsUnreadable)
    }

    @Test("a record whose subjects were pseudonymized as it arrived gives the same entry, and the same sealing owner")
    func storedSubjectsGiveTheSameEntry() throws {
        let builder = EntryBuilder(pseudonymizer: Pseudonymizer(key: Array(repeating: 9, count: 32), version: 1))
        let record = AuditV1.AuditRecord.with {
            $0.tenantID = "acme"
            $0.kind = .turnDecision
            $0.performedBy = .with { $0.kind = .humanAgent; $0.principalID = "agent-7" }
            $0.subjects = [.with { $0.kind = .conversation; $0.subjectID = "conv-1" }, .with { $0.kind = .escalation; $0.subjectID = "esc-2" },
                           .with { $0.kind = .customer; $0.subjectID = "cust-1" }]
            $0.rationale = "why"
        }
        let arrived = builder.withStoredSubjects(record)
        #expect(arrived.subjects.map(\.subjectID) == [builder.pseudonymizer.pseudonym(kind: "conversation", id: "conv-1"), "esc-2",
                                                      builder.pseudonymizer.pseudonym(kind: "customer", id: "cust-1")])
        #expect(builder.sealingOwner(of: arrived) == builder.sealingOwner(of: record))
        let time = Date(timeIntervalSince1970: 5)
        var direct = try builder.entry(of: record, index: 9, recordTime: time, owner: "o", keyVersion: 0, key: nil)
        var prepared = try builder.entry(of: arrived, index: 9, recordTime: time, owner: "o", keyVersion: 0, key: nil)
        #expect(direct.serializedBytes() == prepared.serializedBytes())
        // Sealed details differ only by their random nonce: they open to the same details under the same key.
        let key = try Sealer.randomKey()
        direct = try builder.entry(of: record, index: 9, recordTime: time, owner: "o", keyVersion: 1, key: key)
        prepared = try builder.entry(of: arrived, index: 9, recordTime: time, owner: "o", keyVersion: 1, key: key)
        #expect(direct.subjects == prepared.subjects && direct.performedBy == prepared.performedBy)
        #expect(EntryBuilder.record(of: prepared, leafHash: [], keys: [key]) == EntryBuilder.record(of: direct, leafHash: [], keys: [key]))
    }
}
