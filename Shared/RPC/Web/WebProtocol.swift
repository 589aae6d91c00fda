/// The browser-friendly RPC protocols served beside HTTP/2 gRPC, told apart
/// by the request's content type.
public enum WebProtocol: Hashable, Sendable {
    /// gRPC-Web (grpc/grpc doc/PROTOCOL-WEB.md): gRPC frames, the status in a
    /// final frame flagged 0x80; `text` is the base64 variant.
    case grpcWeb(text: Bool)
    /// Connect unary: the bare message as the body, the status as the HTTP status.
    case connectUnary(MessageCodec)
    /// Connect streaming: enveloped messages, then an end-of-stream envelope (flag 0x02) with the status.
    case connectStreaming(MessageCodec)

    /// The protocol `contentType` names, or nil (gRPC proper, or no RPC at all).
    public init?(contentType: String) {
        var base = Substring(contentType)
        if let semicolon = base.firstIndex(of: ";") { base = base[..<semicolon] }
        switch base.lowercased().filter({ $0 != " " && $0 != "\t" }) {
        case "application/grpc-web", "application/grpc-web+proto": self = .grpcWeb(text: false)
        case "application/grpc-web-text", "application/grpc-web-text+proto": self = .grpcWeb(text: true)
        case "application/json": self = .connectUnary(.json)
        case "application/proto": self = .connectUnary(.proto)
        case "application/connect+json": self = .connectStreaming(.json)
        case "application/connect+proto": self = .connectStreaming(.proto)
        default: return nil
        }
    }

    /// How messages are encoded.
    public var codec: MessageCodec {
        switch self {
        case .grpcWeb: .proto
        case .connectUnary(let codec), .connectStreaming(let codec): codec
        }
    }

    /// The content type of responses.
    public var responseContentType: String {
        switch self {
        case .grpcWeb(let text): text ? "application/grpc-web-text+proto" : "application/grpc-web+proto"
        case .connectUnary(let codec): "application/\(codec.name)"
        case .connectStreaming(let codec): "application/connect+\(codec.name)"
        }
    }

    /// The header naming the request's compression (only identity is accepted).
    var encodingHeader: String {
        switch self {
        case .grpcWeb: "grpc-encoding"
        case .connectUnary: "content-encoding"
        case .connectStreaming: "connect-content-encoding"
        }
    }
}
