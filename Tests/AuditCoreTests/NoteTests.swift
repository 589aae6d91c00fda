import AuditCore
import Foundation
import Testing

/// Signed notes against golang.org/x/mod/sumdb/note's published test key,
/// key rotation, and malformed notes.
@Suite("Signed notes")
struct NoteTests {
    static func vector() throws -> Vectors.SignedNote { try Vectors.json("signed-note.json", as: Vectors.SignedNote.self) }

    @Test("signing the published text with the published key gives the published note byte for byte")
    func publishedSignature() throws {
        let v = try Self.vector()
        let signer = try NoteSigner(key: v.signer_key)
        #expect(signer.key == v.signer_key)
        #expect(signer.verifier.key == v.verifier_key)
        #expect(Array(try Note.sign(text: v.text, signers: [signer]).utf8) == Array(v.signed_note.utf8))
        // The description never shows the seed.
        #expect(!"\(signer)".contains(v.signer_key.split(separator: "+").last!))
    }

    @Test("the published note opens with the published verifier key")
    func publishedOpen() throws {
        let v = try Self.vector()
        let verifier = try NoteVerifier(key: v.verifier_key)
        #expect(verifier.key == v.verifier_key)
        let note = try Note.open(v.signed_note, verifiers: NoteVerifiers([verifier]))
        #expect(note.text == v.text)
        #expect(note.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        #expect(note.unverifiedSignatures.isEmpty)
    }

    @Test("a second signature: ignored when its key is unknown, verified when known, either key alone opens the note")
    func secondSignature() throws {
        let v = try Self.vector()
        let peter = try NoteVerifier(key: v.verifier_key)
        let enoch = try NoteVerifier(key: v.second_verifier_key)
        let both = v.signed_note + v.second_signature_line

        let withPeter = try Note.open(both, verifiers: NoteVerifiers([peter]))
        #expect(withPeter.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        #expect(withPeter.unverifiedSignatures.map(\.name) == ["EnochRoot"])
        #expect(withPeter.unverifiedSignatures.first?.keyHash == enoch.keyHash)

        let withBoth = try Note.open(both, verifiers: NoteVerifiers([peter, enoch]))
        #expect(withBoth.verifiedSignatures.map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(withBoth.unverifiedSignatures.isEmpty)

        let withEnoch = try Note.open(both, verifiers: NoteVerifiers([enoch]))
        #expect(withEnoch.verifiedSignatures.map(\.name) == ["EnochRoot"])

        // Only Enoch's key known, only Peter's signature present: no known signature.
        #expect(throws: NoteError(.noKnownSignature, "no signature by a known key")) {
            try Note.open(v.signed_note, verifiers: NoteVerifiers([enoch]))
        }
        // Enoch's signature is over the same text: moved onto another text it fails, and a
        // failing signature by a known key refuses the whole note even though Peter's verifies.
        let tampered = v.signed_note.replacingOccurrences(of: "cryptography", with: "cryptograph")
        #expect(throws: NoteError.self) { try Note.open(tampered, verifiers: NoteVerifiers([peter])) }
        // One character of Enoch's signature changed (past the key hash): a known key's
        // signature that fails refuses the whole note, though Peter's verifies.
        var broken = Array(v.second_signature_line.utf8)
        let position = broken.count - 20
        broken[position] = broken[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let brokenNote = v.signed_note + String(decoding: broken, as: UTF8.self)
        do {
            _ = try Note.open(brokenNote, verifiers: NoteVerifiers([peter, enoch]))
            Issue.record("a broken signature by a known key was accepted")
        } catch {
            #expect(error.code == .invalidSignature)
        }
        // The same broken line is just an unknown signature to a reader who knows only Peter.
        #expect(try Note.open(brokenNote, verifiers: NoteVerifiers([peter])).unverifiedSignatures.count == 1)
        // A changed key hash makes the line a stranger's signature, ignored even by a reader who knows Enoch.
        let otherHash = v.signed_note + v.second_signature_line.replacingOccurrences(of: "rwz+", with: "rwz/")
        let opened = try Note.open(otherHash, verifiers: NoteVerifiers([peter, enoch]))
        #expect(opened.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        #expect(opened.unverifiedSignatures.map(\.name) == ["EnochRoot"])
    }

    @Test("the malformed verifier keys are refused")
    func badVerifierKeys() throws {
        let v = try Self.vector()
        #expect(v.bad_verifier_keys.count == 2)
        for key in v.bad_verifier_keys {
            #expect(throws: NoteError.self, "\(key)") { try NoteVerifier(key: key) }
        }
        // The first has four bytes too many, the second an unknown algorithm byte; both carry
        // the right hash for what they spell (as Go's test makes them), so the refusal is not the hash.
        #expect(throws: NoteError.self) { try NoteVerifier(key: v.bad_verifier_keys[0]) }
        do { _ = try NoteVerifier(key: v.bad_verifier_keys[1]); Issue.record("accepted") } catch {
            #expect(error.code == .unknownAlgorithm)
        }
    }

