import AuditCore
import Foundation
import Testing

/// The public test vectors in `../shared/data/tlog-vectors` beside the
/// repository (transparency-dev/merkle's testdata, its RFC 6962 roots, and
/// golang.org/x/mod's signed-note test key). Read at test time, never copied.
enum Vectors {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot
        .appendingPathComponent("../shared/data/tlog-vectors", isDirectory: true).standardizedFileURL

    /// An inclusion proof vector, as transparency-dev/merkle writes it.
    struct Inclusion: Decodable {
        var leafIdx: UInt64
        var treeSize: UInt64
        var root: String
        var leafHash: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    /// A consistency proof vector.
    struct Consistency: Decodable {
        var size1: UInt64
        var size2: UInt64
        var root1: String
        var root2: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    /// merkle-roots.json.
    struct Roots: Decodable {
        var leaf_inputs_hex: [String]
        var root_hashes_hex_by_size: [String]
    }

    /// signed-note.json.
    struct SignedNote: Decodable {
        var signer_key: String
        var verifier_key: String
        var text: String
        var signed_note: String
        var second_verifier_key: String
        var second_signature_line: String
        var bad_verifier_keys: [String]
    }

    /// Every JSON file under `testdata/<kind>/`, by path relative to it.
    static func files<T: Decodable>(_ kind: String, as type: T.Type) throws -> [(name: String, value: T)] {
        let base = directory.appendingPathComponent("testdata/\(kind)")
        let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
        var found: [(String, T)] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let name = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            found.append((name, try JSONDecoder().decode(T.self, from: Data(contentsOf: url))))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func json<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Base64 as the vectors write it, decoded by Foundation (not by the code under test).
    static func bytes(_ base64: String) throws -> [UInt8] {
        [UInt8](try #require(Data(base64Encoded: base64), "bad base64 in a vector: \(base64)"))
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// A vector's hash; nil when it is not 32 bytes (AuditCore's `TreeHash`
    /// cannot hold it, so such input is refused where it is decoded).
    static func hash(_ base64: String) throws -> TreeHash? {
        TreeHash(try bytes(base64))
    }

    static func hashes(_ list: [String]?) throws -> [TreeHash]? {
        var hashes: [TreeHash] = []
        for item in list ?? [] {
            guard let hash = try hash(item) else { return nil }
            hashes.append(hash)
        }
        return hashes
    }
}
