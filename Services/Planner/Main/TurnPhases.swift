import Synchronization
import Wire

/// How long each phase of one turn took (the stored state read, signals,
/// the look-ups, the commit, the audit append...), so that a slow turn's log
/// line says where its time went (``PlannerSettings/slowTurn``). A reference,
/// so that the work after the answer's commit can mark its own phases.
final class TurnPhases: Sendable {
    private struct State {
        var last: ContinuousClock.Instant
        var phases: [(name: String, duration: Duration)] = []
    }

    private let started: ContinuousClock.Instant
    private let state: Mutex<State>

    init() {
        let now = ContinuousClock.now
        started = now
        state = Mutex(State(last: now))
    }

    /// Ends the phase `name`: the time since the previous phase ended (or the turn began).
    func end(_ name: String) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.phases.append((name, now - state.last))
            state.last = now
        }
    }

    /// The time since the turn began.
    var elapsed: Duration { ContinuousClock.now - started }

    /// Each phase in order with its milliseconds, such as `load 0.41, signals 2.03`.
    var summary: String {
        state.withLock { state in
            state.phases.map { "\($0.name) \(($0.duration.timeInterval * 100_000).rounded() / 100)" }.joined(separator: ", ")
        }
    }
}
