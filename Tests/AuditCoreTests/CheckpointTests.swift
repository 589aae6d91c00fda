import AuditCore
import Testing

/// C2SP checkpoints: the body format, strict parsing, and signed checkpoints.
@Suite("Checkpoints")
struct CheckpointTests {
    static let root = MerkleTree.leafHash(Array("root".utf8))

    @Test("the body is origin, size and base64 root, one per line, then extensions")
    func format() throws {
        let checkpoint = try Checkpoint(origin: "audit.baton.example/acme", size: 20_852_163, rootHash: Self.root)
        #expect(checkpoint.text == "audit.baton.example/acme\n20852163\n\(Self.root.base64)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        let extended = try Checkpoint(origin: "o", size: 0, rootHash: MerkleTree.emptyRoot, extensions: ["a b", "c"])
        #expect(extended.text == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na b\nc\n")
        #expect(try Checkpoint(text: extended.text) == extended)
    }

    @Test("malformed bodies are refused", arguments: [
        "",                                       // nothing
        "o\n1\n",                                 // two lines
        "o\n1\nROOT",                             // no final newline
        "\n1\nROOT\n",                            // empty origin
        "o\n01\nROOT\n",                          // leading zero
        "o\n+1\nROOT\n",                          // sign
        "o\n-1\nROOT\n",                          // negative
        "o\n 1\nROOT\n",                          // space
        "o\n18446744073709551616\nROOT\n",        // 2^64
        "o\n1\nROOT\n\n",                         // empty extension line
        "o\n1\nROOT\nok\n\nmore\n",               // empty line among extensions
        "o\n1\nSHORT\n",                          // root of the wrong length
        "o\n1\nUNPADDED\n",                       // root without padding
        "o\n1\nNONCANON\n",                       // root with non-zero padding bits
        "o\n1\nROOT\r\n",                         // CRLF
        "o\u{7}\n1\nROOT\n",                      // control character in the origin
    ])
    func malformed(template: String) {
        let root = Self.root.base64
        var nonCanonical = Array(root.utf8)
        nonCanonical[42] = UInt8(ascii: "B") == nonCanonical[42] ? UInt8(ascii: "C") : UInt8(ascii: "B")
        let text = template
            .replacingOccurrences(of: "UNPADDED", with: String(root.dropLast()))
            .replacingOccurrences(of: "NONCANON", with: String(decoding: nonCanonical, as: UTF8.self))
            .replacingOccurrences(of: "SHORT", with: MerkleTree.emptyRoot.base64.dropLast(4) + "====")
            .replacingOccurrences(of: "ROOT", with: root)
        #expect(throws: CheckpointError.self, "\(text.debugDescription)") { try Checkpoint(text: text) }
    }

    @Test("the largest size parses")
    func largest() throws {
        let text = "o\n18446744073709551615\n\(Self.root.base64)\n"
        #expect(try Checkpoint(text: text).size == .max)
    }

    @Test("signed checkpoints open with the log's key and origin only")
    func signed() throws {
        let signer = try NoteSigner(name: "audit.baton.example/acme", seed: Array(repeating: 9, count: 32))
        let other = try NoteSigner(name: "audit.baton.example/acme", seed: Array(repeating: 8, count: 32))
        let checkpoint = try Checkpoint(origin: "audit.baton.example/acme", size: 5, rootHash: Self.root)
        let note = try checkpoint.signedNote(signers: [signer])
        let verifiers = NoteVerifiers([signer.verifier])
        #expect(try Checkpoint.open(Array(note.utf8), verifiers: verifiers, origin: "audit.baton.example/acme") == checkpoint)
        #expect(throws: CheckpointError.self) {
            try Checkpoint.open(Array(note.utf8), verifiers: verifiers, origin: "audit.baton.example/other")
        }
        do {
            _ = try Checkpoint.open(Array(note.utf8), verifiers: NoteVerifiers([other.verifier]), origin: "audit.baton.example/acme")
            Issue.record("opened with a key that did not sign")
        } catch {
            #expect(error.code == .noteRefused)
            #expect(error.noteError?.code == .noKnownSignature)
        }
    }
}
