/// One lexical token of a CEL expression, with its scalar offset.
struct CELToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case int(UInt64)  // magnitude; the parser applies a leading minus and range
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case identifier(String)
        case quotedIdentifier(String)  // `a-b`, a field name in backticks
        case reserved(String)  // a reserved word, refused as an identifier
        case `true`, `false`, null, `in`
        case punct(String)  // operators and delimiters
        case end
    }

    var kind: Kind
    var offset: Int
}
