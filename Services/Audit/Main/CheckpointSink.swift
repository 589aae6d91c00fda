import AuditCore
import Foundation
import Logging

/// Checkpoints out of the database: one file per signed checkpoint,
/// `<directory>/<tenant>/<tree size>`, created exclusively and never
/// rewritten, so a monitor (or a backup) keeps what was published even if
/// the database is later rewritten.
struct CheckpointSink: Sendable {
    let directory: URL
    let logger: Logger

    func write(_ checkpoint: LogStore.StoredCheckpoint, tenant: String) {
        let folder = directory.appendingPathComponent(Self.safeName(tenant), isDirectory: true)
        let file = folder.appendingPathComponent(String(checkpoint.treeSize))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // O_EXCL: an existing checkpoint file is never replaced.
            let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o444)
            guard descriptor >= 0 else {
                if errno != EEXIST { logger.error("cannot write checkpoint file", metadata: ["path": "\(file.path)", "errno": "\(errno)"]) }
                return
            }
            defer { close(descriptor) }
            let bytes = Array(checkpoint.note.utf8)
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written != bytes.count { logger.error("short checkpoint file write", metadata: ["path": "\(file.path)"]) }
            fsync(descriptor)
        } catch {
            logger.error("cannot write checkpoint file", metadata: ["path": "\(file.path)", "error": "\(error)"])
        }
    }

    /// The tenant as a file name: its bytes percent-encoded beyond [A-Za-z0-9._-].
    static func safeName(_ tenant: String) -> String {
        var name = ""
        for byte in tenant.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                name.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: ".") where !name.isEmpty:
                name.append(".")
            default:
                name += String(format: "%%%02X", byte)
            }
        }
        return name
    }
}
