import PlannerCore
import Wire

/// What one context look-up found through the tenant's connector: its plan
/// step and what it adds to the policy's input. A value, so that the
/// look-ups that need nothing from signals run beside it and are put in the
/// input afterwards.
struct ContextFound: Sendable {
    /// What the look-up returned.
    enum Result: Sendable {
        case customer(tier: String, tenureDays: Int)
        case order(PolicyInput.Order)
        case tickets([PolicyInput.Ticket])
        /// Nothing (the look-up failed): the policy decides without it, its `found` flags false.
        case nothing
    }

    /// The look-up as the outcome lists it.
    var step: PlannerV1.PlanStep
    /// What it found.
    var result: Result

    /// Puts what the look-up found in `input.context` (and the customer's fields it fills).
    func apply(to input: inout PolicyInput) {
        switch result {
        case .customer(let tier, let tenureDays):
            input.context.customerFound = true
            input.customer.tier = tier
            input.customer.tenureDays = tenureDays
            input.customer.known = true
        case .order(let order):
            input.context.order = order
        case .tickets(let tickets):
            input.context.tickets = tickets
            input.customer.openTickets = tickets.count
        case .nothing:
            break
        }
    }
}
