extension Checksum {
    /// True when `taxID` is a German Steuer-ID: 11 digits, the first not 0;
    /// among the first ten exactly one digit appears two or three times
    /// (three never in a row) and the others at most once; the last is the
    /// ISO 7064 MOD 11,10 check digit.
    public static func isValidSteuerID(_ taxID: String) -> Bool {
        let digits = taxID.utf8.map { Int($0) - 48 }
        guard digits.count == 11, digits.allSatisfy({ (0...9).contains($0) }), digits[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for digit in digits[0..<10] { counts[digit] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        if repeated[0] == 3 {
            for index in 0..<8 where digits[index] == digits[index + 1] && digits[index] == digits[index + 2] {
                return false
            }
        }
        var product = 10
        for digit in digits[0..<10] {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        let check = 11 - product
        return (check == 10 ? 0 : check) == digits[10]
    }

    /// True when `serial` is a German identity card (Personalausweis)
    /// serial of nine characters, letters from the card alphabet (no
    /// vowels, B, D, Q or S) and digits, the first a letter, followed by
    /// the check digit of ICAO 9303 (weights 7, 3, 1; letters count 10 to
    /// 35).
    public static func isValidGermanIDCard(_ serial: String) -> Bool {
        let units = Array(serial.utf8)
        let letters = Set("CFGHJKLMNPRTVWXYZ".utf8)
        guard units.count == 10, letters.contains(units[0]),
              units[1..<9].allSatisfy({ letters.contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let check = decimal(units[9..<10])
        else { return false }
        let weights = [7, 3, 1]
        var sum = 0
        for (index, unit) in units[0..<9].enumerated() {
            guard let value = alphanumericValue(unit) else { return false }
            sum += value * weights[index % 3]
        }
        return sum % 10 == check
    }
}
