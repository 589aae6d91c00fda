import HandoffCore
import Testing

@Suite("Handoff core")
struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(HandoffCore.version.split(separator: ".").count == 3)
    }
}
