import AuditCore
import Wire

/// Stored checkpoints as the wire's `SignedCheckpoint`.
enum SignedCheckpoints {
    static func message(_ checkpoint: LogStore.StoredCheckpoint, origin: String) -> AuditV1.SignedCheckpoint {
        .with {
            $0.note = checkpoint.note
            $0.treeSize = checkpoint.treeSize
            $0.rootHash = checkpoint.rootHash?.bytes ?? []
            $0.origin = origin
        }
    }
}
