import Foundation
import TestSupport
import Wire

/// Runs the system `protoc` (Debian `protobuf-compiler`) over the repository's
/// `proto/` folder: the reference implementation the golden tests compare with.
struct Protoc {
    struct Failure: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var stderr: String
        var description: String { "protoc \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let protoRoot = repositoryRoot.appendingPathComponent("proto")

    /// Every `.proto` file under `proto/`, relative to it.
    static func protoFiles() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: protoRoot.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".proto") { files.append(path) }
        }
        return files.sorted()
    }

    /// Runs protoc with `-Iproto -I/usr/include` and the given arguments.
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        let result = try Subprocess.run("/usr/bin/protoc", ["-I\(protoRoot.path)", "-I/usr/include"] + arguments, input: input)
        guard result.status == 0 else {
            throw Failure(arguments: arguments, status: result.status, stderr: "see the test output")
        }
        return result.output
    }

    /// `protoc --encode=NAME`: text format to binary.
    static func encode(_ text: String, as messageName: String, file: String) throws -> [UInt8] {
        try run(["--encode=\(messageName)", file], input: Array(text.utf8))
    }

    /// `protoc --decode=NAME`: binary to text format.
    static func decode(_ bytes: [UInt8], as messageName: String, file: String) throws -> String {
        String(decoding: try run(["--decode=\(messageName)", file], input: bytes), as: UTF8.self)
    }

    /// The descriptor set of every file under `proto/` (imports included),
    /// decoded with Baton's own codec.
    static func descriptorSet() throws -> TestingDescriptor.FileDescriptorSet {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("baton-golden-\(ProcessInfo.processInfo.processIdentifier).pb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try run(["--include_imports", "--include_source_info", "--descriptor_set_out=\(path)"] + protoFiles())
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try TestingDescriptor.FileDescriptorSet(serializedBytes: bytes)
    }
}
