/// A reader for the subset of protobuf text format that the CEL conformance
/// files use: `name: value` and `name { ... }` fields (colon optional before
/// a message), `[type.url] { ... }` Any expansions, quoted strings with C
/// escapes (adjacent strings concatenate), numbers, enum identifiers, `#`
/// comments, `,` or `;` separators. Repeated fields are just repeated names.
struct TextProto: Sendable {
    /// One field value.
    enum Value: Sendable {
        case bytes([UInt8])  // a quoted string, as octets
        case word(String)  // a number or an enum identifier
        case message(TextProto)

        var string: String? {
            if case .bytes(let b) = self { return String(decoding: b, as: UTF8.self) }
            return nil
        }
        var message: TextProto? {
            if case .message(let m) = self { return m }
            return nil
        }
        var word: String? {
            if case .word(let w) = self { return w }
            return nil
        }
    }

    var fields: [(name: String, value: Value)] = []

    func all(_ name: String) -> [Value] { fields.filter { $0.name == name }.map(\.value) }
    func first(_ name: String) -> Value? { fields.first { $0.name == name }?.value }
    func string(_ name: String) -> String? { first(name)?.string }
    func message(_ name: String) -> TextProto? { first(name)?.message }
    func bool(_ name: String) -> Bool { first(name)?.word == "true" }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "textproto: \(message) at byte \(offset)" }
    }

    static func parse(_ text: String) throws -> TextProto {
        var reader = Reader(bytes: Array(text.utf8))
        let message = try reader.message(until: nil)
        return message
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func skip() {
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x23 {  // #
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2C || c == 0x3B {
                    i += 1
                } else {
                    return
                }
            }
        }

        func isWord(_ c: UInt8) -> Bool {
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
                || c == 0x5F || c == 0x2E || c == 0x2D || c == 0x2B
        }

        mutating func message(until close: UInt8?) throws -> TextProto {
            var result = TextProto()
            while true {
                skip()
                guard i < bytes.count else {
                    if close == nil { return result }
                    throw ParseError(message: "unexpected end", offset: i)
                }
                if let close, bytes[i] == close { i += 1; return result }
                // Field name, or [extension/type.url]
                var name = ""
                if bytes[i] == 0x5B {
                    let start = i
                    while i < bytes.count, bytes[i] != 0x5D { i += 1 }
                    i += 1
                    name = String(decoding: bytes[start..<i], as: UTF8.self)
                } else {
                    let start = i
                    while i < bytes.count, isWord(bytes[i]) { i += 1 }
                    guard i > start else { throw ParseError(message: "expected a field name", offset: i) }
                    name = String(decoding: bytes[start..<i], as: UTF8.self)
                }
                skip()
                var sawColon = false
                if i < bytes.count, bytes[i] == 0x3A { i += 1; sawColon = true; skip() }
                guard i < bytes.count else { throw ParseError(message: "expected a value", offset: i) }
                let c = bytes[i]
                if c == 0x7B || c == 0x3C {  // { or <
                    i += 1
                    let inner = try message(until: c == 0x7B ? 0x7D : 0x3E)
                    result.fields.append((name, .message(inner)))
                } else if c == 0x22 || c == 0x27 {
                    var value: [UInt8] = []
                    while i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 {
                        value += try quoted()
                        skip()
                    }
                    result.fields.append((name, .bytes(value)))
                } else if c == 0x5B {
                    throw ParseError(message: "list syntax is not supported", offset: i)
                } else {
                    guard sawColon else { throw ParseError(message: "expected ':'", offset: i) }
                    let start = i
                    while i < bytes.count, isWord(bytes[i]) { i += 1 }
                    guard i > start else { throw ParseError(message: "expected a value", offset: i) }
                    result.fields.append((name, .word(String(decoding: bytes[start..<i], as: UTF8.self))))
                }
            }
        }

        mutating func quoted() throws -> [UInt8] {
            let quote = bytes[i]
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw ParseError(message: "unterminated string", offset: i) }
                let c = bytes[i]
                i += 1
                if c == quote { return out }
                guard c == 0x5C else { out.append(c); continue }
                guard i < bytes.count else { throw ParseError(message: "bad escape", offset: i) }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "x"):
                    var v = 0
                    var n = 0
                    while n < 2, i < bytes.count, let d = hex(bytes[i]) { v = v * 16 + d; i += 1; n += 1 }
                    out.append(UInt8(v))
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = e == UInt8(ascii: "u") ? 4 : 8
                    var v: UInt32 = 0
                    for _ in 0..<count {
                        guard i < bytes.count, let d = hex(bytes[i]) else { throw ParseError(message: "bad \\u", offset: i) }
                        v = v * 16 + UInt32(d)
                        i += 1
                    }
                    out += Array(String(Unicode.Scalar(v)!).utf8)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var v = Int(e - 0x30)
                    var n = 1
                    while n < 3, i < bytes.count, (0x30...0x37).contains(bytes[i]) { v = v * 8 + Int(bytes[i] - 0x30); i += 1; n += 1 }
                    out.append(UInt8(v & 0xFF))
                default:
                    out.append(e)  // \\ \' \" \?
                }
            }
        }

        func hex(_ c: UInt8) -> Int? {
            switch c {
            case 0x30...0x39: Int(c - 0x30)
            case 0x41...0x46: Int(c - 0x41 + 10)
            case 0x61...0x66: Int(c - 0x61 + 10)
            default: nil
            }
        }
    }
}
