extension Redactor {
    /// Dates introduced as dates of birth: a cue ("date of birth", "DOB",
    /// "born on", "fecha de nacimiento", "nacido el", "date de naissance",
    /// "né le", "Geburtsdatum", "geboren am"…), then within a few words
    /// ("is", ":", "el"…) a date: 31/12/1985, 31.12.85, 1985-12-31,
    /// "31 December 1985", "December 31, 1985", "31 de diciembre de 1985",
    /// "31 décembre 1985", "31. Dezember 1985". Only the date is masked.
    /// Other dates stay: a delivery date is no personal data.
    func datesOfBirth(in text: ScanText) -> [Candidate] {
        var found: [Candidate] = []
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard text.startsWord(index), text.isLetter(index),
                  let cue = Self.birthCues.first(where: { text.matches($0, at: index) && text.endsWord(index + $0.count) })
            else { continue }
            var position = index + cue.count
            // Skip separators and up to two filler words.
            var fillers = 0
            while position < min(text.count, index + cue.count + 24) {
                let unit = text[position]
                if unit == 0x20 || unit == 0x3A || unit == 0x2C || unit == 0x2D || unit == 0x2E { position += 1; continue }
                if fillers < 2, let filler = Self.birthFillers.first(where: { text.matches($0, at: position) && text.endsWord(position + $0.count) }) {
                    position += filler.count
                    fillers += 1
                    continue
                }
                break
            }
            if let end = dateEnd(at: position, in: text) {
                found.append(Candidate(.dateOfBirth, position..<end))
                index = end - 1
            }
        }
        return found
    }

    /// End of a date starting at `index`, numeric or with a month name.
    func dateEnd(at index: Int, in text: ScanText) -> Int? {
        func digits(at position: Int, _ allowed: ClosedRange<Int>) -> Int? {
            var end = position
            while text.isDigit(end), end - position < allowed.upperBound { end += 1 }
            return allowed.contains(end - position) && !text.isDigit(end) ? end : nil
        }
        func month(at position: Int) -> Int? {
            guard let name = Self.monthNames.first(where: { text.matches($0, at: position) && text.endsWord(position + $0.count) })
            else { return nil }
            return text[position + name.count] == 0x2E ? position + name.count + 1 : position + name.count
        }
        func spaces(_ position: Int) -> Int {
            var end = position
            while text[end] == 0x20 { end += 1 }
            return end
        }
        func word(_ word: String, at position: Int) -> Int {
            let units = Array(utf16: word)
            return text.matches(units, at: position) && text.endsWord(position + units.count) ? spaces(position + units.count) : position
        }
        // Numeric: day, month, year or year, month, day, one separator.
        if let first = digits(at: index, 1...4), first - index != 3 {
            let separator = text[first]
            if separator == 0x2F || separator == 0x2E || separator == 0x2D, let second = digits(at: first + 1, 1...2),
               text[second] == separator {
                let yearFirst = first - index == 4
                if let third = digits(at: second + 1, yearFirst ? 1...2 : 2...4), yearFirst || third - second - 1 != 3,
                   !NumberRun.gluedAfter(third, in: text) {
                    return third
                }
            }
            // Day, month name, year.
            guard first - index <= 2 else { return nil }
            // "31.", "1º", "1st", "1er".
            var position = first
            if text[position] == 0x2E || text[position] == 0xBA {
                position += 1
            } else if ["st", "nd", "rd", "th", "er"].contains(where: { text.matches(Array(utf16: $0), at: position) && text.endsWord(position + 2) }) {
                position += 2
            }
            position = word("de", at: spaces(position))
            guard let afterMonth = month(at: position) else { return nil }
            position = word("de", at: spaces(afterMonth))
            if text[position] == 0x2C { position = spaces(position + 1) }
            return digits(at: position, 4...4)
        }
        // Month name, day, year.
        guard let afterMonth = month(at: index), let day = digits(at: spaces(afterMonth), 1...2) else { return nil }
        var position = day
        if ["st", "nd", "rd", "th"].contains(where: { text.matches(Array(utf16: $0), at: position) && text.endsWord(position + 2) }) {
            position += 2
        }
        if text[position] == 0x2C { position += 1 }
        return digits(at: spaces(position), 4...4)
    }

    /// Phrases that introduce a date of birth, lower case.
    static let birthCues: [[UInt16]] = [
        "date of birth", "d.o.b", "dob", "born on", "born", "birthday", "fecha de nacimiento", "nacido el", "nacida el",
        "nací el", "date de naissance", "né le", "née le", "geburtsdatum", "geboren am", "geboren", "geb",
    ].map { Array(utf16: $0) }

    /// Words allowed between a cue and the date.
    static let birthFillers: [[UInt16]] = ["is", "was", "on", "the", "es", "el", "est", "le", "ist", "am"]
        .map { Array(utf16: $0) }

    /// Month names and abbreviations in English, Spanish, French and
    /// German, lower case, longest first so that "march" is tried before
    /// "mar".
    static let monthNames: [[UInt16]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
        "octubre", "noviembre", "diciembre", "janvier", "février", "fevrier", "mars", "avril", "mai", "juin",
        "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre", "januar", "februar",
        "märz", "maerz", "juni", "juli", "oktober", "dezember",
    ].map { Array(utf16: $0) }.sorted { $0.count > $1.count }
}
