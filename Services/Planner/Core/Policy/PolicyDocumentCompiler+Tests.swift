extension PolicyDocumentCompiler {
    /// Reads `tests`: each has a `name`, a partial `input` (fields left out
    /// take their zero value, except `signals.available`, which is true
    /// unless given), the `expect`ed decision and optionally the `rule` that
    /// must take it.
    mutating func readTests(_ node: PolicyNode, policy: CompiledPolicy) {
        guard let items = reader.sequence(node, "tests") else { return }
        let ruleIDs = Set(policy.ruleIDs + policy.failSafeRuleIDs)
            .union([CompiledPolicy.builtInFailSafeVIPRuleID, CompiledPolicy.builtInFailSafeDefaultRuleID])
        for (index, item) in items.enumerated() {
            let path = "tests[\(index)]"
            guard let fields = reader.mapping(item, path, allowed: ["name", "input", "expect", "rule"], required: ["name", "expect"]) else { continue }
            let name = fields["name"].flatMap { reader.nonEmptyString($0, path + ".name") }
            let expected = fields["expect"].flatMap { reader.word(PolicyDecision.self, $0, path + ".expect", what: "decision") }
            var input: PolicyInput? = Self.testBase
            if let inputNode = fields["input"] {
                input = reader.value(PolicyInput.self, inputNode, path + ".input")
                if !Self.givesSignalsAvailable(inputNode) { input?.signals.available = true }
            }
            var ruleID: String?
            if let ruleNode = fields["rule"], let id = reader.value(String.self, ruleNode, path + ".rule") {
                if ruleIDs.contains(id) {
                    ruleID = id
                } else {
                    reader.error("unknown-rule", path + ".rule", at: ruleNode, "no rule has id '\(id)'")
                }
            }
            guard let name, let expected, let input else { continue }
            tests.append(DocumentTest(name: name, input: input, expected: expected, ruleID: ruleID, node: item, path: path))
        }
    }

    /// The input of a test that gives none: zero values, signals available.
    private static var testBase: PolicyInput {
        var input = PolicyInput()
        input.signals.available = true
        return input
    }

    private static func givesSignalsAvailable(_ input: PolicyNode) -> Bool {
        guard case .mapping(let pairs) = input.content,
              let signals = pairs.first(where: { $0.key.scalar == "signals" })?.value,
              case .mapping(let fields) = signals.content else { return false }
        return fields.contains { $0.key.scalar == "available" }
    }

    /// Runs every test against `policy`; a failure is an error at the test.
    mutating func runTests(_ policy: CompiledPolicy) -> [PolicyTestResult] {
        tests.map { test in
            let verdict = policy.decide(test.input)
            let ruleMatches = test.ruleID.map { $0 == verdict.ruleID } ?? true
            let passed = verdict.decision == test.expected && ruleMatches
            let expectation = test.expected.rawValue + (test.ruleID.map { " by rule '\($0)'" } ?? "")
            let message = passed ? verdict.rationale
                : "test '\(test.name)' expected \(expectation), got \(verdict.decision.rawValue) by rule '\(verdict.ruleID)'"
                    + (verdict.evaluationWarnings.isEmpty ? "" : " (warnings: \(verdict.evaluationWarnings.joined(separator: "; ")))")
            if !passed { reader.error("test-failed", test.path, at: test.node, message) }
            return PolicyTestResult(name: test.name, passed: passed, expected: test.expected, actual: verdict.decision,
                                    ruleID: verdict.ruleID, message: message)
        }
    }
}
