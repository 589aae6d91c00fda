extension Redactor {
    /// IBANs: a registered country code and two check digits at the start
    /// of a word, then upper-case letters and digits, single spaces allowed
    /// between them, until the country's length, then the end of the word;
    /// mod-97 valid.
    func ibans(in text: ScanText) -> [Candidate] {
        var found: [Candidate] = []
        var index = 0
        while index + 4 <= text.count {
            defer { index += 1 }
            guard text.isUpper(index), text.isUpper(index + 1), text.isDigit(index + 2), text.isDigit(index + 3),
                  text.startsWord(index),
                  let length = IBANRegistry.length(forCountry: text.string(index..<(index + 2)))
            else { continue }
            var characters: [UInt16] = []
            var position = index
            while characters.count < length, text.isUpper(position) || text.isDigit(position) {
                characters.append(text[position])
                position += 1
                if characters.count < length, text[position] == 0x20,
                   text.isUpper(position + 1) || text.isDigit(position + 1) {
                    position += 1
                }
            }
            guard characters.count == length, text.endsWord(position),
                  Checksum.isValidIBAN(String(decoding: characters, as: UTF16.self))
            else { continue }
            found.append(Candidate(.iban, index..<position))
            index = position - 1
        }
        return found
    }
}
