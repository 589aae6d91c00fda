import Foundation
import PlannerCore
import Testing
import Wire

@Suite("Policy rollout, decision matrix, checksums, customer messages")
struct RolloutAndMatrixTests {
    @Test("a canary takes its share by a stable hash, and whole channels")
    func canaryShare() {
        let rollout = PolicyRollout(activeVersion: 3, canaryVersion: 4, canaryPercent: 25, canaryChannels: ["voice"])
        let ids = (0..<4_000).map { "conversation-\($0)" }
        let canary = ids.filter { rollout.version(conversation: $0, channel: "chat") == 4 }.count
        // 25% of 4,000 within three standard deviations (sqrt(4000 * 0.25 * 0.75) ≈ 27).
        #expect(abs(canary - 1_000) < 82)
        #expect(ids.allSatisfy { rollout.version(conversation: $0, channel: "voice") == 4 })
        // Stable: FNV-1a of the UTF-8 bytes, documented, the same in every process.
        #expect(PolicyRollout.bucket(of: "") == UInt32(UInt64(0xcbf2_9ce4_8422_2325) % 10_000))
        #expect(PolicyRollout.bucket(of: "a") == UInt32(UInt64(0xaf63_dc4c_8601_ec8c) % 10_000))
        #expect(PolicyRollout(activeVersion: 3).version(conversation: "x", channel: "chat") == 3)
        let full = PolicyRollout(activeVersion: 3, canaryVersion: 4, canaryPercent: 100)
        #expect(ids.allSatisfy { full.version(conversation: $0, channel: "chat") == 4 })
    }

    @Test("the matrix counts every cell and keeps examples of changed cells only")
    func matrix() {
        var matrix = DecisionMatrix(examplesPerCell: 2)
        func example(_ turn: String) -> DecisionMatrix.Example {
            .init(conversationID: "c", turnID: turn, fromRule: "old", fromVersion: 1, toRule: "new", rationale: "r")
        }
        for index in 0..<5 { matrix.add(from: .execute, to: .approval, example: example("t\(index)")) }
        for index in 0..<3 { matrix.add(from: .continue, to: .continue, example: example("u\(index)")) }
        matrix.add(from: .handoff, to: .continue, example: example("v"))
        #expect(matrix.turns == 9)
        #expect(matrix.changed == 6)
        let cells = matrix.cells
        #expect(cells.map { "\($0.from.rawValue)>\($0.to.rawValue)=\($0.count)" }
                == ["continue>continue=3", "execute>approval=5", "handoff>continue=1"])
        #expect(cells[0].examples.isEmpty)
        #expect(cells[1].examples.map(\.turnID) == ["t0", "t1"])
    }

    @Test("CRC-32C check values")
    func crc32c() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    @Test("actions in the customer's words and language")
    func actionWords() {
        let refund = ActionDescription(.with {
            $0.actionID = "a1"
            $0.kind = .refund(.with { $0.amount = .with { $0.amountMinor = 4_999; $0.currencyCode = "EUR" }; $0.orderID = "A-1001" })
        })
        #expect(refund.kind == "refund" && !refund.irreversible)
        #expect(CustomerMessages(language: "en-GB").executed(refund) == "Done: a refund of 49.99 EUR for order A-1001.")
        #expect(CustomerMessages(language: "fr").executed(refund) == "C'est fait : un remboursement de 49.99 EUR pour la commande A-1001.")
        #expect(CustomerMessages(language: "pt").language == "en")
        let cancel = ActionDescription(.with { $0.actionID = "a2"; $0.kind = .cancelOrder(.with { $0.orderID = "A-7" }) })
        #expect(cancel.irreversible)
        #expect(CustomerMessages(language: "de").confirm(cancel).contains("die Bestellung A-7 stornieren"))
        let yen = ActionDescription(.with {
            $0.actionID = "a3"
            $0.kind = .accountCredit(.with { $0.amount = .with { $0.amountMinor = 500; $0.currencyCode = "JPY" } })
        })
        #expect(yen.amountText == "500 JPY")
        let cents = ActionDescription(.with {
            $0.actionID = "a4"
            $0.kind = .accountCredit(.with { $0.amount = .with { $0.amountMinor = 1_005; $0.currencyCode = "USD" } })
        })
        #expect(cents.amountText == "10.05 USD")
    }

    @Test("the tenant's clock: local hour, Monday-first weekday, business hours")
    func clock() {
        let clock = TenantClock(timeZone: TimeZone(identifier: "Europe/Paris")!)
        // 2026-12-07 is a Monday; 08:30 UTC is 09:30 in Paris (UTC+1 in December).
        let monday = Date(timeIntervalSince1970: 1_796_632_200)
        let time = clock.time(at: monday)
        #expect(time.localHour == 9 && time.localWeekday == 1 && time.businessHours)
        let sunday = clock.time(at: monday.addingTimeInterval(-86_400))
        #expect(sunday.localWeekday == 7 && !sunday.businessHours)
    }
}
