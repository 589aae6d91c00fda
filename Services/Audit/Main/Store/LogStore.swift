import AuditCore
import Foundation
import Store

/// The `audit` schema's log tables: heads, entries, stored hashes and
/// checkpoints. Rows of entries, hashes and checkpoints are inserted once
/// and never updated; only the head moves, under its row lock.
struct LogStore: Sendable {
    let pool: PostgresPool

    /// A log's head.
    struct Head: Sendable {
        var treeSize: UInt64
        var rootHash: TreeHash
    }

    /// A stored entry.
    struct StoredEntry: Sendable {
        var index: UInt64
        var entry: [UInt8]
        var leafHash: TreeHash?
    }

    /// An entry already appended under an idempotency key.
    struct Existing: Sendable {
        var index: UInt64
        var leafHash: TreeHash?
        var recordTime: Date
    }

    /// One entry to insert, with the columns queries filter on.
    struct NewEntry: Sendable {
        var index: UInt64
        var entry: [UInt8]
        var leafHash: TreeHash
        var idempotencyKey: String
        var kind: Int32
        var principal: String
        /// "kind:pseudonym" per subject, joined by "\n" for the text[] column.
        var subjects: [String]
        var category: String
        var decideTime: Date
        var recordTime: Date
    }

    /// A signed checkpoint as stored.
    struct StoredCheckpoint: Sendable {
        var treeSize: UInt64
        var rootHash: TreeHash?
        var note: String
    }

    // MARK: Appending (inside the caller's transaction)

    /// Locks `tenant`'s head until the transaction ends, creating an empty
    /// log on first use.
    func lockHead(tenant: String, session: PostgresSession) async throws -> Head {
        try await session.query("""
            INSERT INTO audit.logs (tenant_id, tree_size, root_hash) VALUES (\(tenant), 0, \(Data(MerkleTree.emptyRoot.bytes)))
            ON CONFLICT (tenant_id) DO NOTHING
            """)
        let row = try await session.query("SELECT tree_size, root_hash FROM audit.logs WHERE tenant_id = \(tenant) FOR UPDATE")[0]
        return Head(treeSize: UInt64(try row.decode(Int64.self, "tree_size")),
                    rootHash: TreeHash([UInt8](try row.decode(Data.self, "root_hash")))!)
    }

    /// Entries of `tenant` already appended under any of `keys`.
    func existing(tenant: String, keys: [String], session: PostgresSession) async throws -> [String: Existing] {
        var found: [String: Existing] = [:]
        for row in try await session.query("""
            SELECT idempotency_key, idx, leaf_hash, record_time FROM audit.entries
            WHERE tenant_id = \(tenant) AND idempotency_key = ANY(\(keys))
            """) {
            found[try row.decode(String.self, "idempotency_key")] = Existing(
                index: UInt64(try row.decode(Int64.self, "idx")), leafHash: TreeHash([UInt8](try row.decode(Data.self, "leaf_hash"))),
                recordTime: try row.decode(Date.self, "record_time"))
        }
        return found
    }

    /// The stored hashes of `tenant` at `indexes` (tlog numbering); missing
    /// ones are absent from the result.
    func hashes(tenant: String, indexes: [UInt64], session: PostgresSession? = nil) async throws -> [UInt64: TreeHash] {
        guard !indexes.isEmpty else { return [:] }
        let query: PostgresQuery = """
            SELECT hash_index, hash FROM audit.hashes WHERE tenant_id = \(tenant) AND hash_index = ANY(\(indexes.map { Int64($0) }))
            """
        let rows: PostgresRows
        if let session { rows = try await session.query(query) } else { rows = try await pool.query(query) }
        var hashes: [UInt64: TreeHash] = [:]
        for row in rows {
            if let hash = TreeHash([UInt8](try row.decode(Data.self, "hash"))) {
                hashes[UInt64(try row.decode(Int64.self, "hash_index"))] = hash
            }
        }
        return hashes
    }

    /// The statement that moves `tenant`'s head from `head` to
    /// `checkpoint`'s size and root. It takes the head's lock and fails
    /// (`audit.move_head`) unless the head is still `head`, so an append built
    /// on a head that moved never commits; it goes first in an append's transaction.
    static func moveHead(tenant: String, from head: Head, to checkpoint: StoredCheckpoint) -> PostgresQuery {
        """
        SELECT audit.move_head(\(tenant), \(Int64(head.treeSize)), \(Data(head.rootHash.bytes)), \(Int64(checkpoint.treeSize)),
                               \(Data(checkpoint.rootHash!.bytes)))
        """
    }

