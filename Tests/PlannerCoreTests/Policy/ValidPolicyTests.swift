import PlannerCore
import Testing

/// Valid documents compile, with their own tests passing.
@Suite("Policy documents that compile")
struct ValidPolicyTests {
    @Test("the default retail policy compiles and its tests pass, without warnings")
    func defaultPolicy() throws {
        let compilation = PolicyTestSupport.compile(try PolicyTestSupport.defaultPolicySource())
        #expect(compilation.diagnostics.map(\.description) == [])
        let policy = try #require(compilation.policy)
        #expect(policy.name == "retail-default")
        #expect(compilation.testResults.count == 15)
        #expect(compilation.testResults.filter { !$0.passed } == [])
        #expect(policy.ruleIDs.first == "explicit-request")
        #expect(policy.ruleIDs.last == "default")
        #expect(policy.failSafeRuleIDs == ["fail-safe-explicit-request", "fail-safe-vip", "fail-safe-action", "fail-safe-default"])
    }
}
