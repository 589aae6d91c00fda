/// A compiled policy expression with what the compiler learnt about it:
/// the input fields it reads (the facts a verdict reports) and the
/// variables it uses.
struct PolicyExpression: Sendable {
    /// The type-checked program.
    let program: CELProgram
    /// Document path of the expression, such as `rules[2].when`.
    let path: String
    /// The input paths and `variables.<name>` paths it reads, in source order, each once.
    let reads: [String]

    /// The roots an input path may start with.
    static let roots: Set<String> = Set(PolicyInput.fields.map(\.name)).union(["variables"])

    init(program: CELProgram, path: String) {
        self.program = program
        self.path = path
        var reads: [String] = []
        Self.collectReads(program.expression, shadowed: [], into: &reads)
        self.reads = reads
    }

    /// The names of the variables the expression uses.
    var variablesUsed: [String] {
        reads.compactMap { $0.hasPrefix("variables.") ? String($0.dropFirst("variables.".count)) : nil }
    }

    /// Whether the expression is the literal `true`.
    var isConstantTrue: Bool {
        if case .literal(.bool(true)) = program.expression.kind { return true }
        return false
    }

    /// Records the longest field-selection chains rooted at an input or at
    /// `variables` (`has(a.b)` reads `a.b` too), skipping names a
    /// comprehension binds.
    private static func collectReads(_ expr: CELExpr, shadowed: Set<String>, into reads: inout [String]) {
        func record(_ path: String) {
            let root = String(path.prefix { $0 != "." })
            if roots.contains(root), !shadowed.contains(root), !reads.contains(path) { reads.append(path) }
        }
        switch expr.kind {
        case .identifier(let name):
            record(name)
            return
        case .select(let operand, let field, let testOnly):
            if let chain = (testOnly ? operand.qualifiedName.map { $0 + "." + field } : expr.qualifiedName) {
                record(chain)
                return
            }
        case .comprehension(_, let variable, let range, let predicate, let transform):
            collectReads(range, shadowed: shadowed, into: &reads)
            for child in [predicate, transform].compactMap({ $0 }) {
                collectReads(child, shadowed: shadowed.union([variable]), into: &reads)
            }
            return
        default:
            break
        }
        for child in CELExpr.children(of: expr.kind) { collectReads(child, shadowed: shadowed, into: &reads) }
    }
}
