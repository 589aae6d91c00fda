/// The `grpc-status-details-bin` trailer of a rate-limited call: a
/// `google.rpc.Status` holding a `google.rpc.RetryInfo`, so that stock gRPC
/// clients (grpcio-status, grpc-go's status package) read the delay the way
/// they read it from any Google API.
public enum RetryInfo {
    /// The encoded `google.rpc.Status` for `code` and `message` with a
    /// `RetryInfo` detail of `retryAfter` seconds.
    public static func statusDetails(code: Int32, message: String, retryAfter: Double) -> [UInt8] {
        let seconds = max(0, retryAfter)
        let whole = Int64(seconds.rounded(.down))
        let nanos = Int32(((seconds - Double(whole)) * 1_000_000_000).rounded())
        var duration: [UInt8] = []
        if whole != 0 { duration += tag(1, wireType: 0) + varint(UInt64(whole)) }
        if nanos != 0 { duration += tag(2, wireType: 0) + varint(UInt64(nanos)) }
        let retryInfo = lengthDelimited(1, duration)
        let any = lengthDelimited(1, Array("type.googleapis.com/google.rpc.RetryInfo".utf8)) + lengthDelimited(2, retryInfo)
        var status: [UInt8] = []
        if code != 0 { status += tag(1, wireType: 0) + varint(UInt64(UInt32(bitPattern: code))) }
        if !message.isEmpty { status += lengthDelimited(2, Array(message.utf8)) }
        return status + lengthDelimited(3, any)
    }

    private static func tag(_ number: UInt64, wireType: UInt64) -> [UInt8] { varint(number << 3 | wireType) }

    private static func lengthDelimited(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        tag(number, wireType: 2) + varint(UInt64(bytes.count)) + bytes
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }
}
