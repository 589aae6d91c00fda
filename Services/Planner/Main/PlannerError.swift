import RPC

/// A failure of the planner's own, with the status a caller gets.
struct PlannerError: Error, CustomStringConvertible {
    /// What went wrong.
    enum Code: Sendable {
        /// Too many writers raced for one number (a policy version).
        case contention
        /// A stored row could not be read back.
        case corruptRow
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }

    /// The status a caller gets.
    var rpcError: RPCError {
        switch code {
        case .contention: RPCError(.aborted, message)
        case .corruptRow: RPCError(.internal, message)
        }
    }
}
