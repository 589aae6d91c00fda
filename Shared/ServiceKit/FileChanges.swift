import Foundation
import Synchronization

/// Whether files changed on disk since the last look, by their modification
/// times (following symbolic links, so a Kubernetes Secret or ConfigMap
/// swapped under its link counts): what certificate and key-set reloaders poll.
public final class FileChanges: Sendable {
    private let paths: [String]
    private let seen: Mutex<[Date?]>

    /// Watches `paths`, as they are now.
    public init(_ paths: [String]) {
        self.paths = paths
        seen = Mutex(Self.modificationTimes(paths))
    }

    /// Whether any file changed (appeared, vanished or was rewritten) since the last call or since `init`.
    public func changed() -> Bool {
        let now = Self.modificationTimes(paths)
        return seen.withLock { seen in
            defer { seen = now }
            return seen != now
        }
    }

    private static func modificationTimes(_ paths: [String]) -> [Date?] {
        paths.map { (try? FileManager.default.attributesOfItem(atPath: $0))?[.modificationDate] as? Date }
    }
}
