extension Checksum {
    /// True when `iban` (upper-case letters and digits, no spaces) has the
    /// length its country registers in ISO 13616 and passes the mod-97
    /// check (the remainder of the rearranged number is 1).
    public static func isValidIBAN(_ iban: String) -> Bool {
        let units = Array(iban.utf8)
        guard units.count >= 4, let length = IBANRegistry.length(forCountry: String(decoding: units[0..<2], as: UTF8.self)),
              units.count == length,
              units[2...3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        // Country and check digits move to the end; letters count 10 to 35.
        // The remainder is carried digit by digit so that no big integer is
        // needed for a 34-character number.
        var remainder = 0
        for unit in units[4...] + units[0..<4] {
            guard let value = alphanumericValue(unit) else { return false }
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97
        }
        return remainder == 1
    }
}
