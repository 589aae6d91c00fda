/// baton-audit's transparency-log rules as pure code: RFC 6962 / RFC 9162
/// Merkle tree hashing, inclusion and consistency proofs computed from a
/// store of hashes, C2SP checkpoints, C2SP signed notes with Ed25519, and the
/// C2SP tlog-tiles layout.
///
/// Nothing here opens a socket, reads a clock or touches the database: the
/// service hands in hashes (through a `HashReader`) and keys, and gets back
/// hashes to store, proofs, note bytes and tile paths. Hashing and signatures
/// come from OpenSSL's libcrypto so that the same primitives serve the whole
/// suite.
///
/// Everything is built to be checked by stock tools that share no code with
/// Baton: Go's golang.org/x/mod/sumdb/note and tlog packages open our notes
/// and check our proofs (`Tools/tlog-verify`).
public enum AuditCore {
    /// The version of these rules, for audit records.
    public static let version = "0.1.0"
}
