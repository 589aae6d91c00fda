/// A C2SP signed note (c2sp.org/signed-note), as Go's
/// golang.org/x/mod/sumdb/note reads and writes it: a text ending in a
/// newline, a blank line, then one signature line per signer.
public struct Note: Hashable, Sendable {
    /// The note text, including its final newline.
    public var text: String
    /// Signatures by known keys, each verified.
    public var verifiedSignatures: [NoteSignature]
    /// Signatures by keys the reader does not know, ignored as the spec
    /// requires (a rotated-in key, a witness' cosignature).
    public var unverifiedSignatures: [NoteSignature]

    /// More signature lines than this make a note malformed, as in Go's
    /// note.Open (the spec asks to accept at least 16).
    public static let maxSignatures = 100

    /// The signed note of `text` by every signer in order.
    ///
    /// The text must end in a newline and hold no control character other
    /// than newline, so that what is signed is what a reader will see.
    public static func sign(text: String, signers: [NoteSigner]) throws(NoteError) -> String {
        guard text.utf8.last == 0x0A else { throw NoteError(.malformedText, "the text does not end in a newline") }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw NoteError(.malformedText, "the text holds a control character")
        }
        guard !signers.isEmpty else { throw NoteError(.malformedText, "no signer") }
        let message = Array(text.utf8)
        var note = text + "\n"
        for signer in signers {
            let signature = try signer.sign(message)
            let hash = withUnsafeBytes(of: signer.keyHash.bigEndian) { Array($0) }
            note += NoteSignature(name: signer.name, keyHash: signer.keyHash, base64: Base64.encode(hash + signature)).line
        }
        return note
    }

    /// Opens a signed note against the verifiers the reader trusts.
    ///
    /// Refuses a malformed note, a note with a signature by a known key that
    /// does not verify, and a note with no signature by a known key.
    /// Signatures by unknown keys are kept, unverified, and otherwise
    /// ignored: a note signed by an old and a new key opens with either.
    public static func open(_ message: [UInt8], verifiers: NoteVerifiers) throws(NoteError) -> Note {
        // Decoding replaces invalid UTF-8, so a round trip that changes the bytes finds it.
        let decoded = String(decoding: message, as: UTF8.self)
        guard decoded.utf8.elementsEqual(message) else { throw NoteError(.malformedNote, "not UTF-8") }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw NoteError(.malformedNote, "a control character")
        }
        // The signatures start after the last blank line.
        guard let split = lastBlankLine(message) else { throw NoteError(.malformedNote, "no blank line before the signatures") }
        let text = Array(message[..<(split + 1)])
        let lines = message[(split + 2)...]
        guard lines.last == 0x0A else { throw NoteError(.malformedNote, "no signature, or no final newline") }

        var note = Note(text: String(decoding: text, as: UTF8.self), verifiedSignatures: [], unverifiedSignatures: [])
        var seenKnown = Set<NoteSignature.Key>()
        var seenUnknown = Set<[UInt8]>()
        var count = 0
        // Bytes, not Characters: a combining mark after the em dash or the
        // space must not merge with it and change where fields split.
        let dashSpace: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
        for rawLine in lines.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard rawLine.starts(with: dashSpace) else { throw NoteError(.malformedNote, "a signature line without \"— \"") }
            let body = rawLine.dropFirst(dashSpace.count)
            let space = body.firstIndex(of: 0x20) ?? body.endIndex
            let name = String(decoding: body[..<space], as: UTF8.self)
            let encoded = space == body.endIndex ? "" : String(decoding: body[(space + 1)...], as: UTF8.self)
            guard NoteKey.isValidName(name), !encoded.isEmpty, let bytes = Base64.decode(encoded), bytes.count >= 5 else {
                throw NoteError(.malformedNote, "a malformed signature line")
            }
            count += 1
            guard count <= maxSignatures else { throw NoteError(.malformedNote, "more than \(maxSignatures) signatures") }
            let hash = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let signature = NoteSignature(name: name, keyHash: hash, base64: encoded)
            guard let verifier = try verifiers.verifier(name: signature.name, keyHash: hash) else {
                if seenUnknown.insert(Array(body)).inserted { note.unverifiedSignatures.append(signature) }
                continue
            }
            guard seenKnown.insert(signature.key).inserted else { continue }
            guard verifier.verifies(Array(bytes.dropFirst(4)), of: text) else {
                throw NoteError(.invalidSignature, "the signature of \(signature.name)+\(Hex.encode(hash)) does not verify")
            }
            note.verifiedSignatures.append(signature)
        }
        guard !note.verifiedSignatures.isEmpty else {
            throw NoteError(.noKnownSignature, "no signature by a known key")
        }
        return note
    }

    /// Opens a signed note given as text.
    public static func open(_ message: String, verifiers: NoteVerifiers) throws(NoteError) -> Note {
        try open(Array(message.utf8), verifiers: verifiers)
    }

    /// The offset of the first newline of the last "\n\n".
    private static func lastBlankLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
