import Foundation
import PlannerCore
import Testing

/// Broken documents (`Fixtures/policies/broken/`, one per case) are refused,
/// and the first error names the right path, line, column and problem.
/// Columns inside expressions are those of the offending token in the
/// document, through quoted, escaped, folded and block scalars.
@Suite("Broken policy documents")
struct BrokenPolicyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var code: String
        var path: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { fixture }

        init(_ fixture: String, _ code: String, _ path: String, _ line: Int, _ column: Int, _ message: String) {
            self.fixture = fixture
            self.code = code
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }
    }

    static let cases: [Case] = [
        // Structure: strict keys, types and required parts.
        Case("unknown-top-level-key.yaml", "unknown-key", "rulez", 5, 1, "unknown key 'rulez' (did you mean 'rules'?)"),
        Case("unknown-rule-key.yaml", "unknown-key", "rules[0].desicion", 8, 5, "unknown key 'desicion'"),
        Case("duplicate-rule-key.yaml", "duplicate-key", "rules[0].decide", 9, 5, "duplicate key 'decide' (first at line 8, column 5)"),
        Case("duplicate-top-level-key.yaml", "duplicate-key", "kind", 13, 1, "duplicate key 'kind' (first at line 2, column 1)"),
        Case("missing-api-version.yaml", "missing-key", "apiVersion", 1, 1, "missing required key 'apiVersion'"),
        Case("wrong-api-version.yaml", "unsupported-api-version", "apiVersion", 1, 13, "unsupported apiVersion 'baton/v2'"),
        Case("wrong-kind.yaml", "unsupported-kind", "kind", 2, 7, "unsupported kind 'AdmissionPolicy'"),
        Case("metadata-not-mapping.yaml", "wrong-type", "metadata", 3, 11, "expected a mapping, found a string"),
        Case("missing-metadata-name.yaml", "missing-key", "metadata.name", 4, 3, "missing required key 'name'"),
        Case("rules-not-list.yaml", "wrong-type", "rules", 6, 3, "expected a list, found a mapping"),
        Case("no-rules.yaml", "no-rules", "rules", 5, 8, "at least one rule is required"),
        Case("missing-default-rule.yaml", "missing-default-rule", "rules[1].when", 11, 11, "must have no 'when'"),
        Case("unknown-decision.yaml", "unknown-decision", "rules[0].decide", 8, 13, "unknown decision 'escalate'; expected one of: continue, execute"),
        Case("missing-rationale.yaml", "missing-key", "rules[0].rationale", 6, 5, "missing required key 'rationale' (or 'rationaleExpression')"),
        Case("rationale-and-expression.yaml", "conflicting-keys", "rules[0].rationaleExpression", 10, 26, "either 'rationale' or 'rationaleExpression'"),
        Case("rationale-not-string.yaml", "wrong-type", "rules[0].rationale", 9, 16, "expected a string, found an integer"),
        Case("empty-rule-id.yaml", "empty-value", "rules[0].id", 6, 9, "must not be empty"),
        Case("duplicate-rule-id.yaml", "duplicate-rule-id", "rules[1].id", 10, 9, "rule id 'refund' is already used at line 6"),
        Case("handoff-options-on-execute.yaml", "options-mismatch", "rules[0].handoff", 10, 14, "'handoff' options apply only to 'decide: handoff'"),
        Case("unknown-urgency.yaml", "unknown-urgency", "rules[0].handoff.urgency", 10, 38, "unknown urgency 'urgent'"),
        Case("invalid-duration.yaml", "invalid-duration", "rules[0].approval.ttl", 11, 12, "'10 minutes' is not a positive duration"),
        Case("route-to-supervisor-not-bool.yaml", "wrong-type", "rules[0].approval.routeToSupervisor", 10, 35, "expected a boolean, found a string"),
        Case("fail-safe-without-rules.yaml", "unknown-key", "failSafe.rule", 14, 3, "unknown key 'rule' (did you mean 'rules'?)"),
        Case("fail-safe-missing-default.yaml", "missing-default-rule", "failSafe.rules[0].when", 16, 13, "the last rule is the default"),
        Case("invalid-variable-name.yaml", "invalid-name", "variables[0].name", 6, 11, "'2fast' is not a variable name"),
        Case("duplicate-variable.yaml", "duplicate-variable", "variables[1].name", 8, 11, "variable 'limit' is already declared"),
        Case("unknown-lookup.yaml", "unknown-lookup", "context[0].lookup", 6, 13, "unknown lookup 'invoice'; expected one of: customer, order, tickets"),
        Case("yaml-syntax.yaml", "yaml-syntax", "", 9, 17, "did not find expected key"),
        // Expressions: type-checked against the input schema, positions inside the document.
        Case("when-not-bool.yaml", "wrong-expression-type", "rules[0].when", 7, 12, "expected an expression of type bool, found int"),
        Case("rationale-expression-not-string.yaml", "wrong-expression-type", "rules[0].rationaleExpression", 9, 27, "of type string, found int"),
        Case("cel-syntax-double-quoted.yaml", "cel-syntax", "rules[0].when", 7, 38, "found end of input"),
        Case("cel-undeclared-plain.yaml", "cel-undeclared-reference", "rules[0].when", 7, 11, "undeclared reference to 'acton'"),
        Case("cel-undefined-field.yaml", "cel-undefined-field", "rules[0].when", 7, 48, "undefined field 'tierx' in baton.policy.Customer"),
        Case("cel-no-overload.yaml", "cel-no-matching-overload", "rules[0].when", 7, 32, "no matching overload for '>' applied to '(int, string)'"),
        Case("cel-error-folded-block.yaml", "cel-no-matching-overload", "rules[0].when", 9, 27, "no matching overload for '>'"),
        Case("cel-error-literal-block.yaml", "cel-undefined-field", "rules[0].when", 9, 41, "undefined field 'nam' in baton.policy.Trigger"),
        Case("cel-error-plain-multiline.yaml", "cel-no-matching-overload", "rules[0].when", 8, 31, "no matching overload for '>'"),
        Case("cel-error-single-quoted-escapes.yaml", "cel-undefined-field", "rules[0].when", 7, 50, "undefined field 'tierx'"),
        Case("cel-error-double-quoted-escapes.yaml", "cel-undefined-field", "rules[0].when", 7, 55, "undefined field 'nope'"),
        Case("invalid-regex.yaml", "cel-type-mismatch", "rules[0].when", 7, 34, "invalid regular expression"),
        Case("expression-too-deep.yaml", "cel-limit-exceeded", "rules[0].when", 7, 76, "nests deeper than 64"),
        Case("variable-used-before-declared.yaml", "cel-undefined-field", "variables[0].expression", 7, 28, "undefined field 'b' in baton.policy.Variables"),
        Case("lookup-when-reads-context.yaml", "cel-undeclared-reference", "context[0].when", 7, 12, "undeclared reference to 'context'"),
        // The document's own tests.
        Case("test-fails.yaml", "test-failed", "tests[1]", 17, 5, "test 'a refund of nothing needs approval' expected approval, got execute by rule 'refund'"),
        Case("test-input-unknown-field.yaml", "unknown-input-field", "tests[0].input.customer.tierx", 16, 29, "unknown input field 'tierx'"),
        Case("test-input-wrong-type.yaml", "wrong-type", "tests[0].input.action.amount_minor", 16, 44, "expected an integer, found a string"),
        Case("test-unknown-rule.yaml", "unknown-rule", "tests[0].rule", 17, 11, "no rule has id 'refund-auto'"),
        Case("test-unknown-expectation.yaml", "unknown-decision", "tests[0].expect", 16, 13, "unknown decision 'escalate'"),
        // JSON documents: the same checks and positions.
        Case("json-unknown-key.json", "unknown-key", "rules[1].urgency", 7, 70, "unknown key 'urgency'"),
        Case("json-cel-error-with-escapes.json", "cel-no-matching-overload", "rules[0].when", 6, 80, "no matching overload for '>'"),
        Case("json-not-object.json", "json-syntax", "", 1, 1, "a JSON policy document is an object"),
        Case("json-test-input-wrong-type.json", "wrong-type", "tests[0].input.action.irreversible", 10, 79, "expected a boolean, found a string"),
    ]

    @Test("is refused with the expected first error", arguments: cases)
    func refused(_ sample: Case) throws {
        let source = try PolicyTestSupport.fixture("broken/" + sample.fixture)
        let compilation = PolicyTestSupport.compile(source, format: sample.fixture.hasSuffix(".json") ? .json : .yaml)
        #expect(!compilation.isValid)
        let first = try #require(PolicyTestSupport.errors(compilation).first)
        #expect(first.code == sample.code)
        #expect(first.path == sample.path)
        #expect(first.line == sample.line)
        #expect(first.column == sample.column)
        #expect(first.message.contains(sample.message), "\(first.message)")
        // No spurious findings: a broken rule condition does not make the default unreachable.
        #expect(!compilation.diagnostics.contains { $0.code == "unreachable-rule" })
    }

    @Test("every fixture in the folder is in the table")
    func tableCoversFolder() throws {
        let folder = PolicyTestSupport.fixtures.appendingPathComponent("broken")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == Self.cases.map(\.fixture).sorted())
        #expect(files.count >= 30)
    }
}
