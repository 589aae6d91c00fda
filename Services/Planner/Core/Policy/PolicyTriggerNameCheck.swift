/// Finds trigger names a policy expression mentions that the signals
/// catalog does not have: string literals compared with a trigger name
/// (`t.name == 'x'`, `n != 'x'`), looked up in `signals.trigger_names`
/// (`'x' in signals.trigger_names`, `t.name in ['x', 'y']`), or used as a
/// prefix, infix or suffix of one (`t.name.startsWith('capability.leg')`)
/// that no known name has. A misspelt trigger name never matches, silently:
/// the compiler warns about each.
enum PolicyTriggerNameCheck {
    /// One unknown name, at the offset of its literal in the expression.
    struct Reference: Equatable {
        let offset: Int
        let message: String
    }

    /// What a comprehension variable ranges over.
    private enum Binding {
        case triggerName
        case trigger
    }

    static func unknownReferences(in expr: CELExpr, known: Set<String>) -> [Reference] {
        var references: [Reference] = []
        walk(expr, scope: [:], known: known, into: &references)
        return references
    }

    private static func walk(_ expr: CELExpr, scope: [String: Binding], known: Set<String>, into references: inout [Reference]) {
        func isName(_ e: CELExpr) -> Bool {
            switch e.kind {
            case .identifier(let name): return scope[name] == .triggerName
            case .select(let operand, "name", false):
                if case .identifier(let name) = operand.kind { return scope[name] == .trigger }
                if case .call(.index, nil, let arguments) = operand.kind { return isList(arguments[0], "signals.triggers") }
                return false
            case .call(.index, nil, let arguments): return isList(arguments[0], "signals.trigger_names")
            default: return false
            }
        }
        func isList(_ e: CELExpr, _ path: String) -> Bool {
            guard let name = e.qualifiedName, name == path, let root = name.split(separator: ".").first else { return false }
            return scope[String(root)] == nil
        }
        func literal(_ e: CELExpr) -> String? {
            if case .literal(.string(let text)) = e.kind { return text }
            return nil
        }
        func check(_ e: CELExpr, _ test: (String) -> Bool, _ describe: (String) -> String) {
            guard let text = literal(e), !known.contains(where: test) else { return }
            references.append(Reference(offset: e.offset, message: describe(text)))
        }
        func exact(_ e: CELExpr) {
            guard let text = literal(e) else { return }
            check(e, { $0 == text }) { "unknown trigger name '\($0)'\(PolicyDocumentReader.suggestion(for: $0, in: known.sorted()))" }
        }

        switch expr.kind {
        case .call(let function, let target, let arguments):
            switch function {
            case .equals, .notEquals:
                if isName(arguments[0]) { exact(arguments[1]) }
                if isName(arguments[1]) { exact(arguments[0]) }
            case .in:
                if isList(arguments[1], "signals.trigger_names") { exact(arguments[0]) }
                if isName(arguments[0]), case .list(let items) = arguments[1].kind { items.forEach(exact) }
            case .startsWith:
                if let target, isName(target), let prefix = literal(arguments[0]) {
                    check(arguments[0], { $0.hasPrefix(prefix) }) { "no known trigger name starts with '\($0)'" }
                }
            case .endsWith:
                if let target, isName(target), let suffix = literal(arguments[0]) {
                    check(arguments[0], { $0.hasSuffix(suffix) }) { "no known trigger name ends with '\($0)'" }
                }
            case .contains:
                if let target, isName(target), let part = literal(arguments[0]) {
                    check(arguments[0], { $0.contains(part) }) { "no known trigger name contains '\($0)'" }
                }
            default:
                break
            }
        case .comprehension(_, let variable, let range, let predicate, let transform):
            walk(range, scope: scope, known: known, into: &references)
            var inner = scope
            inner[variable] = isList(range, "signals.trigger_names") ? .triggerName : isList(range, "signals.triggers") ? .trigger : nil
            for child in [predicate, transform].compactMap({ $0 }) { walk(child, scope: inner, known: known, into: &references) }
            return
        default:
            break
        }
        for child in CELExpr.children(of: expr.kind) { walk(child, scope: scope, known: known, into: &references) }
    }
}
