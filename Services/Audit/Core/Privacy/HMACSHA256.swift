import COpenSSL

/// HMAC-SHA-256 through the `baton_hmac_sha256` shim (SHA-256 contexts on
/// the stack, no per-call algorithm look-up).
enum HMACSHA256 {
    static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    baton_hmac_sha256(keyBytes.baseAddress, keyBytes.count, messageBytes.baseAddress, messageBytes.count,
                                      out.baseAddress)
                }
            }
        }
        return output
    }
}
