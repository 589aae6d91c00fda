public import API
import Foundation
public import Logging
import RPC
public import Store
public import Wire

/// Ships a service's audit records to baton-audit from its outbox: the
/// service writes each record (or the facts it is made from) in the same
/// transaction as the decision it records, so a decision is never stored
/// without its record and nothing waits on the audit service; a background
/// job then appends the pending records and forgets them once appended.
/// With baton-audit down, records wait in the outbox and go when it is back.
/// Appends are idempotent on each record's key, so two replicas shipping the
/// same row, or a retry after a lost answer, append it once.
public struct AuditShipper: Sendable {
    /// A record waiting in the outbox.
    public struct Pending: Sendable {
        /// The outbox row.
        public var id: Int64
        /// The append's idempotency key, stable for the row.
        public var idempotencyKey: String
        /// The record.
        public var record: AuditV1.AuditRecord

        /// A pending record.
        public init(id: Int64, idempotencyKey: String, record: AuditV1.AuditRecord) {
            self.id = id
            self.idempotencyKey = idempotencyKey
            self.record = record
        }

        /// The pending record of an outbox row with the columns `id`,
        /// `idempotency_key` and `record` (the record's protobuf bytes).
        public init(row: PostgresRow) throws {
            self.init(id: try row.decode(Int64.self, "id"), idempotencyKey: try row.decode(String.self, "idempotency_key"),
                      record: try AuditV1.AuditRecord(serializedBytes: [UInt8](try row.decode(Data.self, "record"))))
        }
    }

    /// An outbox row done with: appended at `sequence` in the tenant's log,
    /// or refused by the log and dropped (`sequence` 0).
    public struct Shipped: Sendable, Equatable {
        /// The outbox row.
        public var id: Int64
        /// The record's position in the log; 0 when it was refused.
        public var sequence: UInt64

        /// A row done with.
        public init(id: Int64, sequence: UInt64) {
            self.id = id
            self.sequence = sequence
        }
    }

    let client: AuditV1.AuditClient
    let pending: @Sendable (Int) async throws -> [Pending]
    let shipped: @Sendable ([Shipped]) async throws -> Void
    let logger: Logger
    /// Rows read per round.
    static let batch = 256
    /// Tenants shipped at once (the audit service commits their appends in groups).
    static let concurrency = 16

    /// A shipper appending through `client`: `pending(limit)` reads the oldest
    /// rows of the outbox, `shipped(rows)` deletes rows once appended (and
    /// may keep where they went).
    public init(client: AuditV1.AuditClient, logger: Logger, pending: @escaping @Sendable (Int) async throws -> [Pending],
                shipped: @escaping @Sendable ([Shipped]) async throws -> Void) {
        self.client = client
        self.logger = logger
        self.pending = pending
        self.shipped = shipped
    }

    /// Ships what is pending, batch after batch, until the outbox is empty
    /// or an append fails (the rest waits for the next run). A tenant's
    /// records are appended one after another, in outbox order, so its log
    /// keeps the order of its decisions; tenants go in parallel (up to
    /// `concurrency`), which the audit service commits in groups. Returns the
    /// records shipped.
    @discardableResult
    public func shipPending() async throws -> Int {
        var total = 0
        while true {
            let rows = try await pending(Self.batch)
            guard !rows.isEmpty else { return total }
            var byTenant: [String: [Pending]] = [:]
            var tenants: [String] = []
            for row in rows {
                if byTenant[row.record.tenantID] == nil { tenants.append(row.record.tenantID) }
                byTenant[row.record.tenantID, default: []].append(row)
            }
            var done: [Shipped] = []
            var failure: (any Error)?
            for start in stride(from: 0, to: tenants.count, by: Self.concurrency) {
                let results = await withTaskGroup(of: (shipped: [Shipped], failure: (any Error)?).self) { group in
                    for tenant in tenants[start..<min(start + Self.concurrency, tenants.count)] {
                        let sequence = byTenant[tenant]!
                        group.addTask { await ship(inOrder: sequence) }
                    }
                    var results: [(shipped: [Shipped], failure: (any Error)?)] = []
                    for await result in group { results.append(result) }
                    return results
                }
                for result in results {
                    done += result.shipped
                    if let error = result.failure { failure = error }
                }
                if failure != nil { break }
            }
            if !done.isEmpty { try await shipped(done) }
            total += done.count
            if let failure {
                logger.warning("audit unreachable; records wait in the outbox", metadata: ["error": "\(failure)"])
                return total
            }
        }
    }

    /// Appends `rows` one after another; stops at the first failure, so no
    /// later record of the tenant goes before an earlier one.
    private func ship(inOrder rows: [Pending]) async -> (shipped: [Shipped], failure: (any Error)?) {
        var shipped: [Shipped] = []
        for row in rows {
            do {
                let appended = try await client.append(.with {
                    $0.record = row.record
                    $0.idempotencyKey = row.idempotencyKey
                }, options: .init(timeout: .seconds(10)))
                shipped.append(Shipped(id: row.id, sequence: appended.index))
            } catch let rpc as RPCError where rpc.code == .invalidArgument {
                // A refused record would block the outbox for good: logged and dropped, not retried.
                logger.error("audit refused a record; dropped from the outbox", metadata: ["row": "\(row.id)", "error": "\(rpc)"])
                shipped.append(Shipped(id: row.id, sequence: 0))
            } catch {
                return (shipped, error)
            }
        }
        return (shipped, nil)
    }
}
