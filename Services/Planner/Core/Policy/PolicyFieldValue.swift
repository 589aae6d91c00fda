internal import Foundation
import Wire

/// A Swift type a policy input field can hold: its CEL type, its CEL value,
/// and how a document test's input writes it.
protocol PolicyFieldValue: Sendable, Codable {
    /// The CEL type the checker sees.
    static var celType: CELType { get }
    /// Declares the object types this type refers to.
    static func declareTypes(in environment: inout CELEnvironment)
    /// The documented fields under a field of this type at `path`.
    static func schemaRows(under path: String) -> [PolicySchema.Row]
    /// The value as CEL sees it.
    var celValue: CELValue { get }
    /// The value a document test's input gives at `path`.
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic)
    /// Writes the JSON form `Codable` gives (what `JSONDecoder` reads back),
    /// straight into `writer`: `JSONEncoder` builds a tree of boxed values
    /// first, which cost the planner more per turn than deciding it.
    func writeJSON(into writer: inout JSONWriter) throws
}

extension PolicyFieldValue {
    static func declareTypes(in environment: inout CELEnvironment) {}
    static func schemaRows(under path: String) -> [PolicySchema.Row] { [] }

    /// A wrong-type diagnostic for `node` at `path`.
    static func typeMismatch(_ node: PolicyNode, path: String, expected: String) -> PolicyDiagnostic {
        PolicyDiagnostic(severity: .error, code: "wrong-type", path: path, line: node.line, column: node.column,
                         message: "expected \(expected), found \(node.kindDescription)")
    }
}

extension Bool: PolicyFieldValue {
    static var celType: CELType { .bool }
    var celValue: CELValue { .bool(self) }
    func writeJSON(into writer: inout JSONWriter) { writer.writeBool(self) }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard node.kindDescription == "a boolean", let text = node.scalar else {
            throw Self.typeMismatch(node, path: path, expected: "a boolean")
        }
        self = text.lowercased() == "true"
    }
}

extension Int: PolicyFieldValue {
    static var celType: CELType { .int }
    var celValue: CELValue { .int(Int64(self)) }
    func writeJSON(into writer: inout JSONWriter) { writer.writeNumber(self) }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard node.kindDescription == "an integer", let value = node.scalar.flatMap({ Int($0) }) else {
            throw Self.typeMismatch(node, path: path, expected: "an integer")
        }
        self = value
    }
}

extension Double: PolicyFieldValue {
    static var celType: CELType { .double }
    var celValue: CELValue { .double(self) }
    /// Throws for NaN and the infinities, as `JSONEncoder` does by default.
    func writeJSON(into writer: inout JSONWriter) throws {
        guard isFinite else {
            throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "\(self) is not a JSON number"))
        }
        writer.writeDouble(self)
    }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard ["an integer", "a number"].contains(node.kindDescription), let value = node.scalar.flatMap({ Double($0) }) else {
            throw Self.typeMismatch(node, path: path, expected: "a number")
        }
        self = value
    }
}

extension String: PolicyFieldValue {
    static var celType: CELType { .string }
    var celValue: CELValue { .string(self) }
    func writeJSON(into writer: inout JSONWriter) { writer.writeString(self) }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard node.kindDescription == "a string", let value = node.scalar else {
            throw Self.typeMismatch(node, path: path, expected: "a string")
        }
        self = value
    }
}

extension Date: PolicyFieldValue {
    static var celType: CELType { .timestamp }
    /// `Date`'s own `Codable` form (`JSONEncoder`'s default strategy): seconds since 2001 as a number.
    func writeJSON(into writer: inout JSONWriter) throws { try timeIntervalSinceReferenceDate.writeJSON(into: &writer) }
    var celValue: CELValue {
        let seconds = timeIntervalSince1970.rounded(.down)
        let nanos = Int32(((timeIntervalSince1970 - seconds) * 1e9).rounded(.down).clamped(to: 0...999_999_999))
        return CELTimestamp(seconds: Int64(seconds), nanos: nanos).map { .timestamp($0) }
            ?? .timestamp(CELTimestamp(seconds: 0)!)
    }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard let text = node.scalar, node.kindDescription == "a string", let timestamp = CELTimestamp(parsing: text) else {
            throw Self.typeMismatch(node, path: path, expected: "an RFC 3339 timestamp string")
        }
        self = Date(timeIntervalSince1970: Double(timestamp.seconds) + Double(timestamp.nanos) / 1e9)
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}

extension Array: PolicyFieldValue where Element: PolicyFieldValue {
    static var celType: CELType { .list(Element.celType) }
    static func declareTypes(in environment: inout CELEnvironment) { Element.declareTypes(in: &environment) }
    static func schemaRows(under path: String) -> [PolicySchema.Row] { Element.schemaRows(under: path + "[]") }
    var celValue: CELValue { .list(map(\.celValue)) }
    func writeJSON(into writer: inout JSONWriter) throws {
        writer.beginArray()
        for element in self {
            writer.element()
            try element.writeJSON(into: &writer)
        }
        writer.endArray()
    }
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        guard case .sequence(let items) = node.content else {
            throw Self.typeMismatch(node, path: path, expected: "a list")
        }
        var values: [Element] = []
        for (index, item) in items.enumerated() {
            values.append(try Element(reading: item, path: "\(path)[\(index)]"))
        }
        self = values
    }
}
