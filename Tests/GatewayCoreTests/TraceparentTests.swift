@testable import GatewayCore
import Testing

@Suite struct TraceparentTests {
    @Test func aValidHeaderIsContinuedWithANewSpan() throws {
        let parent = try #require(Traceparent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        let child = parent.child(spanID: "1111111111111111")
        #expect(child.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01")
    }

    @Test(arguments: [
        "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    ])
    func invalidHeadersAreNotContinued(_ header: String) {
        #expect(Traceparent(header: header) == nil)
    }

    @Test func aLaterVersionWithMoreFieldsIsReadAsVersionZero() {
        #expect(Traceparent(header: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever") != nil)
    }

    @Test func aNewTraceIsWellFormed() throws {
        let started = Traceparent.start(random: (0, 0, 0))
        #expect(Traceparent(header: started.header) == started)
        #expect(started.header.count == 55)
    }
}
