extension Checksum {
    /// The DNI check letters, indexed by the number modulo 23.
    private static let dniLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// True when `dni` is eight digits and the check letter of a Spanish
    /// DNI (upper case).
    public static func isValidDNI(_ dni: String) -> Bool {
        let units = Array(dni.utf8)
        guard units.count == 9, let number = decimal(units[0..<8]) else { return false }
        return units[8] == dniLetters[number % 23]
    }

    /// True when `nie` is X, Y or Z, seven digits and the check letter of a
    /// Spanish NIE (upper case): the prefix counts as 0, 1 or 2 in front of
    /// the digits.
    public static func isValidNIE(_ nie: String) -> Bool {
        let units = Array(nie.utf8)
        guard units.count == 9, let prefix = [UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "Z")].firstIndex(of: units[0]),
              let number = decimal(units[1..<8])
        else { return false }
        return units[8] == dniLetters[(prefix * 10_000_000 + number) % 23]
    }

    /// The value of ASCII digits, nil when any is not a digit. Callers pass
    /// at most 18 digits, so the value fits.
    static func decimal(_ units: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for unit in units {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(unit) else { return nil }
            value = value * 10 + Int(unit) - 48
        }
        return value
    }
}
