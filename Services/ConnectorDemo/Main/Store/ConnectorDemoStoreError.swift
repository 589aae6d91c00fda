/// A store operation refused for a reason of its own (not the database's);
/// the transaction it happened in rolled back and stored nothing.
struct ConnectorDemoStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    enum Code: String, Sendable {
        /// The tenant has no such customer.
        case customerNotFound = "customer_not_found"
        /// The customer has no such order.
        case orderNotFound = "order_not_found"
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.rawValue): \(message)" }
}
