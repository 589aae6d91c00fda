extension Redactor {
    /// IBANs: a registered country code and two check digits at the start
    /// of a word, then ASCII letters and digits, single spaces allowed
    /// between them, until the country's length, then the end of the word;
    /// mod-97 valid. Letters of any case: customers type IBANs in lower
    /// case too, and the length and checksum keep words out.
    func ibans(in text: ScanText) -> [Candidate] {
        func isASCIIAlphanumeric(_ index: Int) -> Bool { text.isDigit(index) || (text[index] < 0x80 && text.isLetter(index)) }
        var found: [Candidate] = []
        var index = 0
        while index + 4 <= text.count {
            defer { index += 1 }
            guard text[index] < 0x80, text[index + 1] < 0x80, text.isLetter(index), text.isLetter(index + 1),
                  text.isDigit(index + 2), text.isDigit(index + 3), text.startsWord(index),
                  let length = IBANRegistry.length(forCountry: text.string(index..<(index + 2)).uppercased())
            else { continue }
            var characters: [UInt16] = []
            var position = index
            while characters.count < length, isASCIIAlphanumeric(position) {
                characters.append(ScanText.isDigit(text[position]) ? text[position] : ScanText.lowercased(text[position]) - 0x20)
                position += 1
                if characters.count < length, text[position] == 0x20, isASCIIAlphanumeric(position + 1) {
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
