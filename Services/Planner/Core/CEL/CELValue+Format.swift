extension CELValue {
    /// Formats a double as CEL's `string(double)` does in the reference
    /// implementations (Go's `strconv.FormatFloat(d, 'g', -1, 64)`): the
    /// shortest digits that round-trip, in exponent form when the decimal
    /// exponent is below -4 or at least 6 (`1e+06`, `123456`, `0.0045`).
    static func format(double d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description gives the shortest round-trip digits.
        var text = d.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = ""
        var pointAt = text.count
        if let dot = text.firstIndex(of: ".") {
            pointAt = text.distance(from: text.startIndex, to: dot)
            digits = text.filter { $0 != "." }
        } else {
            digits = text
        }
        // Normalise: digits without leading zeros; decimalPoint = position of the point.
        var decimalPoint = pointAt + exponent
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); decimalPoint -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let exp = decimalPoint - 1
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let expText = String(abs(exp))
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (expText.count < 2 ? "0" : "") + expText
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
        }
        if decimalPoint >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalPoint - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
