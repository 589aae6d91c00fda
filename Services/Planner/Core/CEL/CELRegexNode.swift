/// The parsed form of a regular expression.
indirect enum CELRegexNode: Sendable {
    case empty
    case scalar(UInt32, fold: Bool)  // folded already when `fold`
    case any(matchesNewline: Bool)
    case set(CELRegexCharacterSet)
    case concat([CELRegexNode])
    case alternate([CELRegexNode])
    case repetition(CELRegexNode, min: Int, max: Int?)
    case assert(CELRegex.Assertion)
}
