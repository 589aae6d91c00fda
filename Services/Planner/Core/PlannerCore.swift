/// baton-planner's decisions as pure logic, testable without sockets or a
/// database. For now: the CEL subset that policy conditions are written in
/// (`CEL/`): lexer, parser, type checker and evaluator.
public enum PlannerCore {
    /// The version of the planner's rules, for audit records.
    public static let version = "0.1.0"
}
