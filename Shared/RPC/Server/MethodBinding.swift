internal import NIOCore
public import Wire

/// A method with its message types, for code that forwards messages without
/// reading them (the gateway): the descriptor, and conversions between the
/// binary encoding it forwards and the JSON a Connect client may send or
/// expect. Generated for every RPC (`<Service>.bindings`).
public struct MethodBinding: Sendable {
    /// The method's identity on the wire.
    public let descriptor: MethodDescriptor
    /// The request message's fully qualified name.
    public let requestName: String
    let requestFromJSON: @Sendable (ByteBuffer) throws(RPCError) -> ByteBuffer
    let responseToJSON: @Sendable (ByteBuffer) throws(RPCError) -> [UInt8]

    /// Binds `descriptor` to its request and response types.
    public init<Request: ProtoJSONMessage, Response: ProtoJSONMessage>(
        _ descriptor: MethodDescriptor, request: Request.Type, response: Response.Type
    ) {
        self.descriptor = descriptor
        requestName = Request.protoMessageName
        requestFromJSON = { (json: ByteBuffer) throws(RPCError) -> ByteBuffer in
            let message = try Request.decode(json, codec: .json)
            let size = message.encodedSize()
            var buffer = ByteBufferAllocator().buffer(capacity: size)
            buffer.writeProtoMessage(message, size: size)
            return buffer
        }
        responseToJSON = { (binary: ByteBuffer) throws(RPCError) -> [UInt8] in
            do throws(RPCError) {
                return try Response.decode(binary).jsonBytes()
            } catch {
                throw RPCError(.internal, "the upstream sent a malformed \(Response.protoMessageName): \(error.message)")
            }
        }
    }
}
