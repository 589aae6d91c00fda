/// Compiles policy documents: strict reading of the YAML (or JSON), type
/// checking of every expression against the input schema, warnings for
/// unreachable rules and unknown trigger names, and the document's own tests.
///
/// ```swift
/// let compilation = PolicyCompiler.compile(yaml, format: .yaml, knownTriggerNames: catalog)
/// for diagnostic in compilation.diagnostics { print(diagnostic) }   // 12:17: error: rules[2].when: …
/// let verdict = compilation.policy?.decide(input)
/// ```
public enum PolicyCompiler {
    /// The `apiVersion` this compiler reads.
    public static let apiVersion = "baton/v1"
    /// The `kind` this compiler reads.
    public static let kind = "EscalationPolicy"

    /// Compiles `source`. The result holds a policy only when there is no
    /// error and every document test passes; warnings never stop it.
    public static func compile(_ source: String, format: PolicySourceFormat, knownTriggerNames: Set<String>) -> PolicyCompilation {
        var reader = PolicyDocumentReader(text: PolicySourceText(source))
        if format == .json, let offset = source.unicodeScalars.firstIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }),
           source.unicodeScalars[offset] != "{"
        {
            let start = CELSourceLocation(offset: source.unicodeScalars.distance(from: source.unicodeScalars.startIndex, to: offset), in: source)
            return PolicyCompilation(policy: nil, diagnostics: [PolicyDiagnostic(
                severity: .error, code: "json-syntax", path: "", line: start.line, column: start.column,
                message: "a JSON policy document is an object: expected '{'")], testResults: [])
        }
        let root: PolicyNode
        do throws(PolicyDiagnostic) {
            guard let parsed = try PolicyNode.parse(source) else {
                return PolicyCompilation(policy: nil, diagnostics: [PolicyDiagnostic(
                    severity: .error, code: "empty-document", path: "", line: 1, column: 1, message: "the document is empty")],
                    testResults: [])
            }
            root = parsed
        } catch {
            return PolicyCompilation(policy: nil, diagnostics: [error], testResults: [])
        }
        reader.checkDuplicateKeys(root, path: "")
        var document = PolicyDocumentCompiler(reader: reader, knownTriggerNames: knownTriggerNames)
        let policy = document.compile(root)
        var testResults: [PolicyTestResult] = []
        if let policy, !document.reader.hasErrors {
            testResults = document.runTests(policy)
        }
        let valid = !document.reader.hasErrors
        return PolicyCompilation(policy: valid ? policy : nil, diagnostics: document.reader.diagnostics, testResults: testResults)
    }
}
