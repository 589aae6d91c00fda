import Wire

/// Feeds arbitrary bytes to the decoder of one of the message types in
/// `proto/` (the first byte picks which). Decoding must never crash, and
/// whatever decodes must re-encode to bytes that decode to the same encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let types = ProtoRegistry.messageTypes
    let type = types[Int(data[0]) % types.count]
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let options = DecodingOptions(maxDepth: 16, maxMessageSize: 1 << 20)
    guard let message = try? type.init(serializedBytes: input, options: options) else { return 0 }
    let encoded = message.serializedBytes()
    guard let again = try? type.init(serializedBytes: encoded, options: options) else {
        fatalError("\(type.protoMessageName): re-encoded message does not decode")
    }
    guard again.serializedBytes() == encoded else {
        fatalError("\(type.protoMessageName): encoding is not stable across a round trip")
    }
    return 0
}
