@testable import GatewayCore
import Testing

@Suite struct RateLimitsTests {
    @Test func aBucketGrantsItsBurstThenRefillsAtItsRate() throws {
        var bucket = TokenBucket(burst: 3, ratePerSecond: 2, now: 0)
        var waits: [Double?] = []
        for _ in 0..<4 { waits.append(bucket.take(now: 0)) }
        #expect(waits[0..<3].allSatisfy { $0 == nil })
        let wait = try #require(waits[3])
        #expect(abs(wait - 0.5) < 1e-9)
        let refilled = bucket.take(now: 0.5)
        let emptyAgain = bucket.take(now: 0.5)
        #expect(refilled == nil)
        #expect(emptyAgain != nil)
        #expect(!bucket.isFull(now: 0.5))
        #expect(bucket.isFull(now: 10))
        // A long quiet period refills to the burst, never beyond.
        var later: [Double?] = []
        for _ in 0..<4 { later.append(bucket.take(now: 100)) }
        #expect(later[0..<3].allSatisfy { $0 == nil })
        #expect(later[3] != nil)
    }

    @Test func aNoisyCredentialDoesNotSpendItsTenantsTokensOnceLimited() {
        var limits = RateLimits(perCredential: .init(ratePerSecond: 1, burst: 2), perTenant: .init(ratePerSecond: 1, burst: 4))
        #expect(limits.admit(credential: "noisy", tenant: "acme", now: 0) == .admitted)
        #expect(limits.admit(credential: "noisy", tenant: "acme", now: 0) == .admitted)
        for _ in 0..<10 {
            guard case .credentialLimited = limits.admit(credential: "noisy", tenant: "acme", now: 0) else {
                Issue.record("the noisy credential went past its own limit"); return
            }
        }
        // The tenant still has 2 of its 4 tokens for its other keys.
        #expect(limits.admit(credential: "quiet", tenant: "acme", now: 0) == .admitted)
        #expect(limits.admit(credential: "quiet", tenant: "acme", now: 0) == .admitted)
        guard case .tenantLimited(let wait) = limits.admit(credential: "other", tenant: "acme", now: 0) else {
            Issue.record("the tenant limit did not hold"); return
        }
        #expect(wait > 0)
        // Another tenant is untouched.
        #expect(limits.admit(credential: "x", tenant: "globex", now: 0) == .admitted)
    }

    @Test func aTenantLimitedCallGivesTheCredentialItsTokenBack() {
        var limits = RateLimits(perCredential: .init(ratePerSecond: 1, burst: 1), perTenant: .init(ratePerSecond: 1, burst: 1))
        #expect(limits.admit(credential: "a", tenant: "acme", now: 0) == .admitted)
        guard case .tenantLimited = limits.admit(credential: "b", tenant: "acme", now: 0) else {
            Issue.record("expected the tenant limit"); return
        }
        // b's refused call did not cost b its own token: once the tenant refills, b goes through.
        #expect(limits.admit(credential: "b", tenant: "acme", now: 1) == .admitted)
    }

    @Test func idleBucketsAreDropped() {
        var limits = RateLimits(perCredential: .init(ratePerSecond: 10, burst: 10), perTenant: .init(ratePerSecond: 10, burst: 10))
        _ = limits.admit(credential: "a", tenant: "acme", now: 0)
        #expect(limits.bucketCount == 2)
        limits.evictIdle(now: 0)
        #expect(limits.bucketCount == 2)
        limits.evictIdle(now: 5)
        #expect(limits.bucketCount == 0)
    }

    @Test func retryInfoIsAGoogleRPCStatus() throws {
        let bytes = RetryInfo.statusDetails(code: 8, message: "slow down", retryAfter: 1.25)
        var scanner = ProtoScanner(bytes[...])
        var fields: [UInt64: ProtoScanner.Value] = [:]
        while let (number, value) = try scanner.next() { fields[number] = value }
        guard case .varint(8) = fields[1], case .bytes(let message) = fields[2], case .bytes(let any) = fields[3] else {
            Issue.record("not a google.rpc.Status"); return
        }
        #expect(String(decoding: message, as: UTF8.self) == "slow down")
        var anyScanner = ProtoScanner(any)
        guard case (1, .bytes(let typeURL))? = try anyScanner.next(), case (2, .bytes(let retryInfo))? = try anyScanner.next() else {
            Issue.record("not an Any"); return
        }
        #expect(String(decoding: typeURL, as: UTF8.self) == "type.googleapis.com/google.rpc.RetryInfo")
        var retryScanner = ProtoScanner(retryInfo)
        guard case (1, .bytes(let duration))? = try retryScanner.next() else { Issue.record("no retry_delay"); return }
        var durationScanner = ProtoScanner(duration)
        guard case (1, .varint(1))? = try durationScanner.next(), case (2, .varint(250_000_000))? = try durationScanner.next() else {
            Issue.record("retry_delay is not 1.25 s"); return
        }
    }
}
