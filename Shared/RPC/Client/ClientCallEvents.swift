import NIOCore
import Synchronization

/// One call's events on their way from its connection's event loop to the
/// task that made the call, and the stream id the call got: a buffer with at
/// most one waiting reader.
///
/// In place of an `AsyncStream`: a proxy makes one per forwarded call, and
/// the stream's unspecialised generic storage looked its type metadata up on
/// every event (making, feeding and reading the streams took about 9 % of
/// the gateway's CPU under load; generic metadata lookups fell from 4 % to
/// under 1 % without them). The semantics are the stream's: events in order,
/// ``next()`` returns nil once finished and drained, and a reader whose task
/// is cancelled gets nil.
final class ClientCallEvents: Sendable {
    private struct State {
        var buffered = CircularBuffer<ClientCallEvent>(initialCapacity: 4)
        var finished = false
        var waiter: UnsafeContinuation<ClientCallEvent?, Never>?
        /// Set on the loop once the call's stream is open; nil before, and for a call that never opened.
        var streamID: Int32?
    }

    private let state = Mutex(State())

    /// The call's HTTP/2 stream id, once open.
    var streamID: Int32? {
        get { state.withLock { $0.streamID } }
        set { state.withLock { $0.streamID = newValue } }
    }

    /// Hands `event` to the reader (at once if it is waiting); ignored after ``finish()``.
    func yield(_ event: ClientCallEvent) {
        let waiter = state.withLock { state -> UnsafeContinuation<ClientCallEvent?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffered.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// No more events: the reader gets what is buffered, then nil.
    func finish() {
        let waiter = state.withLock { state -> UnsafeContinuation<ClientCallEvent?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next event; nil when finished and drained, or when the reading task is cancelled.
    func next() async -> ClientCallEvent? {
        enum Step { case event(ClientCallEvent?), wait }
        let step = state.withLock { state -> Step in
            if let event = state.buffered.popFirst() { return .event(event) }
            return state.finished ? .event(nil) : .wait
        }
        if case .event(let event) = step { return event }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<ClientCallEvent?, Never>) in
                let ready = state.withLock { state -> ClientCallEvent?? in
                    if let event = state.buffered.popFirst() { return .some(event) }
                    if state.finished { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            // As an AsyncStream does: the cancelled reader's iteration ends.
            finish()
        }
    }
}
