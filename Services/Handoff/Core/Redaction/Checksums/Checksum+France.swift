extension Checksum {
    /// True when `nir` is a French NIR: 13 characters (sex 1, 2, 3, 4, 7 or
    /// 8; year; month 01 to 12 or 20 and above, used for unknown months;
    /// département, "2A" and "2B" for Corsica; commune; order) followed by
    /// the key, 97 minus the number modulo 97.
    public static func isValidNIR(_ nir: String) -> Bool {
        var units = Array(nir.utf8)
        guard units.count == 15, [UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4"),
                                  UInt8(ascii: "7"), UInt8(ascii: "8")].contains(units[0]),
              let key = decimal(units[13..<15])
        else { return false }
        // Corsica: the key is computed as if 2A were 19 and 2B were 18
        // (the number with A or B read as 0, less 1,000,000 or 2,000,000).
        if units[5] == UInt8(ascii: "2"), units[6] == UInt8(ascii: "A") || units[6] == UInt8(ascii: "B") {
            units[5] = UInt8(ascii: "1")
            units[6] = units[6] == UInt8(ascii: "A") ? UInt8(ascii: "9") : UInt8(ascii: "8")
        }
        guard let number = decimal(units[0..<13]), let month = decimal(units[3..<5]),
              (1...12).contains(month) || month >= 20
        else { return false }
        return key == 97 - number % 97
    }
}