    /// The statements that append `entries` with their stored `hashes`
    /// (from stored index `firstHashIndex` on) and record `checkpoint`, after ``moveHead(tenant:from:to:)``.
    static func append(tenant: String, entries: [NewEntry], hashes: [TreeHash], firstHashIndex: UInt64,
                       checkpoint: StoredCheckpoint) -> [PostgresQuery] {
        [
            """
            INSERT INTO audit.entries (tenant_id, idx, entry, leaf_hash, idempotency_key, kind, principal, subjects, category,
                                       decide_time, record_time)
            SELECT \(tenant), v.i, v.e, v.h, v.k, v.t, v.p, string_to_array(v.s, chr(10)), v.c,
                   timestamptz 'epoch' + v.d * interval '1 microsecond', timestamptz 'epoch' + v.r * interval '1 microsecond'
            FROM unnest(\(entries.map { Int64($0.index) }), \(entries.map { Data($0.entry) }), \(entries.map { Data($0.leafHash.bytes) }),
                        \(entries.map(\.idempotencyKey)), \(entries.map(\.kind)), \(entries.map(\.principal)),
                        \(entries.map { $0.subjects.joined(separator: "\n") }), \(entries.map(\.category)),
                        \(entries.map(\.decideTime.postgresMicroseconds)), \(entries.map(\.recordTime.postgresMicroseconds)))
                AS v(i, e, h, k, t, p, s, c, d, r)
            """,
            """
            INSERT INTO audit.hashes (tenant_id, hash_index, hash)
            SELECT \(tenant), \(Int64(firstHashIndex)) + v.n - 1, v.h FROM unnest(\(hashes.map { Data($0.bytes) })) WITH ORDINALITY AS v(h, n)
            """,
            """
            INSERT INTO audit.checkpoints (tenant_id, tree_size, root_hash, note)
            VALUES (\(tenant), \(Int64(checkpoint.treeSize)), \(Data(checkpoint.rootHash!.bytes)), \(checkpoint.note))
            """,
        ]
    }

    // MARK: Reading

    /// The checkpoint of `tenant` of `treeSize` entries, or the latest.
    func checkpoint(tenant: String, treeSize: UInt64? = nil) async throws -> StoredCheckpoint? {
        let rows = try await pool.query("""
            SELECT tree_size, root_hash, note FROM audit.checkpoints
            WHERE tenant_id = \(tenant) AND (\(treeSize.map { Int64($0) })::int8 IS NULL OR tree_size = \(treeSize.map { Int64($0) }))
            ORDER BY tree_size DESC LIMIT 1
            """)
        return try rows.first.map {
            StoredCheckpoint(treeSize: UInt64(try $0.decode(Int64.self, "tree_size")),
                             rootHash: TreeHash([UInt8](try $0.decode(Data.self, "root_hash"))), note: try $0.decode(String.self, "note"))
        }
    }

    /// The head of `tenant`'s log, nil for a tenant with no log.
    func head(tenant: String) async throws -> Head? {
        try await pool.query("SELECT tree_size, root_hash FROM audit.logs WHERE tenant_id = \(tenant)").first.map {
            Head(treeSize: UInt64(try $0.decode(Int64.self, "tree_size")),
                 rootHash: TreeHash([UInt8](try $0.decode(Data.self, "root_hash"))) ?? MerkleTree.emptyRoot)
        }
    }

    /// Entries of `tenant` from `index` on, at most `limit`, in order.
    func entries(tenant: String, from index: UInt64, limit: Int) async throws -> [StoredEntry] {
        try await pool.query("""
            SELECT idx, entry, leaf_hash FROM audit.entries
            WHERE tenant_id = \(tenant) AND idx >= \(Int64(index)) ORDER BY idx LIMIT \(Int64(limit))
            """).map {
            StoredEntry(index: UInt64(try $0.decode(Int64.self, "idx")), entry: [UInt8](try $0.decode(Data.self, "entry")),
                        leafHash: TreeHash([UInt8](try $0.decode(Data.self, "leaf_hash"))))
        }
    }

    /// The columns of ``entryPage(tenant:from:below:)``'s rows, by position.
    enum EntryPageColumn {
        static let index = 0, entry = 1, leafHash = 2
    }

    /// Entries of `tenant` with index in [`index`, `end`), in order, as rows
    /// in binary format (``EntryPageColumn``): the entries' bytes as they
    /// arrived, to be hashed where they lie (Verify reads every entry).
    func entryPage(tenant: String, from index: UInt64, below end: UInt64) async throws -> PostgresRows {
        let query: PostgresQuery = """
            SELECT idx, entry, leaf_hash FROM audit.entries
            WHERE tenant_id = \(tenant) AND idx >= \(Int64(index)) AND idx < \(Int64(end)) ORDER BY idx
            """
        return try await pool.query(query.withBinaryResults())
    }
}
