import Foundation
import Synchronization

/// `LISTEN` on a dedicated connection and thread, as an async sequence.
///
/// The connection is not from the pool: it stays in LISTEN for the life of
/// the sequence. When it breaks, the listener reconnects (with backoff),
/// listens again, and yields ``Event/reconnected``: notifications sent while
/// it was away are lost, so consumers re-read the state they watch.
public final class PostgresListener: Sendable {
    /// What the sequence yields.
    public enum Event: Sendable, Hashable {
        /// A `NOTIFY` on one of the channels.
        case notification(channel: String, payload: String)
        /// The connection was re-established; missed notifications are gone.
        case reconnected
    }

    private let parameters: [(String, String)]

    /// Creates a listener connecting like `pool` does.
    public init(configuration: PostgresPool.Configuration) {
        var configuration = configuration
        configuration.statementTimeout = nil
        configuration.applicationName += "-listener"
        self.parameters = configuration.libpqParameters
    }

    /// Listens on `channels` (lower-case identifiers) until the sequence is dropped.
    public func events(channels: [String]) throws(PostgresError) -> AsyncStream<Event> {
        for channel in channels where !Self.isIdentifier(channel) {
            throw PostgresError(.invalidParameter, "channel '\(channel)' is not a lower-case identifier")
        }
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        let stopped = Atomic<Bool>(false)
        let sendableParameters = SendableParameters(value: parameters)
        let thread = Thread {
            Self.run(parameters: sendableParameters.value, channels: channels, continuation: continuation, stopped: stopped)
        }
        thread.name = "baton.postgres.listener"
        continuation.onTermination = { _ in stopped.store(true, ordering: .releasing) }
        thread.start()
        return stream
    }

    private struct SendableParameters: @unchecked Sendable {
        // An immutable array of string pairs, handed to the listener thread once.
        let value: [(String, String)]
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") || first == UInt8(ascii: "_") else {
            return false
        }
        return name.utf8.count <= 63 && name.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
        }
    }

    private static func run(parameters: [(String, String)], channels: [String],
                            continuation: AsyncStream<Event>.Continuation, stopped: borrowing Atomic<Bool>) {
        var connection: PostgresConnection?
        var failures = 0
        var everConnected = false
        while !stopped.load(ordering: .acquiring) {
            do throws(PostgresError) {
                if connection == nil {
                    let fresh = try PostgresConnection(parameters: parameters)
                    for channel in channels { try fresh.executeBlocking("LISTEN \(channel)") }
                    connection = fresh
                    failures = 0
                    if everConnected { continuation.yield(.reconnected) }
                    everConnected = true
                }
                for notification in try connection!.awaitNotifications(timeoutMilliseconds: 200) {
                    continuation.yield(.notification(channel: notification.channel, payload: notification.payload))
                }
            } catch {
                connection = nil
                failures += 1
                // Back off up to 2 s, checking for the end of the sequence.
                let pause = min(2_000, 50 << min(failures, 6))
                var waited = 0
                while waited < pause && !stopped.load(ordering: .acquiring) {
                    usleep(50_000)
                    waited += 50
                }
            }
        }
        continuation.finish()
    }
}
