/// How a call's messages are encoded: the protobuf binary format, or the
/// canonical proto3 JSON mapping (Connect's `json` codec).
public enum MessageCodec: Hashable, Sendable {
    /// Protobuf binary (gRPC, gRPC-Web, Connect `proto`).
    case proto
    /// Proto3 JSON (Connect `json`).
    case json

    /// The codec's name in Connect content types (`application/<name>`, `application/connect+<name>`).
    public var name: String {
        switch self {
        case .proto: "proto"
        case .json: "json"
        }
    }
}
