import SignalsCore
import Testing

@Suite("Signals core")
struct SignalsCoreTests {
    @Test("the version is set")
    func version() {
        #expect(!SignalsCore.version.isEmpty)
    }
}
