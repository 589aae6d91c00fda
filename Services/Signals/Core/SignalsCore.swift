/// baton-signals' logic, testable without sockets or a database: sentiment
/// (a Swift port of VADER), intent, the trigger rules and the risk score.
public enum SignalsCore {
    /// The version reported with every evaluation.
    public static let version = "0.1.0"
}
