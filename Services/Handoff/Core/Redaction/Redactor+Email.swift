extension Redactor {
    /// Email addresses: from each "@", at most 64 local-part characters
    /// back (ASCII letters, digits and . _ % + -, not starting or ending
    /// with a dot) and at most 253 domain characters forward, with at least
    /// one dot and a final label of two or more letters. Bounded on both
    /// sides, so a text full of "@" stays linear.
    func emails(in text: ScanText) -> [Candidate] {
        func isLocal(_ unit: UInt16) -> Bool {
            (unit < 0x80 && ScanText.isLetter(unit)) || ScanText.isDigit(unit)
                || unit == 0x2E || unit == 0x5F || unit == 0x25 || unit == 0x2B || unit == 0x2D
        }
        func isDomain(_ unit: UInt16) -> Bool {
            (unit < 0x80 && ScanText.isLetter(unit)) || ScanText.isDigit(unit) || unit == 0x2D || unit == 0x2E
        }
        var found: [Candidate] = []
        var index = 0
        while index < text.count {
            guard text[index] == 0x40 else {
                index += 1
                continue
            }
            let floor = max(found.last?.range.upperBound ?? 0, index - 64)
            var start = index
            while start > floor, isLocal(text[start - 1]) { start -= 1 }
            while start < index, text[start] == 0x2E { start += 1 }
            var end = index + 1
            while end < min(text.count, index + 1 + 253), isDomain(text[end]) { end += 1 }
            // A sentence's full stop or a dash after the domain is not part
            // of it.
            while end > index + 1, text[end - 1] == 0x2E || text[end - 1] == 0x2D { end -= 1 }
            guard start < index, text[index - 1] != 0x2E, end > index + 1 else {
                index += 1
                continue
            }
            // "me@example.fr.Next sentence", "me@example.fr.4111…": a last
            // label in title case or with digits after a missing space is
            // the next sentence, not a top-level domain (those are letters,
            // written in one case). One label is given back.
            if let dot = text.units[(index + 1)..<end].lastIndex(of: 0x2E), dot + 1 < end,
               text.units[(index + 1)..<dot].contains(0x2E) {
                let label = text.units[(dot + 1)..<end]
                let titleCase = text.isUpper(dot + 1) && label.dropFirst().allSatisfy { $0 >= 0x61 && $0 <= 0x7A } && label.count > 1
                if titleCase || label.contains(where: ScanText.isDigit) { end = dot }
            }
            let domain = text.units[(index + 1)..<end]
            guard let lastDot = domain.lastIndex(of: 0x2E), lastDot > index + 1, end - lastDot - 1 >= 2,
                  text.units[(lastDot + 1)..<end].allSatisfy({ $0 < 0x80 && ScanText.isLetter($0) })
            else {
                index += 1
                continue
            }
            found.append(Candidate(.email, start..<end))
            index = end
        }
        return found
    }
}
