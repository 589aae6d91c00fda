/// A policy document's text as lines of Unicode scalars, to map a position
/// inside a scalar's value (a CEL error's offset) back to the document.
///
/// The value of a YAML scalar is not its source text: quotes are removed,
/// escapes decoded, line breaks folded, block indentation stripped. For a
/// scalar node, `positions(of:)` rescans the source from the node's start
/// the way YAML reads each style and records where every scalar of the value
/// came from. When the rescan does not reproduce the value exactly (a
/// construct it does not follow), every offset maps to the node's start:
/// never to a wrong place.
struct PolicySourceText: Sendable {
    /// One document position, 1-based.
    struct Position: Sendable, Equatable {
        /// 1-based line.
        var line: Int
        /// 1-based column in Unicode scalars.
        var column: Int
    }

    /// The lines, without their line breaks (a CR before LF is dropped).
    let lines: [[Unicode.Scalar]]

    /// The text of `source`.
    init(_ source: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if lines[lines.count - 1].last == "\r" { lines[lines.count - 1].removeLast() }
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        self.lines = lines
    }

    /// The document position of every Unicode scalar of `node`'s value, plus
    /// one past the end; nil when `node` is not a scalar.
    func positions(of node: PolicyNode) -> [Position]? {
        guard case .scalar(let value, let style) = node.content else { return nil }
        let expected = Array(value.unicodeScalars)
        let start = Position(line: node.line, column: node.column)
        var scan = Scan(text: self, expected: expected)
        switch style {
        case .plain, .singleQuoted, .doubleQuoted: scan.flow(from: start, style: style)
        case .literal, .folded: scan.block(from: start, folded: style == .folded)
        }
        guard scan.output == expected else {
            return Array(repeating: start, count: expected.count + 1)
        }
        return scan.positions + [scan.end ?? scan.positions.last ?? start]
    }

    /// The document position of scalar `offset` of `node`'s value.
    func position(of offset: Int, in node: PolicyNode) -> Position {
        guard let positions = positions(of: node), !positions.isEmpty else {
            return Position(line: node.line, column: node.column)
        }
        return positions[min(max(offset, 0), positions.count - 1)]
    }
}
