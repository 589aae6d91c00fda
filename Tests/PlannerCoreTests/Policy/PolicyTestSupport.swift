import Foundation
import PlannerCore

/// Shared pieces of the policy tests: the trigger catalog they compile
/// against and the fixture documents.
enum PolicyTestSupport {
    /// Names from the signals trigger catalog (Services/Signals).
    static let knownTriggerNames: Set<String> = [
        "explicit.request_for_human", "capability.legal", "capability.safety", "capability.security",
        "capability.authorisation", "policy.refund_over_threshold", "sentiment.consecutive_negative",
        "sentiment.sharp_drop", "loop.restated_question", "behaviour.shouting", "intent.out_of_scope",
    ]

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/policies")

    static func fixture(_ relativePath: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(relativePath), encoding: .utf8)
    }

    static func defaultPolicySource() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("Services/Planner/Policies/default.yaml"), encoding: .utf8)
    }

    static func compile(_ source: String, format: PolicySourceFormat = .yaml) -> PolicyCompilation {
        PolicyCompiler.compile(source, format: format, knownTriggerNames: knownTriggerNames)
    }

    static func errors(_ compilation: PolicyCompilation) -> [PolicyDiagnostic] {
        compilation.diagnostics.filter { $0.severity == .error }
    }

    static func warnings(_ compilation: PolicyCompilation) -> [PolicyDiagnostic] {
        compilation.diagnostics.filter { $0.severity == .warning }
    }
}
