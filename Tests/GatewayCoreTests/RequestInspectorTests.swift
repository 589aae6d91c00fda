import API
import Foundation
@testable import GatewayCore
import RPC
import Testing
import Wire

/// The inspector against the real API: plans built from the descriptors the
/// gateway ships with, requests encoded by the generated codec.
@Suite struct RequestInspectorTests {
    static let catalog: MessageCatalog = {
        let files = APIDescriptors.files.map { Array(Data(base64Encoded: $0.descriptorBase64)!) }
        return try! MessageCatalog(files: files)
    }()

    static let inspector = try! RequestInspector(
        catalog: catalog,
        requestTypes: ["baton.planner.v1.HandleTurnRequest", "baton.planner.v1.DecideApprovalRequest",
                       "baton.router.v1.AcceptRequest", "baton.handoff.v1.GetRequest",
                       "baton.signals.v1.SetThresholdsRequest", "baton.audit.v1.QueryRequest"])

    @Test func pathsFollowNestedMessages() {
        let inspector = Self.inspector
        #expect(inspector.paths(of: .tenant, in: "baton.planner.v1.HandleTurnRequest")
                == ["tenant_id", "conversation.tenant_id"])
        #expect(inspector.paths(of: .principalID, in: "baton.planner.v1.DecideApprovalRequest") == ["approver.principal_id"])
        #expect(inspector.paths(of: .principalKind, in: "baton.planner.v1.DecideApprovalRequest") == ["approver.kind"])
        #expect(inspector.paths(of: .principalKind, in: "baton.handoff.v1.GetRequest") == ["caller_kind"])
        #expect(inspector.paths(of: .escalation, in: "baton.handoff.v1.GetRequest") == ["escalation_id"])
        #expect(inspector.paths(of: .package, in: "baton.handoff.v1.GetRequest") == ["package_id"])
        #expect(inspector.paths(of: .agent, in: "baton.router.v1.AcceptRequest") == ["agent_id"])
        #expect(inspector.paths(of: .tenant, in: "baton.signals.v1.SetThresholdsRequest") == ["thresholds.tenant_id"])
        // A principal filter in a query is not a principal: only `principal_id` inside a Principal is.
        #expect(inspector.paths(of: .principalID, in: "baton.audit.v1.QueryRequest").isEmpty)
    }

    @Test func claimsComeFromTheBytesWithTheirPaths() throws {
        var request = PlannerV1.HandleTurnRequest()
        request.tenantID = "acme"
        var conversation = CommonV1.Conversation()
        conversation.tenantID = "globex"
        conversation.conversationID = "c-1"
        request.conversation = conversation
        let claims = try Self.inspector.inspect(request.serializedBytes()[...], as: "baton.planner.v1.HandleTurnRequest")
        #expect(claims[.tenant] == [.init(path: "tenant_id", value: "acme"), .init(path: "conversation.tenant_id", value: "globex")])
        #expect(claims[.agent].isEmpty)
    }

    @Test func enumsAndPrincipalsAreRead() throws {
        var request = PlannerV1.DecideApprovalRequest()
        request.tenantID = "acme"
        var approver = CommonV1.Principal()
        approver.kind = .supervisor
        approver.principalID = "sup-1"
        request.approver = approver
        let claims = try Self.inspector.inspect(request.serializedBytes()[...], as: "baton.planner.v1.DecideApprovalRequest")
        #expect(claims[.principalKind] == [.init(path: "approver.kind", value: "3")])
        #expect(claims[.principalID] == [.init(path: "approver.principal_id", value: "sup-1")])
        var get = HandoffV1.GetRequest()
        get.tenantID = "acme"
        get.selector = .escalationID("esc-9")
        get.callerKind = .humanAgent
        let getClaims = try Self.inspector.inspect(get.serializedBytes()[...], as: "baton.handoff.v1.GetRequest")
        #expect(getClaims[.escalation] == [.init(path: "escalation_id", value: "esc-9")])
        #expect(getClaims[.principalKind] == [.init(path: "caller_kind", value: "2")])
    }

    @Test func aRepeatedTenantFieldIsSeenEveryTime() throws {
        // A client may send a field twice (the last wins when decoded): the gateway must see both values.
        var first = PlannerV1.HandleTurnRequest()
        first.tenantID = "acme"
        var second = PlannerV1.HandleTurnRequest()
        second.tenantID = "globex"
        let bytes = first.serializedBytes() + second.serializedBytes()
        let claims = try Self.inspector.inspect(bytes[...], as: "baton.planner.v1.HandleTurnRequest")
        #expect(claims[.tenant].map(\.value) == ["acme", "globex"])
    }

    @Test func unknownFieldsAreSkippedAndMalformedBytesRefused() throws {
        // Field 99 (unknown, length-delimited "evil") then tenant_id.
        let bytes: [UInt8] = [0x9A, 0x06, 4] + Array("evil".utf8) + [0x0A, 4] + Array("acme".utf8)
        let claims = try Self.inspector.inspect(bytes[...], as: "baton.planner.v1.HandleTurnRequest")
        #expect(claims[.tenant].map(\.value) == ["acme"])

        let truncated: [UInt8] = [0x0A, 10] + Array("acme".utf8)
        #expect(throws: InspectionError.self) {
            try Self.inspector.inspect(truncated[...], as: "baton.planner.v1.HandleTurnRequest")
        }
        let badUTF8: [UInt8] = [0x0A, 2, 0xC3, 0x28]
        let error = try #require(throws: InspectionError.self) {
            try Self.inspector.inspect(badUTF8[...], as: "baton.planner.v1.HandleTurnRequest")
        }
        #expect(error.message.contains("tenant_id"))
        let wrongWireType: [UInt8] = [0x08, 1]  // tenant_id as a varint
        #expect(throws: InspectionError.self) {
            try Self.inspector.inspect(wrongWireType[...], as: "baton.planner.v1.HandleTurnRequest")
        }
        let nestedTruncated: [UInt8] = [0x52, 3, 0x12, 5, 0x61]  // conversation { tenant_id: <5 bytes promised, 1 given> }
        let nestedError = try #require(throws: InspectionError.self) {
            try Self.inspector.inspect(nestedTruncated[...], as: "baton.planner.v1.HandleTurnRequest")
        }
        #expect(nestedError.message.hasPrefix("conversation"))
    }

    @Test func anUnknownRequestTypeIsAStartUpError() {
        #expect(throws: InspectionError.self) {
            try RequestInspector(catalog: Self.catalog, requestTypes: ["baton.nothing.v1.Nope"])
        }
    }
}
