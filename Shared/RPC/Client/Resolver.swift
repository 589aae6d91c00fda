import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Resolves every address of a name with getaddrinfo, on NIO's blocking pool
/// (never on an event loop).
enum Resolver {
    struct Failure: Error, CustomStringConvertible {
        var host: String
        var code: Int32
        var description: String { "getaddrinfo(\(host)): \(String(cString: gai_strerror(code)))" }
    }

    static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: host, port: port) { return [literal] }
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            var result: UnsafeMutablePointer<addrinfo>?
            let code = getaddrinfo(host, String(port), &hints, &result)
            guard code == 0 else { throw Failure(host: host, code: code) }
            defer { freeaddrinfo(result) }
            var addresses: [SocketAddress] = []
            var cursor = result
            while let info = cursor {
                if let address = info.pointee.ai_addr {
                    switch Int32(address.pointee.sa_family) {
                    case AF_INET:
                        let v4 = UnsafeRawPointer(address).load(as: sockaddr_in.self)
                        addresses.append(SocketAddress(v4, host: host))
                    case AF_INET6:
                        let v6 = UnsafeRawPointer(address).load(as: sockaddr_in6.self)
                        addresses.append(SocketAddress(v6, host: host))
                    default:
                        break
                    }
                }
                cursor = info.pointee.ai_next
            }
            // getaddrinfo repeats an address per protocol; keep each once, in order.
            var seen = Set<String>()
            return addresses.filter { seen.insert("\($0)").inserted }
        }
    }
}
