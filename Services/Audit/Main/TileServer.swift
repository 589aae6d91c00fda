import AuditCore
import Foundation
import ServiceKit

/// The C2SP tlog-tiles layout of every tenant's log over plain HTTP GET on
/// the admin port, so a monitor or a witness needs nothing of Baton's:
/// `/audit/<tenant>/checkpoint` (the latest signed checkpoint),
/// `/audit/<tenant>/tile/<L>/<N>[.p/<W>]` (hashes) and
/// `/audit/<tenant>/tile/entries/<N>[.p/<W>]` (entry bundles). The tenant
/// is percent-encoded. A tile is served once every hash in it is final;
/// full tiles never change and say so (`immutable`).
struct TileServer: Sendable {
    let log: LogStore
    static let prefix = "/audit/"

    var route: AdminRoute {
        AdminRoute(prefix: Self.prefix) { path in await respond(to: path) }
    }

    func respond(to path: String) async -> AdminResponse {
        let rest = path.dropFirst(Self.prefix.count)
        guard let slash = rest.firstIndex(of: "/"), let tenant = String(rest[..<slash]).removingPercentEncoding, !tenant.isEmpty else {
            return .text(404, "not found: \(path)\n")
        }
        let resource = String(rest[rest.index(after: slash)...])
        do {
            guard let latest = try await log.checkpoint(tenant: tenant) else { return .text(404, "no log for this tenant\n") }
            if resource == "checkpoint" {
                return AdminResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array(latest.note.utf8),
                                     cacheControl: "no-cache")
            }
            let parsed: TileResource
            do {
                parsed = try TileResource(path: resource)
            } catch {
                return .text(404, "not found: \(resource)\n")
            }
            switch parsed {
            case .hashes(let tile):
                guard let last = tile.subtrees.last, last.endLeaf <= latest.treeSize else {
                    return .text(404, "\(tile) is not in the tree of \(latest.treeSize)\n")
                }
                let reader = SparseHashes(byIndex: try await log.hashes(tenant: tenant, indexes: tile.subtrees.map(StoredHashes.index(of:))))
                return AdminResponse(status: 200, body: try TileLayout.data(of: tile, reader: reader),
                                     cacheControl: tile.isPartial ? "no-cache" : "public, max-age=31536000, immutable")
            case .entries(let tile):
                let first = tile.index << UInt64(Tile.height)
                guard first + UInt64(tile.width) <= latest.treeSize else {
                    return .text(404, "\(tile.entryBundlePath) is not in the tree of \(latest.treeSize)\n")
                }
                let entries = try await log.entries(tenant: tenant, from: first, limit: tile.width)
                guard entries.count == tile.width, entries.first?.index == first else {
                    return .text(500, "entries \(first)..<\(first + UInt64(tile.width)) are incomplete in the store\n")
                }
                return AdminResponse(status: 200, body: try EntryBundle.encode(entries.map(\.entry)),
                                     cacheControl: tile.isPartial ? "no-cache" : "public, max-age=31536000, immutable")
            }
        } catch {
            return .text(503, "cannot read the log: \(error)\n")
        }
    }
}
