import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Pipes are made close-on-exec and children spawned under one lock, so a
/// child (say, a Postgres server that keeps running) never inherits another
/// test's pipe and holds it open forever.
private let spawnLock = Mutex(())

/// Runs a command and waits for it with posix_spawn and waitpid.
///
/// Tests use this instead of Foundation's `Process`, whose `waitUntilExit`
/// can hang on Linux when called from the concurrency pool.
public enum Subprocess {
    /// What a finished command left.
    public struct Result: Sendable {
        /// The exit status (128 + signal number if it was killed).
        public var status: Int32
        /// Everything it wrote to standard output.
        public var output: [UInt8]

        /// The output as text.
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs `path` with `arguments`, feeding `input` to standard input;
    /// standard error goes to the test's own.
    public static func run(_ path: String, _ arguments: [String], input: [UInt8] = [],
                           environment: [String: String] = [:]) throws -> Result {
        // A child that exits before reading its input must not kill the test with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = try spawnLock.withLock { _ -> Int32 in
            guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw POSIXError(.EMFILE) }
            for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            // dup2 onto 0 and 1 clears close-on-exec for the child's own ends.
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
            return posix_spawn(&pid, path, &actions, nil, argv, envp)
        }
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        // Feed stdin from a thread so a full pipe cannot deadlock against our read.
        let stdinFD = toChild[1]
        let writer = Thread { [input] in
            var offset = 0
            while offset < input.count {
                let written = input[offset...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
            close(stdinFD)
        }
        writer.start()
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fromChild[0], &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        close(fromChild[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return Result(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output: output)
    }
}

extension Subprocess {
    /// ``run(_:_:input:environment:)`` on a dispatch thread, so waiting never
    /// blocks a thread of the concurrency pool.
    public static func runDetached(_ path: String, _ arguments: [String], input: [UInt8] = [],
                                   environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try run(path, arguments, input: input, environment: environment) })
            }
        }
    }
}