    @Test("malformed verifier and signer keys", arguments: [
        "PeterNeumann+c74f20a3",                                               // no key
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // 7-digit hash
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",   // bad base64
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // space in the name
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",              // empty name
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // wrong hash
        "PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // another name
    ])
    func badKeys(key: String) {
        #expect(throws: NoteError.self) { try NoteVerifier(key: key) }
        #expect(throws: NoteError.self) { try NoteSigner(key: "PRIVATE+KEY+" + key) }
    }

    @Test("signer keys: a wrong hash, a bad prefix and a public key in place of a seed are refused")
    func badSignerKeys() throws {
        let v = try Self.vector()
        #expect(throws: NoteError.self) { try NoteSigner(key: v.signer_key.replacingOccurrences(of: "c74f20a3", with: "c74f20a4")) }
        #expect(throws: NoteError.self) { try NoteSigner(key: v.signer_key.replacingOccurrences(of: "PRIVATE+KEY", with: "PRIVATE+KEX")) }
        #expect(throws: NoteError.self) { try NoteSigner(key: "PRIVATE+KEY+" + v.verifier_key) }
    }

    @Test("generated keys sign and verify; several signers and key rotation")
    func generated() throws {
        let old = try NoteSigner.generateKey(name: "audit.baton.example/acme")
        let new = try NoteSigner.generateKey(name: "audit.baton.example/acme")
        #expect(old.signerKey != new.signerKey)
        let oldSigner = try NoteSigner(key: old.signerKey), newSigner = try NoteSigner(key: new.signerKey)
        #expect(oldSigner.verifier.key == old.verifierKey)
        let text = "audit.baton.example/acme\n3\n\(MerkleTree.emptyRoot.base64)\n"
        let note = try Note.sign(text: text, signers: [oldSigner, newSigner])
        // Readers that know either key, or both, open it.
        for known in [[old.verifierKey], [new.verifierKey], [old.verifierKey, new.verifierKey]] {
            let verifiers = NoteVerifiers(try known.map { try NoteVerifier(key: $0) })
            #expect(try Note.open(note, verifiers: verifiers).verifiedSignatures.count == known.count)
        }
        // A third key knows nothing of it.
        let stranger = try NoteVerifier(key: try NoteSigner.generateKey(name: "audit.baton.example/acme").verifierKey)
        #expect(throws: NoteError.self) { try Note.open(note, verifiers: NoteVerifiers([stranger])) }
    }

    @Test("malformed notes are refused", arguments: [
        "text\n",                                    // no signatures
        "text\n\n",                                  // blank line, no signature
        "text\n\nSIG",                               // no final newline
        "text\nSIG\n",                               // no blank line
        "text\n\n- PeterNeumann AAAA\n",             // hyphen, not em dash
        "text\n\n— PeterNeumann\n",                  // no signature
        "text\n\n— PeterNeumann AAAAAA==\n",         // shorter than 5 bytes
        "text\n\n— PeterNeumann !!!!\n",             // not base64
        "text\n\n—  PeterNeumann AAAAAAA=\n",        // empty name
        "te\u{1}xt\n\nSIG\n",                        // control character
        "text\r\n\nSIG\n",                           // carriage return
        "text\n\nSIG\n\n",                           // empty signature line
    ])
    func malformedNotes(template: String) throws {
        let v = try Self.vector()
        let signatureLine = String(v.signed_note.split(separator: "\n").last!)
        let note = template.replacingOccurrences(of: "SIG", with: signatureLine)
        let verifiers = NoteVerifiers([try NoteVerifier(key: v.verifier_key)])
        #expect(throws: NoteError.self, "\(note.debugDescription)") { try Note.open(note, verifiers: verifiers) }
    }

    @Test("invalid UTF-8, over 100 signatures and ambiguous keys are refused")
    func limits() throws {
        let v = try Self.vector()
        let verifier = try NoteVerifier(key: v.verifier_key)
        var bytes = Array(v.signed_note.utf8)
        bytes.insert(0xFF, at: 3)
        #expect(throws: NoteError.self) { try Note.open(bytes, verifiers: NoteVerifiers([verifier])) }
        // 100 copies of the same good line open (a repeated known signature counts once); 101 do not.
        let line = String(v.signed_note.split(separator: "\n").last!) + "\n"
        let hundred = v.text + "\n" + String(repeating: line, count: 100)
        #expect(try Note.open(hundred, verifiers: NoteVerifiers([verifier])).verifiedSignatures.count == 1)
        #expect(throws: NoteError.self) { try Note.open(hundred + line, verifiers: NoteVerifiers([verifier])) }
        // The same key listed twice is still one key.
        let twin = try NoteVerifier(key: v.verifier_key)
        #expect(try NoteVerifiers([verifier, twin]).verifier(name: "PeterNeumann", keyHash: verifier.keyHash) == verifier)
        let signer = try NoteSigner(key: v.signer_key)
        #expect(throws: NoteError.self) { try Note.sign(text: "no newline", signers: [signer]) }
        #expect(throws: NoteError.self) { try Note.sign(text: "a\tb\n", signers: [signer]) }
        #expect(throws: NoteError.self) { try Note.sign(text: "a\rb\n", signers: [signer]) }
        #expect(throws: NoteError.self) { try Note.sign(text: "a\n", signers: []) }
    }

