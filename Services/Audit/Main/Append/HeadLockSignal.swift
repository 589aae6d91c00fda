import Synchronization

/// Opens once a pipelined batch holds its heads' locks (or has given up):
/// the next pipelined batch, built on this one's result, sends its own head
/// moves only then. They reach the server in build order, so the next one
/// waits on the lock (and goes on as soon as this one commits) rather than
/// arriving first and finding a head that has not moved yet.
final class HeadLockSignal: Sendable {
    private struct State {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Opens the signal; waiters go on. Opening again does nothing.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the signal is open.
    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state -> Bool in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}
