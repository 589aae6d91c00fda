/// An error while loading the intent model.
public enum IntentModelError: Error, CustomStringConvertible {
    /// The resource `Resources/intent-model.bin` is not in the module bundle.
    case resourceNotFound
    /// The data is not in the format `Tools/intent/train.py` writes.
    case malformed(String)

    /// A readable description of the error.
    public var description: String {
        switch self {
        case .resourceNotFound:
            return "intent-model.bin not found in the SignalsCore bundle"
        case let .malformed(reason):
            return "intent-model.bin: \(reason)"
        }
    }
}
