import Foundation
import ServiceKit
import Testing

@Suite struct FileChangesTests {
    @Test func aRewriteAndARemovalAreSeenOnceEach() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-file-changes-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("one".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let files = FileChanges([path])
        #expect(!files.changed())
        // A rewrite: set the modification time explicitly, so the test does not depend on the clock's resolution.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        #expect(files.changed())
        #expect(!files.changed())
        try FileManager.default.removeItem(atPath: path)
        #expect(files.changed())
        #expect(!files.changed())
    }
}
