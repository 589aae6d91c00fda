public import NIOCore

/// A task executor that runs jobs on one NIO event loop, so a call's handler
/// runs on its connection's loop: no thread hop to start it, none to send
/// its response.
///
/// Handlers must not block: a blocking call stalls every connection on the
/// loop. Blocking work (libpq, files) belongs on threads of its own.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop jobs run on.
    public let loop: any EventLoop

    /// Creates an executor for `loop`.
    public init(loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
