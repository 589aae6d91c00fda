/// Checkpoints as signed notes.
extension Checkpoint {
    /// The checkpoint signed by `signers`, ready to publish.
    public func signedNote(signers: [NoteSigner]) throws(NoteError) -> String {
        try Note.sign(text: text, signers: signers)
    }

    /// Opens a signed checkpoint of the log `origin`: the note must verify
    /// against `verifiers` and its body must parse and name that origin.
    public static func open(_ message: [UInt8], verifiers: NoteVerifiers, origin: String) throws(CheckpointError) -> Checkpoint {
        let note: Note
        do {
            note = try Note.open(message, verifiers: verifiers)
        } catch {
            throw CheckpointError(.noteRefused, error.description, noteError: error)
        }
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.origin == origin else {
            throw CheckpointError(.originMismatch, "checkpoint of \"\(checkpoint.origin)\", expected \"\(origin)\"")
        }
        return checkpoint
    }
}
