/// Reads a policy document's node tree strictly, collecting diagnostics
/// with paths and positions: unknown and missing keys, wrong types, and
/// expressions that do not compile, each mapped into the document.
struct PolicyDocumentReader {
    /// The document text, to map positions inside scalars.
    let text: PolicySourceText
    /// Everything found so far.
    var diagnostics: [PolicyDiagnostic] = []

    init(text: PolicySourceText) {
        self.text = text
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(_ code: String, _ path: String, at node: PolicyNode, _ message: String) {
        diagnostics.append(PolicyDiagnostic(severity: .error, code: code, path: path, line: node.line, column: node.column, message: message))
    }

    mutating func warning(_ code: String, _ path: String, at position: PolicySourceText.Position, _ message: String) {
        diagnostics.append(PolicyDiagnostic(severity: .warning, code: code, path: path, line: position.line, column: position.column, message: message))
    }

    /// Reports every key that a mapping repeats, anywhere in the tree, at the repetition.
    mutating func checkDuplicateKeys(_ node: PolicyNode, path: String) {
        switch node.content {
        case .scalar: return
        case .sequence(let items):
            for (index, item) in items.enumerated() { checkDuplicateKeys(item, path: "\(path)[\(index)]") }
        case .mapping(let pairs):
            var seen: [String: PolicyNode] = [:]
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                let keyPath = path.isEmpty ? key : path + "." + key
                if let first = seen[key] {
                    error("duplicate-key", keyPath, at: pair.key, "duplicate key '\(key)' (first at line \(first.line), column \(first.column))")
                } else {
                    seen[key] = pair.key
                }
                checkDuplicateKeys(pair.value, path: keyPath)
            }
        }
    }

    /// The pairs of a mapping by key, after checking its keys: every key is
    /// in `allowed`, every key in `required` is there. Nil when `node` is
    /// not a mapping.
    mutating func mapping(_ node: PolicyNode, _ path: String, allowed: [String], required: [String] = []) -> [String: PolicyNode]? {
        guard case .mapping(let pairs) = node.content else {
            error("wrong-type", path, at: node, "expected a mapping, found \(node.kindDescription)")
            return nil
        }
        var values: [String: PolicyNode] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else {
                error("wrong-type", path, at: pair.key, "a key must be a string, found \(pair.key.kindDescription)")
                continue
            }
            let keyPath = path.isEmpty ? key : path + "." + key
            guard allowed.contains(key) else {
                error("unknown-key", keyPath, at: pair.key,
                      "unknown key '\(key)'\(Self.suggestion(for: key, in: allowed)); allowed here: \(allowed.joined(separator: ", "))")
                continue
            }
            if values[key] == nil { values[key] = pair.value }
        }
        for key in required where values[key] == nil {
            error("missing-key", path.isEmpty ? key : path + "." + key, at: node, "missing required key '\(key)'")
        }
        return values
    }

    /// ", did you mean 'x'?" for a key one or two edits from an allowed one.
    static func suggestion(for key: String, in allowed: [String]) -> String {
        let close = allowed.first { editDistance(key.lowercased(), $0.lowercased()) <= 2 }
        return close.map { " (did you mean '\($0)'?)" } ?? ""
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    /// The items of a list; nil (with an error) when `node` is not one.
    mutating func sequence(_ node: PolicyNode, _ path: String) -> [PolicyNode]? {
        guard case .sequence(let items) = node.content else {
            error("wrong-type", path, at: node, "expected a list, found \(node.kindDescription)")
            return nil
        }
        return items
    }

    /// A value of a schema type (string, bool…), or nil with the reading error.
    mutating func value<Value: PolicyFieldValue>(_ type: Value.Type, _ node: PolicyNode, _ path: String) -> Value? {
        do throws(PolicyDiagnostic) {
            return try Value(reading: node, path: path)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// A non-empty string.
    mutating func nonEmptyString(_ node: PolicyNode, _ path: String) -> String? {
        guard let text = value(String.self, node, path) else { return nil }
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            error("empty-value", path, at: node, "must not be empty")
            return nil
        }
        return text
    }

    /// One of a closed set of words.
    mutating func word<Word: RawRepresentable & CaseIterable>(_ type: Word.Type, _ node: PolicyNode, _ path: String, what: String)
        -> Word? where Word.RawValue == String
    {
        guard let text = value(String.self, node, path) else { return nil }
        guard let word = Word(rawValue: text) else {
            error("unknown-\(what)", path, at: node,
                  "unknown \(what) '\(text)'; expected one of: \(Word.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return word
    }

    /// A positive duration written as `90s`, `10m`, `4h` or `1h30m`.
    mutating func duration(_ node: PolicyNode, _ path: String) -> Duration? {
        guard let text = value(String.self, node, path) else { return nil }
        guard let parsed = CELDuration(parsing: text), parsed.nanoseconds > 0 else {
            error("invalid-duration", path, at: node, "'\(text)' is not a positive duration such as 90s, 10m, 4h or 1h30m")
            return nil
        }
        return .nanoseconds(parsed.nanoseconds)
    }

    /// Compiles the expression in scalar `node` against `environment`,
    /// mapping a compile error's position into the document; with
    /// `expecting`, the result must have that type.
    mutating func expression(_ node: PolicyNode, _ path: String, environment: CELEnvironment, expecting: CELType?) -> PolicyExpression? {
        guard let source = value(String.self, node, path) else { return nil }
        let program: CELProgram
        do throws(CELCompileError) {
            program = try CELProgram(compiling: source, environment: environment)
        } catch {
            let position = text.position(of: error.location.offset, in: node)
            diagnostics.append(PolicyDiagnostic(
                severity: .error, code: "cel-" + Self.kebab(error.code.rawValue), path: path,
                line: position.line, column: position.column, message: error.message))
            return nil
        }
        if let expecting, program.resultType != expecting, program.resultType != .dyn {
            let position = text.position(of: 0, in: node)
            diagnostics.append(PolicyDiagnostic(
                severity: .error, code: "wrong-expression-type", path: path, line: position.line, column: position.column,
                message: "expected an expression of type \(expecting), found \(program.resultType)"))
            return nil
        }
        return PolicyExpression(program: program, path: path)
    }

    static func kebab(_ camel: String) -> String {
        camel.unicodeScalars.map { $0.properties.isUppercase ? "-" + String($0).lowercased() : String($0) }.joined()
    }
}
