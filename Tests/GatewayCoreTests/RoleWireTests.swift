import GatewayCore
import Testing
import Wire

/// GatewayCore's roles and `baton.gateway.v1.Role`.
@Suite struct RoleWireTests {
    @Test func everyRoleRoundTripsThroughTheWireEnum() {
        for role in Role.allCases { #expect(Role(wire: role.wire) == role) }
        #expect(Role(wire: .unspecified) == nil)
        #expect(Role(wire: .unrecognized(9)) == nil)
        #expect(Role.admin.wire.rawValue == 4)
    }
}
