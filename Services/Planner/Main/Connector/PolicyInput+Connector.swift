import Foundation
import PlannerCore

extension PolicyInput.Order {
    /// The policy's view of an order a connector reported, at `now`.
    init(_ order: ConnectorOrder, now: Date) {
        self.init()
        found = true
        id = order.id
        status = order.status
        totalMinor = Int(order.totalMinor)
        currency = order.currency
        delivered = order.deliveredAt != nil
        daysSinceDelivery = order.deliveredAt.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) } ?? 0
        warrantyActive = order.warrantyUntil.map { $0 > now } ?? false
    }
}

extension PolicyInput.Ticket {
    /// The policy's view of an open ticket, at `now`.
    init(_ ticket: ConnectorTicket, now: Date) {
        self.init()
        id = ticket.id
        subject = ticket.subject
        status = ticket.status
        ageDays = max(0, Int(now.timeIntervalSince(ticket.openedAt) / 86_400))
    }
}
