import CLibPQ
import CNGHTTP2
import COpenSSL
import Testing

/// The module maps link the C libraries the design names and their shims compile.
@Suite("System libraries")
struct SystemLibraryTests {
    @Test("libnghttp2 is 1.52 or newer")
    func nghttp2Version() throws {
        let info = try #require(nghttp2_version(0))
        #expect(info.pointee.version_num >= 0x013400)
    }

    @Test("libpq reports a version")
    func libpqVersion() {
        #expect(PQlibVersion() >= 140000)
    }

    @Test("OpenSSL 3 hashes with SHA-256")
    func openSSLHash() {
        #expect(OpenSSL_version_num() >= 0x3000_0000)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array("abc".utf8)
        _ = SHA256(input, input.count, &digest)
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
