/// The from→to matrix of a dry run: for each recorded turn, the decision
/// it got and the decision a candidate policy takes on the same inputs.
public struct DecisionMatrix: Sendable, Equatable {
    /// A replayed turn that lands in a cell.
    public struct Example: Sendable, Equatable {
        /// Conversation.
        public var conversationID: String
        /// Turn.
        public var turnID: String
        /// Rule that decided the recorded turn.
        public var fromRule: String
        /// Policy version that decided the recorded turn.
        public var fromVersion: UInt32
        /// The candidate's rule.
        public var toRule: String
        /// The candidate's rationale.
        public var rationale: String

        /// An example.
        public init(conversationID: String, turnID: String, fromRule: String, fromVersion: UInt32, toRule: String, rationale: String) {
            self.conversationID = conversationID
            self.turnID = turnID
            self.fromRule = fromRule
            self.fromVersion = fromVersion
            self.toRule = toRule
            self.rationale = rationale
        }
    }

    /// One cell: how many turns went from `from` to `to`, with examples
    /// when the decision changed.
    public struct Cell: Sendable, Equatable {
        /// Recorded decision.
        public var from: PolicyDecision
        /// The candidate's decision.
        public var to: PolicyDecision
        /// Turns in the cell.
        public var count: Int
        /// Example turns (only where `from != to`).
        public var examples: [Example]
    }

    /// Examples kept per changed cell.
    public let examplesPerCell: Int
    /// Cells by (from, to).
    private var cellsByKey: [String: Cell] = [:]

    /// An empty matrix keeping `examplesPerCell` examples per changed cell.
    public init(examplesPerCell: Int) {
        self.examplesPerCell = examplesPerCell
    }

    /// Counts one replayed turn.
    public mutating func add(from: PolicyDecision, to: PolicyDecision, example: @autoclosure () -> Example) {
        let key = "\(from.rawValue)>\(to.rawValue)"
        var cell = cellsByKey[key] ?? Cell(from: from, to: to, count: 0, examples: [])
        cell.count += 1
        if from != to && cell.examples.count < examplesPerCell { cell.examples.append(example()) }
        cellsByKey[key] = cell
    }

    /// Turns counted.
    public var turns: Int { cellsByKey.values.reduce(0) { $0 + $1.count } }

    /// Turns whose decision changes.
    public var changed: Int { cellsByKey.values.filter { $0.from != $0.to }.reduce(0) { $0 + $1.count } }

    /// The non-empty cells, by `from` then `to` in the decisions' order.
    public var cells: [Cell] {
        let order = Dictionary(uniqueKeysWithValues: PolicyDecision.allCases.enumerated().map { ($1, $0) })
        return cellsByKey.values.sorted { (order[$0.from]!, order[$0.to]!) < (order[$1.from]!, order[$1.to]!) }
    }
}
