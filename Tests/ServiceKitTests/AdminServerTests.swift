import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ServiceKit
import Testing

/// The admin port over a real socket.
@Suite("Admin server")
struct AdminServerTests {
    func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    @Test("/healthz, /readyz before and after ready, /metrics, and 404")
    func endpoints() async throws {
        let admin = AdminServer { "# TYPE baton_up gauge\nbaton_up 1\n" }
        let port = try await admin.start(host: "127.0.0.1", port: 0)
        #expect(try await get(port, "/healthz").0 == 200)
        #expect(try await get(port, "/readyz").0 == 503)
        admin.setReady(true)
        #expect(try await get(port, "/readyz").0 == 200)
        let (status, body) = try await get(port, "/metrics")
        #expect(status == 200)
        #expect(body.contains("baton_up 1"))
        #expect(try await get(port, "/nope").0 == 404)
        await admin.shutdown()
    }
}
