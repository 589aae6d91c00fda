extension Redactor {
    /// National identifiers of every scheme in `NationalIDScheme`.
    func nationalIDs(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        var found: [Candidate] = []
        for run in runs where !run.plus {
            let context = run.context
            if isSSN(run, context: context) {
                found.append(Candidate(.nationalID, run.range, scheme: .usSSN))
            } else if isSteuerID(run) {
                found.append(Candidate(.nationalID, run.range, scheme: .deTaxID))
            }
        }
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard text.startsWord(index), text.isAlphanumeric(index) else { continue }
            if let end = spanishID(at: index, in: text) {
                let scheme: NationalIDScheme = text.isDigit(index) ? .esDNI : .esNIE
                found.append(Candidate(.nationalID, index..<end, scheme: scheme))
            } else if let end = nir(at: index, in: text) {
                found.append(Candidate(.nationalID, index..<end, scheme: .frNIR))
            } else if let end = nino(at: index, in: text), !text.context(before: index).isReference {
                // A NINO has no check digit: after "serial" or "ref" the
                // same shape is a product or case code.
                found.append(Candidate(.nationalID, index..<end, scheme: .ukNINO))
            } else if let end = germanIDCard(at: index, in: text) {
                found.append(Candidate(.nationalID, index..<end, scheme: .deIDCard))
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// A Steuer-ID, contiguous or as 2-3-3-3 with spaces, not after a
    /// reference word.
    func isSteuerID(_ run: NumberRun) -> Bool {
        !run.plus && !run.context.isReference && (run.grouped(11) || (run.grouped(2, 3, 3, 3) && run.separators == [0x20]))
            && Checksum.isValidSteuerID(run.digitString)
    }

    /// A US SSN: 3-2-4 digits split by dashes or by spaces (one kind), or
    /// 9 contiguous digits after "SSN" or "social security"; area not 000,
    /// 666 or 900 and above, group not 00, serial not 0000.
    func isSSN(_ run: NumberRun, context: NumberContext) -> Bool {
        let announced = context.contains(any: ["ssn", "security"])
        guard (run.grouped(3, 2, 4) && (run.separators == [0x2D] || run.separators == [0x20]))
            || (run.grouped(9) && announced)
        else { return false }
        guard announced || !context.isReference else { return false }
        let digits = run.digits
        let area = digits[0] * 100 + digits[1] * 10 + digits[2]
        let group = digits[3] * 10 + digits[4]
        let serial = digits[5...].reduce(0) { $0 * 10 + $1 }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// End of a Spanish DNI ("12345678Z", "12345678-Z", "12.345.678 Z") or
    /// NIE ("X1234567L", "X-1234567-L") starting at `index`, when its check
    /// letter is right; the letter may be lower case unless a space comes
    /// before it.
    func spanishID(at index: Int, in text: ScanText) -> Int? {
        var position = index
        var characters: [UInt8] = []
        let prefix = ScanText.lowercased(text[index])
        let isNIE = prefix == 0x78 || prefix == 0x79 || prefix == 0x7A
        if isNIE {
            characters.append(UInt8(truncatingIfNeeded: prefix - 0x20))
            position += 1
            if text[position] == 0x2D { position += 1 }
        }
        // Eight characters before the letter: 8 digits, or the NIE prefix
        // and 7 digits.
        while characters.count < 8, text.isDigit(position) {
            characters.append(UInt8(truncatingIfNeeded: text[position]))
            position += 1
            // Dotted DNI: 12.345.678.
            if !isNIE, (characters.count == 2 || characters.count == 5), text[position] == 0x2E, text.isDigit(position + 1) {
                position += 1
            }
        }
        guard characters.count == 8 else { return nil }
        // After a space only a capital is the check letter: "91234567 y"
        // is a number and the word "and".
        let spaced = text[position] == 0x20
        if text[position] == 0x2D || spaced { position += 1 }
        guard text.isLetter(position), text[position] < 0x80, !spaced || text.isUpper(position), text.endsWord(position + 1)
        else { return nil }
        characters.append(UInt8(truncatingIfNeeded: ScanText.lowercased(text[position]) - 0x20))
        let candidate = String(decoding: characters, as: UTF8.self)
        let valid = isNIE ? Checksum.isValidNIE(candidate) : Checksum.isValidDNI(candidate)
        return valid ? position + 1 : nil
    }

    /// End of a French NIR starting at `index`: 15 characters (digits, or
    /// 2A/2B as département), single spaces allowed between any two, with
    /// a valid key.
    func nir(at index: Int, in text: ScanText) -> Int? {
        guard text.isDigit(index) else { return nil }
        var characters: [UInt8] = []
        var position = index
        while characters.count < 15 {
            let unit = text[position]
            let corsica = characters.count == 6 && characters.last == UInt8(ascii: "2") && (unit == 0x41 || unit == 0x42)
            guard text.isDigit(position) || corsica else { return nil }
            characters.append(UInt8(truncatingIfNeeded: unit))
            position += 1
            if characters.count < 15, text[position] == 0x20, text.isDigit(position + 1) || text.isUpper(position + 1) {
                position += 1
            }
        }
        guard !NumberRun.gluedAfter(position, in: text) else { return nil }
        return Checksum.isValidNIR(String(decoding: characters, as: UTF8.self)) ? position : nil
    }

    /// End of a UK National Insurance number starting at `index`: a valid
    /// two-letter prefix, six digits (optionally in pairs split by single
    /// spaces), a suffix A to D; upper case.
    func nino(at index: Int, in text: ScanText) -> Int? {
        guard text.isUpper(index), text.isUpper(index + 1), text.isDigit(index + 2) || text.isDigit(index + 3),
              !Self.ninoExcludedFirst.contains(text[index]), !Self.ninoExcludedSecond.contains(text[index + 1]),
              !Self.ninoExcludedPairs.contains(text.string(index..<(index + 2)))
        else { return nil }
        var position = index + 2
        var digits = 0
        while digits < 6 {
            if digits % 2 == 0, text[position] == 0x20, text.isDigit(position + 1) { position += 1 }
            guard text.isDigit(position) else { return nil }
            digits += 1
            position += 1
        }
        if text[position] == 0x20 { position += 1 }
        guard (0x41...0x44).contains(text[position]), text.endsWord(position + 1) else { return nil }
        return position + 1
    }

    /// Letters a NINO never starts with.
    static let ninoExcludedFirst: Set<UInt16> = Set("DFIQUV".utf16)
    /// Letters never second in a NINO.
    static let ninoExcludedSecond: Set<UInt16> = Set("DFIOQUV".utf16)
    /// Prefixes never issued.
    static let ninoExcludedPairs: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]

    /// End of a German identity card serial with its check digit starting
    /// at `index` ("L01X00T471"), only after a word naming the card, since
    /// ten upper-case characters with one check digit are a weak signal.
    func germanIDCard(at index: Int, in text: ScanText) -> Int? {
        guard text.isUpper(index), text.endsWord(index + 10) else { return nil }
        for offset in 0..<10 where !(text.isUpper(index + offset) || text.isDigit(index + offset)) { return nil }
        let words = text.context(before: index).words
        let announced = words.contains { $0.hasPrefix("ausweis") || $0.hasPrefix("personalausweis") || $0 == "identity" }
            || (words.count >= 2 && words[0] == "card" && words[1] == "id")
        guard announced, Checksum.isValidGermanIDCard(text.string(index..<(index + 10))) else { return nil }
        return index + 10
    }
}
