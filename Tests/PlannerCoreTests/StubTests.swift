import PlannerCore
import Testing

@Suite struct Stub { @Test func v() { #expect(PlannerCore.version == "0.1.0") } }
