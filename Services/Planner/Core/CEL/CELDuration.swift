/// A CEL `google.protobuf.Duration`: a signed span of whole nanoseconds.
///
/// Stored as 64-bit nanoseconds, so the range is about ±292 years; results
/// outside it are `overflow` errors (the conformance suite requires errors
/// beyond ±10,000 years; this range is narrower, as in cel-go).
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The span in nanoseconds.
    public var nanoseconds: Int64

    /// A duration of `nanoseconds`.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Orders by length, negative first.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Parses Go's duration syntax as CEL does: an optional sign, then one or
    /// more decimal numbers each with a unit (`h`, `m`, `s`, `ms`, `us`,
    /// `µs`, `ns`), such as `1h30m`, `-1.5s` or `0`. Nil when malformed or
    /// out of range.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars.count == 1, scalars.first == "0" {
            self.init(nanoseconds: 0)
            return
        }
        guard !scalars.isEmpty else { return nil }
        var total: Int64 = 0
        while !scalars.isEmpty {
            var whole: Int64 = 0
            var digits = 0
            while let c = scalars.first, ("0"..."9").contains(c) {
                let d = Int64(c.value - 0x30)
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                guard !o1, !o2 else { return nil }
                whole = a
                digits += 1
                scalars = scalars.dropFirst()
            }
            var fraction: [Int64] = []
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let c = scalars.first, ("0"..."9").contains(c) {
                    fraction.append(Int64(c.value - 0x30))
                    scalars = scalars.dropFirst()
                }
            }
            guard digits + fraction.count > 0 else { return nil }
            var unit = ""
            while let c = scalars.first, !("0"..."9").contains(c), c != "." {
                unit.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
            let scale: Int64
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            default: return nil
            }
            let (wholeNanos, o1) = whole.multipliedReportingOverflow(by: scale)
            guard !o1 else { return nil }
            var fractionNanos: Int64 = 0
            var place = scale
            for d in fraction {
                place /= 10
                if place == 0 { break }
                fractionNanos += d * place
            }
            let (sum1, o2) = total.addingReportingOverflow(wholeNanos)
            let (sum2, o3) = sum1.addingReportingOverflow(fractionNanos)
            guard !o2, !o3 else { return nil }
            total = sum2
        }
        self.init(nanoseconds: negative ? -total : total)
    }

    /// CEL's string form, the protobuf JSON form: seconds with 0, 3, 6 or
    /// 9 fractional digits and an `s`: `5400s`, `-1.500s`, `0.000000001s`.
    public var description: String {
        let magnitude = nanoseconds.magnitude
        let seconds = magnitude / 1_000_000_000
        let nanos = magnitude % 1_000_000_000
        var text = (nanoseconds < 0 ? "-" : "") + String(seconds)
        if nanos != 0 {
            var fraction = String(nanos)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("000") { fraction.removeLast(3) }
            text += "." + fraction
        }
        return text + "s"
    }
}