    @Test("two different keys with the same name and key hash are ambiguous")
    func ambiguous() throws {
        // Find two public keys whose 32-bit key hashes collide (a birthday search, about 2^16 keys).
        var byHash: [UInt32: NoteVerifier] = [:]
        var pair: (NoteVerifier, NoteVerifier)?
        for counter in UInt32(0)..<1_000_000 {
            let key = withUnsafeBytes(of: counter.littleEndian) { Array($0) } + Array(repeating: 0, count: 28)
            let verifier = try NoteVerifier(name: "twin", publicKey: key)
            if let earlier = byHash[verifier.keyHash] {
                pair = (earlier, verifier)
                break
            }
            byHash[verifier.keyHash] = verifier
        }
        let (first, second) = try #require(pair)
        #expect(first.publicKey != second.publicKey && first.keyHash == second.keyHash)
        let verifiers = NoteVerifiers([first, second])
        #expect(throws: NoteError.self) { try verifiers.verifier(name: "twin", keyHash: first.keyHash) }
        #expect(try NoteVerifiers([first]).verifier(name: "twin", keyHash: first.keyHash) == first)
    }

    @Test("a validly signed note holding a control character is still refused", arguments: ["a\u{1}b\n", "a\rb\n", "a\tb\n"])
    func signedControlCharacters(text: String) throws {
        let v = try Self.vector()
        let signer = try NoteSigner(key: v.signer_key)
        // Signed by hand, since Note.sign refuses such text.
        let signature = try signer.sign(Array(text.utf8))
        let hash = withUnsafeBytes(of: signer.keyHash.bigEndian) { Array($0) }
        let note = text + "\n\u{2014} \(signer.name) " + Data(hash + signature).base64EncodedString() + "\n"
        do {
            _ = try Note.open(note, verifiers: NoteVerifiers([signer.verifier]))
            Issue.record("opened \(text.debugDescription)")
        } catch {
            #expect(error.code == .malformedNote)
        }
        // The same construction over clean text opens, so the refusal is the control character's.
        let clean = "a b\n"
        let good = try signer.sign(Array(clean.utf8))
        let cleanNote = clean + "\n\u{2014} \(signer.name) " + Data(hash + good).base64EncodedString() + "\n"
        #expect(try Note.open(cleanNote, verifiers: NoteVerifiers([signer.verifier])).text == clean)
    }

    @Test("base64 in signature lines must be canonical", arguments: [
        ("AAAAAAAAAQ==", true), ("AAAAAAAAAR==", false),   // 7 bytes: 4 bits under the padding
        ("AAAAAAAAAAE=", true), ("AAAAAAAAAAF=", false),   // 8 bytes: 2 bits under the padding
        ("AAAAAAAAAAAA", true), ("AAAAAAAAAA", false),     // 9 bytes; no padding at all
    ])
    func canonicalBase64(encoded: String, valid: Bool) throws {
        let v = try Self.vector()
        // An unknown key's signature: ignored when well-formed, a malformed note otherwise.
        let note = v.signed_note + "\u{2014} Stranger \(encoded)\n"
        let verifiers = NoteVerifiers([try NoteVerifier(key: v.verifier_key)])
        if valid {
            #expect(try Note.open(note, verifiers: verifiers).unverifiedSignatures.map(\.base64) == [encoded])
        } else {
            #expect(throws: NoteError.self) { try Note.open(note, verifiers: verifiers) }
        }
    }

    @Test("signature lines split on bytes: a name may start with a combining mark, as in Go")
    func combiningMark() throws {
        let v = try Self.vector()
        let note = v.signed_note + "\u{2014} \u{301}Stranger AAAAAAAAAAAA\n"
        let opened = try Note.open(note, verifiers: NoteVerifiers([try NoteVerifier(key: v.verifier_key)]))
        #expect(opened.unverifiedSignatures.map(\.name) == ["\u{301}Stranger"])
    }

    @Test("key names with white space or \"+\" are refused", arguments: ["Peter Neumann", "Peter\u{A0}Neumann", "a+b", "", "tab\tname"])
    func invalidNames(name: String) {
        #expect(throws: NoteError.self) { try NoteVerifier(name: name, publicKey: Array(repeating: 1, count: 32)) }
        #expect(throws: NoteError.self) { try NoteSigner(name: name, seed: Array(repeating: 1, count: 32)) }
    }
}
