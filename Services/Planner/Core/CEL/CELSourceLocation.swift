/// A place in a CEL expression's source: an offset in Unicode scalars (code
/// points) from the start, and the 1-based line and column it falls on.
///
/// Columns count Unicode scalars, as the CEL reference implementations do,
/// so that a caller that embeds the expression in a larger document (a YAML
/// policy) can add the expression's own start line and column to map an
/// error to the document.
public struct CELSourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Offset in Unicode scalars from the start of the expression.
    public var offset: Int
    /// 1-based line within the expression.
    public var line: Int
    /// 1-based column within the line, in Unicode scalars.
    public var column: Int

    /// A location with explicit coordinates.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The location of scalar `offset` in `source`. Lines end at LF; a CR
    /// before the LF counts as part of the line it ends.
    public init(offset: Int, in source: String) {
        var line = 1
        var column = 1
        var index = 0
        for scalar in source.unicodeScalars {
            if index >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        self.init(offset: offset, line: line, column: column)
    }

    /// "line:column".
    public var description: String { "\(line):\(column)" }
}
