import Foundation
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

extension ValidPolicyTests {
    @Test("the issue's example compiles from YAML and from JSON, with passing tests")
    func issueExample() throws {
        for (file, format, tests) in [("valid/issue-example.yaml", PolicySourceFormat.yaml, 4), ("valid/issue-example.json", .json, 2)] {
            let compilation = PolicyTestSupport.compile(try PolicyTestSupport.fixture(file), format: format)
            #expect(compilation.diagnostics.map(\.description) == [], "\(file)")
            #expect(compilation.testResults.count == tests)
            #expect(compilation.testResults.filter { !$0.passed } == [])
            #expect(compilation.policy?.ruleIDs == ["legal", "refund-auto", "refund-approval", "default"])
        }
    }

    @Test("unknown trigger names and unreachable rules are warnings at their positions; the document stays valid")
    func warnings() throws {
        let compilation = PolicyTestSupport.compile(try PolicyTestSupport.fixture("valid/warnings.yaml"))
        #expect(compilation.isValid)
        let found = compilation.diagnostics.map { "\($0.code) \($0.path) \($0.line):\($0.column) \($0.message)" }
        #expect(found == [
            "unknown-trigger rules[0].when 7:12 unknown trigger name 'capability.legall' (did you mean 'capability.legal'?)",
            "unknown-trigger rules[1].when 11:57 no known trigger name starts with 'capabilty.'",
            "unknown-trigger rules[2].when 16:77 unknown trigger name 'loop.restated'",
            "unknown-trigger rules[3].when 20:71 unknown trigger name 'safety.fire'",
            "unknown-trigger rules[4].when 24:12 unknown trigger name 'capability.legall' (did you mean 'capability.legal'?)",
            "unreachable-rule rules[4] 23:9 rule 'legal-again' is unreachable: rule 'legal-typo' has the same condition and comes first",
            "unreachable-rule rules[6] 31:9 rule 'default' is unreachable: rule 'always' (when: true) matches every input before it",
        ])
        #expect(compilation.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("the input schema table in the README is the schema's own")
    func readmeTable() throws {
        let readme = try String(contentsOf: PolicyTestSupport.repositoryRoot.appendingPathComponent("Services/Planner/README.md"), encoding: .utf8)
        #expect(readme.contains(PolicySchema.markdownTable))
        #expect(PolicySchema.rows.count == 57)
    }
}
