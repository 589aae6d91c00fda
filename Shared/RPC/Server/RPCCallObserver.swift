/// Told about every call a server finishes, for metrics.
///
/// Called on the connection's event loop: implementations must be quick and
/// must not block.
public protocol RPCCallObserver: Sendable {
    /// A call ended with `code` after `duration` (measured from its start).
    func callFinished(_ method: MethodDescriptor, code: StatusCode, duration: Duration)
}
