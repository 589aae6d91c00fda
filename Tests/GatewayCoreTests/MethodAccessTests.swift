import API
import Foundation
@testable import GatewayCore
import RPC
import Testing
import Wire

/// The role × method table held against the generated method lists: every
/// routed method has a rule, every rule names a real method, and every method
/// a role may call names a tenant the gateway can check.
@Suite struct MethodAccessTests {
    static let routed: [MethodBinding] = PlannerV1.Planner.bindings + RouterV1.Router.bindings + HandoffV1.Handoff.bindings
        + SignalsV1.Signals.bindings + AuditV1.Audit.bindings

    @Test func everyRoutedMethodHasARuleAndEveryRuleAMethod() {
        let paths = Set(Self.routed.map(\.descriptor.path))
        for path in paths { #expect(MethodAccess.rules[path] != nil, "no rule for \(path)") }
        let upstreamRules = MethodAccess.rules.keys.filter { path in
            MethodAccess.upstreams.keys.contains { path.hasPrefix("/\($0)/") }
        }
        for path in upstreamRules { #expect(paths.contains(path), "rule for a method that does not exist: \(path)") }
    }

    @Test func everyExposedMethodNamesATenant() throws {
        let files = APIDescriptors.files.map { Array(Data(base64Encoded: $0.descriptorBase64)!) }
        let inspector = try RequestInspector(catalog: MessageCatalog(files: files),
                                             requestTypes: Self.routed.map(\.requestName))
        for binding in Self.routed where !(MethodAccess.rules[binding.descriptor.path]?.roles.isEmpty ?? true) {
            #expect(!inspector.paths(of: .tenant, in: binding.requestName).isEmpty,
                    "\(binding.descriptor.path) is exposed but its request has no tenant_id to check")
        }
    }

    @Test func theStreamsHaveNoDeadlineCapAndUnaryCallsHaveOne() {
        for binding in Self.routed {
            let rule = MethodAccess.rules[binding.descriptor.path]
            if binding.descriptor.kind == .serverStreaming {
                #expect(rule?.deadlineCapSeconds == nil, "\(binding.descriptor.path)")
            } else {
                #expect((rule?.deadlineCapSeconds ?? 0) > 0, "\(binding.descriptor.path)")
            }
        }
    }

    @Test func internalMethodsAreOpenToNoRole() {
        for path in ["/baton.router.v1.Router/Enqueue", "/baton.handoff.v1.Handoff/Build",
                     "/baton.signals.v1.Signals/Evaluate", "/baton.audit.v1.Audit/Append"] {
            #expect(MethodAccess.rules[path]?.roles == [], "\(path)")
        }
    }
}
