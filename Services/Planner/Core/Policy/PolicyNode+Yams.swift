internal import Yams

extension PolicyNode {
    /// Parses `source` (YAML, or JSON, which the same parser reads) into a
    /// node tree. Throws a `yaml-syntax` diagnostic at the parser's position.
    static func parse(_ source: String) throws(PolicyDiagnostic) -> PolicyNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: source, .basic)
        } catch let error as YamlError {
            throw syntaxDiagnostic(error, source: source)
        } catch {
            throw PolicyDiagnostic(severity: .error, code: "yaml-syntax", path: "", line: 1, column: 1,
                                   message: "not a YAML document: \(error)")
        }
        return root.map { PolicyNode($0) }
    }

    /// The node tree of a composed Yams node.
    init(_ node: Node) {
        let mark: Mark?
        switch node {
        case .scalar(let scalar):
            mark = scalar.mark
            content = .scalar(scalar.string, ScalarStyle(scalar.style))
        case .mapping(let mapping):
            mark = mapping.mark
            content = .mapping(mapping.map { Pair(key: PolicyNode($0.key), value: PolicyNode($0.value)) })
        case .sequence(let sequence):
            mark = sequence.mark
            content = .sequence(sequence.map { PolicyNode($0) })
        }
        line = mark?.line ?? 1
        column = mark?.column ?? 1
    }

    private static func syntaxDiagnostic(_ error: YamlError, source: String) -> PolicyDiagnostic {
        func diagnostic(_ problem: String, _ line: Int, _ column: Int) -> PolicyDiagnostic {
            PolicyDiagnostic(severity: .error, code: "yaml-syntax", path: "", line: line, column: column,
                             message: "YAML syntax: \(problem)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return diagnostic(context.map { "\(problem) \($0.text)" } ?? problem, mark.line, mark.column)
        case .reader(let problem, let offset, _, _):
            // The reader reports a byte offset into the UTF-8 text.
            let prefix = source.utf8.prefix(offset ?? 0)
            let location = CELSourceLocation(offset: String(decoding: prefix, as: UTF8.self).unicodeScalars.count, in: source)
            return diagnostic(problem, location.line, location.column)
        default:
            return diagnostic("\(error)", 1, 1)
        }
    }
}

extension PolicyNode.ScalarStyle {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        default: self = .plain
        }
    }
}
