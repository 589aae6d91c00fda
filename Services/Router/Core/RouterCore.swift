/// baton-router's routing rules as pure logic, testable without sockets or a
/// database: priority and its aging, agent matching and ranking, widening of
/// requirements, queue position and wait estimates, business hours and the
/// off-hours paths, and the offer rules.
///
/// Every function takes the current instant as an argument and reads no
/// clock, so that every replica of the router computes the same answer from
/// the same rows.
public enum RouterCore {
    /// The version of the routing rules, for audit records.
    public static let version = "0.1.0"
}
