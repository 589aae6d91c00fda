/// Bounds on what a CEL expression may cost, checked at compile time (source
/// length, node count, nesting depth) and at evaluation time (steps).
///
/// The defaults fit policy conditions of a few lines with room to spare;
/// the planner may lower them per tenant.
public struct CELLimits: Sendable, Hashable {
    /// Longest accepted source, in Unicode scalars.
    public var maxSourceLength: Int
    /// Most AST nodes in one expression (after macro expansion).
    public var maxNodes: Int
    /// Deepest nesting of AST nodes, parentheses included.
    public var maxDepth: Int
    /// Evaluation budget: one step per node evaluated, per comprehension
    /// iteration, and per 64 elements or bytes produced by concatenation.
    public var maxSteps: Int

    /// Limits with the given bounds.
    public init(maxSourceLength: Int = 4_096, maxNodes: Int = 1_000, maxDepth: Int = 64, maxSteps: Int = 100_000) {
        self.maxSourceLength = maxSourceLength
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.maxSteps = maxSteps
    }

    /// The default limits.
    public static let standard = CELLimits()
}
