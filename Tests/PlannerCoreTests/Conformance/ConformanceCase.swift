import PlannerCore

/// One test of a CEL conformance file (`cel.expr.conformance.test.SimpleTest`),
/// converted to PlannerCore's types.
struct ConformanceCase: Sendable {
    enum Expectation: Sendable {
        case value(CELValue)
        case error
        case unknown
    }

    /// "file/section/test", as the skip list names it.
    var id: String
    var expr: String
    var disableCheck: Bool
    var environment: CELEnvironment
    var bindings: [String: CELValue]
    var expectation: Expectation

    /// Something the subset cannot express (a protobuf message type or value).
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    static func load(file: String, text: String) throws -> [Result<ConformanceCase, Unsupported>] {
        let root = try TextProto.parse(text)
        var cases: [Result<ConformanceCase, Unsupported>] = []
        for section in root.all("section").compactMap(\.message) {
            let sectionName = section.string("name") ?? "?"
            for test in section.all("test").compactMap(\.message) {
                let id = "\(file)/\(sectionName)/\(test.string("name") ?? "?")"
                do {
                    cases.append(.success(try ConformanceCase(id: id, test: test)))
                } catch let error as Unsupported {
                    cases.append(.failure(Unsupported(description: "\(id): \(error.description)")))
                }
            }
        }
        return cases
    }

    init(id: String, test: TextProto) throws {
        self.id = id
        expr = test.string("expr") ?? ""
        disableCheck = test.bool("disable_check")
        if let container = test.string("container"), !container.isEmpty {
            throw Unsupported(description: "container '\(container)'")
        }
        if test.bool("disable_macros") { throw Unsupported(description: "disable_macros") }
        environment = CELEnvironment()
        for decl in test.all("type_env").compactMap(\.message) {
            guard let name = decl.string("name"), let ident = decl.message("ident"), let type = ident.message("type") else {
                throw Unsupported(description: "function declaration in type_env")
            }
            environment.declareVariable(name, try Self.type(type))
        }
        bindings = [:]
        for binding in test.all("bindings").compactMap(\.message) {
            guard let key = binding.string("key"), let exprValue = binding.message("value"),
                  let value = exprValue.message("value") else {
                throw Unsupported(description: "binding that is not a plain value")
            }
            bindings[key] = try Self.value(value)
        }
        if let value = test.message("value") {
            expectation = .value(try Self.value(value))
        } else if test.first("eval_error") != nil || test.first("any_eval_errors") != nil {
            expectation = .error
        } else if test.first("unknown") != nil || test.first("any_unknowns") != nil {
            expectation = .unknown
        } else if let typed = test.message("typed_result") {
            expectation = .value(try Self.value(typed.message("result") ?? TextProto()))
        } else {
            expectation = .value(.bool(true))
        }
    }

    static func type(_ t: TextProto) throws -> CELType {
        if let primitive = t.first("primitive")?.word {
            switch primitive {
            case "BOOL": return .bool
            case "INT64": return .int
            case "UINT64": return .uint
            case "DOUBLE": return .double
            case "STRING": return .string
            case "BYTES": return .bytes
            default: throw Unsupported(description: "primitive type \(primitive)")
            }
        }
        if let list = t.message("list_type") {
            return .list(try type(list.message("elem_type") ?? TextProto()))
        }
        if let map = t.message("map_type") {
            return .map(try type(map.message("key_type") ?? TextProto()), try type(map.message("value_type") ?? TextProto()))
        }
        if t.first("dyn") != nil { return .dyn }
        if t.first("null") != nil { return .null }
        if let wellKnown = t.first("well_known")?.word {
            switch wellKnown {
            case "TIMESTAMP": return .timestamp
            case "DURATION": return .duration
            default: throw Unsupported(description: "well-known type \(wellKnown)")
            }
        }
        if let message = t.string("message_type") {
            switch message {
            case "google.protobuf.Timestamp": return .timestamp
            case "google.protobuf.Duration": return .duration
            default: throw Unsupported(description: "message type \(message)")
            }
        }
        if let inner = t.message("type") { return .type(try type(inner)) }
        throw Unsupported(description: "type \(t.fields.map(\.name))")
    }

    static func value(_ v: TextProto) throws -> CELValue {
        guard let (name, field) = v.fields.first.map({ ($0.name, $0.value) }) else {
            throw Unsupported(description: "empty value")
        }
        switch name {
        case "null_value": return .null
        case "bool_value": return .bool(field.word == "true")
        case "int64_value":
            guard let i = Int64(field.word ?? "") else { throw Unsupported(description: "int64 \(field)") }
            return .int(i)
        case "uint64_value":
            guard let u = UInt64(field.word ?? "") else { throw Unsupported(description: "uint64 \(field)") }
            return .uint(u)
        case "double_value":
            let word = (field.word ?? "").lowercased()
            switch word {
            case "inf", "infinity": return .double(.infinity)
            case "-inf", "-infinity": return .double(-.infinity)
            case "nan": return .double(.nan)
            default:
                guard let d = Double(word) else { throw Unsupported(description: "double \(word)") }
                return .double(d)
            }
        case "string_value": return .string(field.string ?? "")
        case "bytes_value":
            guard case .bytes(let b) = field else { throw Unsupported(description: "bytes") }
            return .bytes(b)
        case "type_value": return .type(field.string ?? "")
        case "list_value":
            return .list(try (field.message ?? TextProto()).all("values").map { v throws in
                try value(v.message ?? TextProto())
            })
        case "map_value":
            var map = CELMap()
            for entry in (field.message ?? TextProto()).all("entries").compactMap(\.message) {
                let key = try value(entry.message("key") ?? TextProto())
                guard let mapKey = CELMapKey(key) else { throw Unsupported(description: "map key \(key)") }
                map[mapKey] = try value(entry.message("value") ?? TextProto())
            }
            return .map(map)
        case "object_value":
            let any = field.message ?? TextProto()
            guard let (url, body) = any.fields.first.map({ ($0.name, $0.value.message ?? TextProto()) }) else {
                throw Unsupported(description: "empty object_value")
            }
            let seconds = Int64(body.first("seconds")?.word ?? "0") ?? 0
            let nanos = Int64(body.first("nanos")?.word ?? "0") ?? 0
            switch url {
            case "[type.googleapis.com/google.protobuf.Duration]":
                return .duration(CELDuration(nanoseconds: seconds * 1_000_000_000 + nanos))
            case "[type.googleapis.com/google.protobuf.Timestamp]":
                guard let t = CELTimestamp(seconds: seconds, nanos: Int32(nanos)) else {
                    throw Unsupported(description: "timestamp out of range")
                }
                return .timestamp(t)
            default:
                throw Unsupported(description: "object_value \(url)")
            }
        default:
            throw Unsupported(description: "value kind \(name)")
        }
    }
}
