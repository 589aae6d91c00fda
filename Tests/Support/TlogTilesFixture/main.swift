import AuditCore
import Foundation

// Writes a transparency log in the C2SP tlog-tiles layout, made with
// AuditCore alone, for Tests/Audit/verify-fixture to serve over HTTP and
// check with the Go verifier (Tools/tlog-verify), which shares no code with
// Baton.
//
//   TlogTilesFixture keygen <name>
//       prints a new signer key, then its verifier key, one per line
//   TlogTilesFixture write <dir> <origin> <signer key> <count> [<rewrite from> <tag>]
//       writes <dir>/checkpoint, <dir>/tile/<L>/... and <dir>/tile/entries/...
//       for <count> entries "entry <i>"; with <rewrite from> and <tag>, entries
//       from that index on read "entry <i> <tag>" instead (rewritten history)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("TlogTilesFixture: \(message)\n".utf8))
    exit(2)
}

func entry(_ index: Int, rewriteFrom: Int?, tag: String) -> [UInt8] {
    if let rewriteFrom, index >= rewriteFrom { return Array("entry \(index) \(tag)".utf8) }
    return Array("entry \(index)".utf8)
}

func write(_ bytes: [UInt8], to path: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "keygen":
    guard arguments.count == 3 else { fail("usage: keygen <name>") }
    do {
        let keys = try NoteSigner.generateKey(name: arguments[2])
        print(keys.signerKey)
        print(keys.verifierKey)
    } catch {
        fail("\(error)")
    }

case "write":
    guard arguments.count == 6 || arguments.count == 8, let count = Int(arguments[5]), count >= 0 else {
        fail("usage: write <dir> <origin> <signer key> <count> [<rewrite from> <tag>]")
    }
    let directory = URL(fileURLWithPath: arguments[2], isDirectory: true)
    let rewriteFrom = arguments.count == 8 ? Int(arguments[6]) : nil
    let tag = arguments.count == 8 ? arguments[7] : ""
    do {
        let signer = try NoteSigner(key: arguments[4])
        let entries = (0..<count).map { entry($0, rewriteFrom: rewriteFrom, tag: tag) }
        var store = InMemoryHashStore()
        for item in entries { store.append(entry: item) }
        try? FileManager.default.removeItem(at: directory)
        for tile in TileLayout.tiles(forTreeSize: UInt64(count)) {
            try write(try TileLayout.data(of: tile, reader: store), to: tile.path, in: directory)
            if tile.level == 0 {
                let first = Int(tile.index) * Tile.fullWidth
                let bundle = try EntryBundle.encode(Array(entries[first..<first + tile.width]))
                try write(bundle, to: tile.entryBundlePath, in: directory)
            }
        }
        let root = try MerkleTree.rootHash(size: UInt64(count), reader: store)
        let checkpoint = try Checkpoint(origin: arguments[3], size: UInt64(count), rootHash: root)
        try write(Array(try checkpoint.signedNote(signers: [signer]).utf8), to: "checkpoint", in: directory)
        print("wrote \(count) entries, root \(root.base64), to \(directory.path)")
    } catch {
        fail("\(error)")
    }

default:
    fail("usage: TlogTilesFixture keygen <name> | write <dir> <origin> <signer key> <count> [<rewrite from> <tag>]")
}
