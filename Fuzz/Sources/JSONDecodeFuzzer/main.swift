import Wire

/// Feeds arbitrary bytes to the proto3 JSON decoder of one of the message
/// types in `proto/` (the first byte picks which). Decoding must never crash;
/// whatever decodes must encode to JSON that decodes again and encodes to
/// the same bytes, and its binary encoding must decode.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let types = ProtoRegistry.messageTypes
    guard let type = types[Int(data[0]) % types.count] as? any ProtoJSONMessage.Type else {
        fatalError("\(types[Int(data[0]) % types.count].protoMessageName) has no JSON codec")
    }
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let options = JSONDecodingOptions(maxDepth: 16, maxMessageSize: 1 << 20)
    check(type, input, options)
    return 0
}

func check<Message: ProtoJSONMessage>(_: Message.Type, _ input: UnsafeRawBufferPointer, _ options: JSONDecodingOptions) {
    guard let message = try? Message(jsonBytes: input, options: options) else { return }
    let json = message.jsonBytes()
    let again: Message
    do {
        again = try Message(jsonBytes: json, options: options)
    } catch {
        fatalError("\(Message.protoMessageName): our JSON \(String(decoding: json, as: UTF8.self)) does not decode: \(error)")
    }
    guard again.jsonBytes() == json else {
        fatalError("\(Message.protoMessageName): JSON is not stable across a round trip: \(String(decoding: json, as: UTF8.self))")
    }
    guard (try? Message(serializedBytes: message.serializedBytes())) != nil else {
        fatalError("\(Message.protoMessageName): a message read from JSON has a binary encoding that does not decode")
    }
}
