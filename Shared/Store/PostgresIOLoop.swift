import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A thread that drives many Postgres connections with `poll`: it writes
/// requests through libpq's non-blocking API and reads results as sockets
/// become readable, then resumes the waiting tasks. Under load it serves
/// every connection per wake-up, instead of a thread hop per statement.
///
/// Blocking libpq calls (connecting) never run here; they run on a thread of
/// their own and hand the finished connection over.
///
/// `@unchecked Sendable`: `connections` and the loop's locals are touched
/// only on the loop thread; everything else crosses through `inbox` (a
/// mutex) and the eventfd.
///
/// The loop is also a task executor: a task that does a lot of database work
/// (a claim loop, a batch job, a benchmark client) can prefer it, and then
/// its statements go out and its continuations resume on the same thread,
/// with no hand-off at all, which is how pgbench's threads work.
public final class PostgresIOLoop: TaskExecutor, @unchecked Sendable {
    /// `@unchecked Sendable` for `.register`: the connection is handed over
    /// whole; the posting side never touches it again.
    enum Message: @unchecked Sendable {
        case register(id: Int, PostgresConnection, CheckedContinuation<Void, Never>)
        case request(id: Int, PostgresRequest, PostgresCompletion)
        case close(id: Int)
        /// Gives the connection up (to move it to another loop); nil when it is gone.
        case detach(id: Int, CheckedContinuation<PostgresWorker.Transfer?, Never>)
        case job(UnownedJob)
    }

    private let inbox = Mutex<[Message]>([])
    /// The loop thread's id once it runs (0 before); read on every post.
    private let threadID = Atomic<UInt>(0)
    private let sleeping = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    /// A pipe: the loop polls its read end; `post` writes a byte to wake it.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Loop thread only: connections by id, for requests.
    private var connections: [Int: PostgresConnection] = [:]
    /// Loop thread only: the connections in poll order (descriptor `i + 1`;
    /// the wake pipe is descriptor 0), rebuilt only when the set changes.
    private var polled: [(id: Int, connection: PostgresConnection)] = []
    private var pollSetChanged = true
    /// Told (on the loop thread) that a connection broke.
    private let onBroken: @Sendable (Int) -> Void

    init(name: String, onBroken: @escaping @Sendable (Int) -> Void) {
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "pipe failed: errno \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        self.onBroken = onBroken
        let thread = Thread { [self] in
            threadID.store(UInt(pthread_self()), ordering: .releasing)
            // Named here: Foundation's `Thread.name` does not name the Linux thread, which then showed in top, perf
            // and /proc under its creator's name (a Dispatch thread's "oot.default-qos"). Glibc's pthread_setname_np
            // is not visible to Swift; the thread's comm file is the same setting (proc(5)); none elsewhere.
            if let comm = FileHandle(forWritingAtPath: "/proc/thread-self/comm") {
                comm.write(Data(name.utf8))
                try? comm.close()
            }
            run()
        }
        thread.name = name
        thread.start()
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Whether the caller runs on this loop's thread.
    var isCurrent: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Posts a message to the loop, waking it if it sleeps (never needed from the loop itself).
    func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
        if sleeping.load(ordering: .acquiring) && !isCurrent { wake() }
    }

    /// Sends a request on connection `id`: at once when called on the loop
    /// thread (a task running on this executor), else through the inbox.
    func submit(id: Int, _ request: PostgresRequest, completion: PostgresCompletion) {
        guard isCurrent else {
            post(.request(id: id, request, completion))
            return
        }
        guard let connection = connections[id] else {
            completion.resume(returning: .failure(PostgresError(.connectionUnavailable, "the connection is closed")))
            return
        }
        connection.start(request, completion: completion)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        post(.job(UnownedJob(job)))
    }

    /// Ends the thread after it fails whatever is in flight.
    func stop() {
        stopped.store(true, ordering: .releasing)
        wake()
    }

    private func run() {
        var descriptors: [pollfd] = []
        while !stopped.load(ordering: .acquiring) {
            drainInbox()
            if pollSetChanged {
                pollSetChanged = false
                polled = connections.map { (id: $0.key, connection: $0.value) }
                descriptors = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                descriptors += polled.map { pollfd(fd: $0.connection.socket, events: 0, revents: 0) }
            }
            // Idle connections are polled too: a server going away is noticed at once.
            for index in polled.indices {
                descriptors[index + 1].events = Int16(polled[index].connection.hasPendingOutput ? POLLIN | POLLOUT : POLLIN)
            }
            sleeping.store(true, ordering: .releasing)
            // Messages posted before `sleeping` was set have not written the pipe.
            let hasMail = inbox.withLock { !$0.isEmpty }
            let ready = poll(&descriptors, nfds_t(descriptors.count), hasMail ? 0 : -1)
            sleeping.store(false, ordering: .releasing)
            guard ready > 0 else { continue }
            if descriptors[0].revents != 0 {
                var drain = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                while withUnsafeMutableBytes(of: &drain, { read(wakeRead, $0.baseAddress, $0.count) }) > 0 {}
            }
            var broken: [Int] = []
            for (index, (id, connection)) in polled.enumerated() where descriptors[index + 1].revents != 0 {
                let events = descriptors[index + 1].revents
                if events & Int16(POLLOUT) != 0 { connection.flush() }
                if events & Int16(POLLIN | POLLERR | POLLHUP) != 0, !connection.readAvailable() {
                    broken.append(id)
                }
            }
            broken.forEach(drop)
        }
        for (id, connection) in connections {
            connection.fail(PostgresError(.poolClosed, "the pool is shut down"))
            connections[id] = nil
        }
    }

    private func drainInbox() {
        let messages = inbox.withLock { inbox in
            defer { inbox.removeAll(keepingCapacity: true) }
            return inbox
        }
        for message in messages {
            switch message {
            case .register(let id, let connection, let done):
                connections[id] = connection
                pollSetChanged = true
                done.resume()
            case .request(let id, let request, let completion):
                guard let connection = connections[id] else {
                    completion.resume(returning: .failure(PostgresError(.connectionUnavailable, "the connection is closed")))
                    continue
                }
                connection.start(request, completion: completion)
            case .close(let id):
                connections[id]?.fail(PostgresError(.connectionLost, "the connection was closed"))
                connections[id] = nil
                pollSetChanged = true
            case .detach(let id, let done):
                let connection = connections.removeValue(forKey: id)
                pollSetChanged = true
                done.resume(returning: connection.map(PostgresWorker.Transfer.init))
            case .job(let job):
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }

    private func drop(_ id: Int) {
        connections[id] = nil
        pollSetChanged = true
        onBroken(id)
    }
}
