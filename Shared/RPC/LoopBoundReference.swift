import NIOCore

/// A reference to an object that lives on one event loop, usable from any
/// task: ``run(_:)`` calls straight through when already on the loop (the
/// usual case, as call tasks prefer their connection's loop) and hops to it
/// otherwise.
struct LoopBoundReference<Value: AnyObject>: Sendable {
    let loop: any EventLoop
    let bound: NIOLoopBound<Value>

    init(_ value: Value, on loop: any EventLoop) {
        self.loop = loop
        self.bound = NIOLoopBound(value, eventLoop: loop)
    }

    func run(_ body: @escaping @Sendable (Value) -> Void) {
        if loop.inEventLoop {
            body(bound.value)
        } else {
            let bound = bound
            loop.execute { body(bound.value) }
        }
    }
}
