import Logging
import ServiceLifecycle
import Synchronization

/// Work a service runs beside its RPCs, on a period, until shutdown: a
/// proactive scan, an offer-expiry sweep. Jobs are registered at start-up
/// (``ServiceContext/schedule(_:every:_:)``) and stop at the graceful
/// shutdown signal, before the gRPC server drains.
public final class BackgroundJobs: Sendable {
    struct Job: Sendable {
        let name: String
        let interval: Duration
        let body: @Sendable () async throws -> Void
    }

    private let jobs = Mutex<[Job]>([])

    init() {}

    func add(_ job: Job) {
        jobs.withLock { $0.append(job) }
    }

    var registered: [Job] { jobs.withLock { $0 } }
}

/// Runs the registered jobs under swift-service-lifecycle. A failing run is
/// logged and the job runs again at its next period: one bad pass (the
/// database restarting) must not stop the service's background work.
struct BackgroundJobsService: Service {
    let jobs: BackgroundJobs
    let logger: Logger

    func run() async throws {
        // A service without jobs still runs until shutdown: a service that
        // returns early ends the whole group.
        guard !jobs.registered.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for job in jobs.registered {
                    group.addTask {
                        while !Task.isCancelled {
                            do {
                                try await job.body()
                            } catch where !Task.isCancelled {
                                logger.warning("background job failed", metadata: ["job": "\(job.name)", "error": "\(error)"])
                            } catch {}
                            try? await Task.sleep(for: job.interval)
                        }
                    }
                }
            }
        }
    }
}
