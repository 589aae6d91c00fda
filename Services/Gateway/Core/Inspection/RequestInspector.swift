/// Finds the fields the gateway checks (``RequestClaims/Target``) in a
/// request's binary encoding, following the request type's descriptor into
/// nested messages, without decoding the message. Plans are built once per
/// request type from the ``MessageCatalog``; inspection is a single pass over
/// the bytes that skips every field that cannot lead to a target.
public struct RequestInspector: Sendable {
    /// Where targets are in one message type: by field number, a target or a nested plan.
    final class Plan: Sendable {
        enum Step: Sendable {
            case leaf(RequestClaims.Target, name: String, isEnum: Bool)
            case nested(Plan, name: String)
        }

        let steps: [UInt64: Step]

        init(steps: [UInt64: Step]) { self.steps = steps }
    }

    private let plans: [String: Plan]

    static let principalName = "baton.common.v1.Principal"
    static let principalKindName = "baton.common.v1.PrincipalKind"
    /// Deeper nesting than this is not followed (the API nests 4 levels at most).
    static let maxDepth = 8

    /// Builds plans for `requestTypes` (fully qualified names) from `catalog`.
    public init(catalog: MessageCatalog, requestTypes: [String]) throws(InspectionError) {
        var built: [String: Plan?] = [:]
        var plans: [String: Plan] = [:]
        for type in requestTypes {
            guard catalog.messages[type] != nil else {
                throw InspectionError(.unknownMessage, "\(type) is not in the API's descriptors")
            }
            plans[type] = Self.plan(for: type, catalog: catalog, depth: 0, built: &built) ?? Plan(steps: [:])
        }
        self.plans = plans
    }

    /// The field paths of `target` in `type`, for documentation and tests.
    public func paths(of target: RequestClaims.Target, in type: String) -> [String] {
        guard let plan = plans[type] else { return [] }
        var paths: [String] = []
        func walk(_ plan: Plan, _ prefix: String, _ depth: Int) {
            guard depth <= Self.maxDepth else { return }
            for (_, step) in plan.steps.sorted(by: { $0.key < $1.key }) {
                switch step {
                case .leaf(let found, let name, _) where found == target: paths.append(prefix + name)
                case .leaf: break
                case .nested(let inner, let name): walk(inner, prefix + name + ".", depth + 1)
                }
            }
        }
        walk(plan, "", 0)
        return paths
    }

    /// The claims in `request`, an encoding of `type`. A malformed encoding
    /// (truncated, bad UTF-8 in a checked string) is an error naming the field.
    public func inspect(_ request: ArraySlice<UInt8>, as type: String) throws(InspectionError) -> RequestClaims {
        guard let plan = plans[type] else { throw InspectionError(.unknownMessage, "\(type) is not inspected") }
        var claims = RequestClaims()
        try Self.scan(request, plan: plan, prefix: "", depth: 0, into: &claims)
        return claims
    }

    private static func scan(_ bytes: ArraySlice<UInt8>, plan: Plan, prefix: String, depth: Int,
                             into claims: inout RequestClaims) throws(InspectionError) {
        var scanner = ProtoScanner(bytes)
        while true {
            let field: (number: UInt64, value: ProtoScanner.Value)?
            do throws(ProtoScanner.Malformed) {
                field = try scanner.next()
            } catch {
                throw InspectionError(.malformedRequest, prefix.isEmpty ? "the request is malformed: \(error.reason)"
                                                                        : "\(prefix.dropLast()) is malformed: \(error.reason)")
            }
            guard let (number, value) = field else { return }
            guard let step = plan.steps[number] else { continue }
            switch (step, value) {
            case (.leaf(let target, let name, false), .bytes(let bytes)):
                guard let string = String(validating: bytes, as: UTF8.self) else {
                    throw InspectionError(.malformedRequest, "\(prefix)\(name) is not valid UTF-8")
                }
                claims.append(.init(path: prefix + name, value: string), for: target)
            case (.leaf(let target, let name, true), .varint(let number)):
                claims.append(.init(path: prefix + name, value: String(Int32(truncatingIfNeeded: number))), for: target)
            case (.leaf(_, let name, true), .bytes(let packed)):
                // A packed repeated enum: not used by the API's checked fields; refuse rather than skip a claim.
                throw InspectionError(.malformedRequest, "\(prefix)\(name) is packed (\(packed.count) bytes), expected one value")
            case (.nested(let inner, let name), .bytes(let bytes)):
                guard depth < maxDepth else { continue }
                try scan(bytes, plan: inner, prefix: prefix + name + ".", depth: depth + 1, into: &claims)
            case (.leaf(_, let name, _), _), (.nested(_, let name), _):
                throw InspectionError(.malformedRequest, "\(prefix)\(name) has the wrong wire type")
            }
        }
    }

    /// The plan of `type`, or nil when no target is reachable from it.
    private static func plan(for type: String, catalog: MessageCatalog, depth: Int,
                             built: inout [String: Plan?]) -> Plan? {
        if let known = built[type] { return known }
        guard depth <= maxDepth, let fields = catalog.messages[type] else { return nil }
        built[type] = .some(nil)  // a recursive reference sees "nothing here" while this plan is built
        var steps: [UInt64: Plan.Step] = [:]
        for field in fields {
            if let target = target(of: field, in: type) {
                steps[field.number] = .leaf(target, name: field.name, isEnum: field.type == MessageCatalog.typeEnum)
            } else if field.type == MessageCatalog.typeMessage,
                      let inner = plan(for: field.typeName, catalog: catalog, depth: depth + 1, built: &built) {
                steps[field.number] = .nested(inner, name: field.name)
            }
        }
        let plan = steps.isEmpty ? nil : Plan(steps: steps)
        built[type] = .some(plan)
        return plan
    }

    private static func target(of field: MessageCatalog.Field, in type: String) -> RequestClaims.Target? {
        if field.type == MessageCatalog.typeEnum && field.typeName == principalKindName { return .principalKind }
        guard field.type == MessageCatalog.typeString else { return nil }
        switch field.name {
        case "tenant_id": return .tenant
        case "agent_id": return .agent
        case "escalation_id": return .escalation
        case "package_id": return .package
        case "principal_id" where type == principalName: return .principalID
        default: return nil
        }
    }
}
