import Testing
@testable import GatewayCore

@Suite struct RoleTests {
    @Test func rolesParseFromTheirNames() {
        #expect(Role(rawValue: "agent") == .agent)
        #expect(Role(rawValue: "root") == nil)
        #expect(Role.allCases.count == 5)
    }
}
