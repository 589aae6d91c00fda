/// The check-digit algorithms the redactor uses to tell real identifiers
/// from numbers that merely look like them. Each takes the characters of
/// the identifier without separators; anything malformed is simply invalid.
public enum Checksum {
    /// True when `digits` (13 to 19 ASCII digits) pass the Luhn check of
    /// ISO/IEC 7812, the check of payment card numbers.
    public static func isValidCardNumber(_ digits: String) -> Bool {
        let values = digits.utf8.map { Int($0) - 48 }
        guard (13...19).contains(values.count), values.allSatisfy({ (0...9).contains($0) }) else { return false }
        return luhn(values)
    }

    /// The Luhn sum of `values`, rightmost digit first undoubled.
    static func luhn(_ values: [Int]) -> Bool {
        var sum = 0
        for (position, value) in values.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }

    /// The value of an ASCII digit or letter in check-digit alphabets that
    /// count A as 10 and Z as 35; nil for anything else.
    static func alphanumericValue(_ unit: UInt8) -> Int? {
        switch unit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(unit) - 48
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(unit) - 55
        default: nil
        }
    }
}
