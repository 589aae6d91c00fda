extension Redactor {
    /// Postal addresses: street lines, postcodes with their city, UK
    /// postcodes and US "City, ST 12345"; parts of one address written in
    /// a row ("Calle Mayor 5, 28013 Madrid") become one span.
    ///
    /// A five-digit postcode and a city count only after a street line, after
    /// an address word ("address", "dirección", "adresse", "Anschrift",
    /// "PLZ"…) or before a listed large city: five digits and a capitalised
    /// word are too common otherwise ("10000 Punkte" in German).
    func addresses(in text: ScanText) -> [Candidate] {
        let tokens = WordToken.all(in: text)
        var parts: [(tokens: ClosedRange<Int>, strong: Bool)] = []
        for index in tokens.indices {
            if let end = englishStreet(at: index, tokens) ?? frenchStreet(at: index, tokens)
                ?? spanishStreet(at: index, tokens) ?? germanStreet(at: index, tokens) {
                parts.append((index...end, true))
            } else if let end = ukPostcode(at: index, tokens) {
                parts.append((index...end, true))
            } else if let part = usStateAndZIP(at: index, tokens) {
                parts.append((part, true))
            } else if let (end, strong) = postcodeAndCity(at: index, tokens, text: text) {
                parts.append((index...end, strong))
            }
        }
        // Keep parts in order without overlaps (a street's number can be
        // read again as the start of another rule), then merge neighbours.
        var merged: [(tokens: ClosedRange<Int>, strong: Bool)] = []
        for part in parts.sorted(by: { $0.tokens.lowerBound < $1.tokens.lowerBound }) {
            if let last = merged.last, last.tokens.overlaps(part.tokens) {
                // A street line beats a weak postcode whose "city" ran into
                // it; between equals, the longer from the same start wins.
                let longer = last.tokens.lowerBound == part.tokens.lowerBound && last.tokens.upperBound < part.tokens.upperBound
                if (part.strong && !last.strong) || (part.strong == last.strong && longer) {
                    merged[merged.count - 1] = part
                }
                continue
            }
            if let last = merged.last, joins(last.tokens.upperBound, part.tokens.lowerBound, tokens) {
                merged[merged.count - 1] = (last.tokens.lowerBound...part.tokens.upperBound, last.strong || part.strong)
            } else {
                merged.append(part)
            }
        }
        return merged.filter(\.strong).map { part in
            Candidate(.postalAddress, tokens[part.tokens.lowerBound].range.lowerBound..<tokens[part.tokens.upperBound].range.upperBound)
        }
    }

    /// True when the tokens strictly between `end` and `start` are only
    /// commas, line breaks and at most three capitalised words (a city
    /// between a street line and a UK postcode), so the two parts are one
    /// address.
    func joins(_ end: Int, _ start: Int, _ tokens: [WordToken]) -> Bool {
        guard start - end <= 5 else { return false }
        var words = 0
        for index in (end + 1)..<start {
            if tokens[index].isPunctuation(",") { continue }
            if tokens[index].isCapitalized || AddressWords.particles.contains(tokens[index].lower) {
                words += 1
                continue
            }
            return false
        }
        return words <= 3
    }

    /// A house number: 1 to 5 digits, optionally with one letter ("221B",
    /// "12a").
    func isHouseNumber(_ token: WordToken) -> Bool {
        let characters = Array(token.text)
        guard let firstLetter = characters.firstIndex(where: { !$0.isASCII || !$0.isNumber }) else {
            return token.kind == .number && (1...5).contains(characters.count)
        }
        return (1...4).contains(firstLetter) && characters.count == firstLetter + 1 && characters[firstLetter].isLetter
            && characters[firstLetter] != "º" && characters[firstLetter] != "ª"
    }

    /// True when `index` holds `token` on the same line as the token
    /// before it.
    func sameLine(_ index: Int, _ tokens: [WordToken]) -> Bool { index < tokens.count && !tokens[index].startsLine }

    /// Last index of a street or city name from `index`: capitalised words
    /// and particles joined by spaces, hyphens or apostrophes, at most
    /// `limit` tokens, ending on a capitalised word; nil when there is none.
    func nameEnd(from index: Int, limit: Int, _ tokens: [WordToken]) -> Int? {
        var last: Int?
        var position = index
        while position < min(tokens.count, index + limit), sameLine(position, tokens) || position == index {
            let token = tokens[position]
            if token.isCapitalized {
                last = position
            } else if !(AddressWords.particles.contains(token.lower) || token.isPunctuation("-")
                        || token.isPunctuation("'") || token.isPunctuation("’")) {
                break
            }
            position += 1
        }
        return last
    }

    /// "221B Baker Street", "1600 Pennsylvania Avenue NW", "10 Downing St",
    /// "10 Queen's Road":
    /// a house number, one to four capitalised words, an English street
    /// type, optionally a compass direction.
    func englishStreet(at index: Int, _ tokens: [WordToken]) -> Int? {
        guard isHouseNumber(tokens[index]) else { return nil }
        var position = index + 1
        var names = 0
        while sameLine(position, tokens), names <= 4 {
            let token = tokens[position]
            if names > 0, token.kind == .word, AddressWords.englishTypes.contains(token.lower) {
                if sameLine(position + 1, tokens), AddressWords.directions.contains(tokens[position + 1].text) {
                    return position + 1
                }
                return position
            }
            // "Queen's Road": the possessive belongs to the name before it.
            if names > 0, token.isPunctuation("'") || token.isPunctuation("’"), sameLine(position + 1, tokens),
               tokens[position + 1].lower == "s", tokens[position + 1].range.lowerBound == token.range.upperBound {
                position += 2
                continue
            }
            let ordinal = token.kind == .mixed && ["st", "nd", "rd", "th"].contains(where: token.lower.hasSuffix)
            guard token.isCapitalized || ordinal else { return nil }
            names += 1
            position += 1
        }
        return nil
    }

    /// "12 rue de la Paix", "5 bis avenue Victor Hugo": a number, optionally
    /// bis or ter, a French street type, then a name.
    func frenchStreet(at index: Int, _ tokens: [WordToken]) -> Int? {
        guard tokens[index].kind == .number, tokens[index].text.count <= 4 else { return nil }
        var position = index + 1
        if sameLine(position, tokens), tokens[position].isPunctuation(",") { position += 1 }
        if sameLine(position, tokens), ["bis", "ter"].contains(tokens[position].lower) { position += 1 }
        guard sameLine(position, tokens), tokens[position].kind == .word,
              AddressWords.frenchTypes.contains(tokens[position].lower), sameLine(position + 1, tokens)
        else { return nil }
        return nameEnd(from: position + 1, limit: 7, tokens)
    }

    /// "Calle Mayor 5", "C/ Alcalá 23, 3º B", "Avenida de América, 12",
    /// "C/ Gran Vía 28, 2º izq.": a Spanish street type, a name, optionally
    /// "nº", the number, and optionally the floor and door.
    func spanishStreet(at index: Int, _ tokens: [WordToken]) -> Int? {
        var position = index + 1
        let token = tokens[index]
        if token.text == "C", sameLine(position, tokens), tokens[position].isPunctuation("/") {
            position += 1
        } else {
            guard token.kind == .word, AddressWords.spanishTypes.contains(token.lower) else { return nil }
            if sameLine(position, tokens), tokens[position].isPunctuation(".") { position += 1 }
        }
        guard sameLine(position, tokens), let name = nameEnd(from: position, limit: 7, tokens) else { return nil }
        position = name + 1
        if sameLine(position, tokens), tokens[position].isPunctuation(",") { position += 1 }
        if sameLine(position, tokens), ["nº", "no", "n", "núm", "num"].contains(tokens[position].lower) {
            position += 1
            if sameLine(position, tokens), tokens[position].isPunctuation(".") || tokens[position].isPunctuation("°") { position += 1 }
        }
        guard sameLine(position, tokens), isHouseNumber(tokens[position]) else { return nil }
        var end = position
        // Floor and door: ", 3º B", " 2ºA", ", 1ª".
        var floor = end + 1
        if sameLine(floor, tokens), tokens[floor].isPunctuation(",") { floor += 1 }
        if sameLine(floor, tokens), tokens[floor].kind == .mixed,
           tokens[floor].text.contains("º") || tokens[floor].text.contains("ª") {
            end = floor
            let door = floor + 1
            if sameLine(door, tokens), tokens[door].kind == .word,
               (tokens[door].text.count == 1 && tokens[door].text.uppercased() == tokens[door].text)
                || AddressWords.spanishDoors.contains(tokens[door].lower) {
                end = sameLine(door + 1, tokens) && tokens[door + 1].isPunctuation(".") ? door + 1 : door
            }
        }
        return end
    }

    /// "Hauptstraße 5", "Berliner Str. 12a", "Lindenweg 3-5": a capitalised
    /// word ending in a German street type (or followed by one), then the
    /// number, optionally a range.
    func germanStreet(at index: Int, _ tokens: [WordToken]) -> Int? {
        let token = tokens[index]
        guard token.isCapitalized else { return nil }
        var position = index + 1
        func takesAbbreviationStop(_ word: String) -> Bool { word == "str" }
        if let suffix = AddressWords.germanSuffixes.first(where: { token.lower.hasSuffix($0) }),
           token.lower.count >= suffix.count + 3, !AddressWords.germanNonStreets.contains(where: { token.lower.hasSuffix($0) }) {
            if takesAbbreviationStop(suffix) {
                guard sameLine(position, tokens), tokens[position].isPunctuation(".") else { return nil }
                position += 1
            }
        } else if sameLine(position, tokens), tokens[position].isCapitalized,
                  AddressWords.germanTypes.contains(tokens[position].lower) {
            position += 1
            if tokens[position - 1].lower == "str" {
                guard sameLine(position, tokens), tokens[position].isPunctuation(".") else { return nil }
                position += 1
            }
        } else {
            return nil
        }
        guard sameLine(position, tokens), isHouseNumber(tokens[position]) else { return nil }
        if sameLine(position + 2, tokens), tokens[position + 1].isPunctuation("-"), tokens[position + 2].kind == .number,
           tokens[position + 1].range.lowerBound == tokens[position].range.upperBound {
            return position + 2
        }
        return position
    }

    /// "SW1A 1AA", "M1 1AE", "EC1A 1BB": an outward code (a letter or two,
    /// a digit, optionally a digit or letter) and an inward code (a digit,
    /// two letters but C, I, K, M, O, V), upper case, one space apart.
    func ukPostcode(at index: Int, _ tokens: [WordToken]) -> Int? {
        guard index + 1 < tokens.count, tokens[index].kind == .mixed, tokens[index + 1].kind == .mixed,
              tokens[index + 1].range.lowerBound == tokens[index].range.upperBound + 1
        else { return nil }
        let outward = Array(tokens[index].text.unicodeScalars)
        let inward = Array(tokens[index + 1].text.unicodeScalars)
        func upper(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
        func digit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        let letters = outward.prefix(while: upper).count
        guard (1...2).contains(letters), outward.count >= letters + 1, outward.count <= letters + 2,
              digit(outward[letters]), outward.count == letters + 1 || digit(outward[letters + 1]) || upper(outward[letters + 1])
        else { return nil }
        func allowedInward(_ scalar: Unicode.Scalar) -> Bool { upper(scalar) && !"CIKMOV".unicodeScalars.contains(scalar) }
        guard inward.count == 3, digit(inward[0]), allowedInward(inward[1]), allowedInward(inward[2])
        else { return nil }
        return index + 1
    }

    /// "Springfield, IL 62704", "New York, NY 10001-1234": a city, a comma,
    /// a US state code and a ZIP code (ZIP+4 too).
    func usStateAndZIP(at index: Int, _ tokens: [WordToken]) -> ClosedRange<Int>? {
        guard index + 1 < tokens.count, AddressWords.usStates.contains(tokens[index].text),
              sameLine(index + 1, tokens), tokens[index + 1].kind == .number, tokens[index + 1].text.count == 5
        else { return nil }
        var end = index + 1
        if index + 3 < tokens.count, tokens[index + 2].isPunctuation("-"), tokens[index + 3].kind == .number,
           tokens[index + 3].text.count == 4, tokens[index + 2].range.lowerBound == tokens[index + 1].range.upperBound {
            end = index + 3
        }
        // The city and its comma are required: alone, "ID 12345" or "OR
        // 97201" is more often an identifier or a sentence than an address.
        guard index >= 2, tokens[index - 1].isPunctuation(","), tokens[index - 2].isCapitalized, sameLine(index - 1, tokens)
        else { return nil }
        var start = index - 2
        while start > 0, index - start < 4, tokens[start - 1].isCapitalized, sameLine(start, tokens) { start -= 1 }
        return start...end
    }

    /// "28013 Madrid", "75008 Paris", "60311 Frankfurt am Main": five
    /// digits and a city; `strong` when the city is listed or an address
    /// word comes before, else the part counts only next to a street line.
    /// Nil after a reference word ("order 28013 Madrid").
    func postcodeAndCity(at index: Int, _ tokens: [WordToken], text: ScanText) -> (Int, Bool)? {
        // Five digits that end a longer number ("3782 822463 10005") are no
        // postcode.
        if index > 0, sameLine(index, tokens), tokens[index - 1].kind == .number || tokens[index - 1].isPunctuation("-"),
           tokens[index].range.lowerBound - tokens[index - 1].range.upperBound <= 1 {
            return nil
        }
        guard tokens[index].kind == .number, tokens[index].text.count == 5, sameLine(index + 1, tokens),
              tokens[index + 1].isCapitalized, !AddressWords.notCities.contains(tokens[index + 1].lower),
              let end = cityEnd(from: index + 1, tokens),
              !text.context(before: tokens[index].range.lowerBound).isReference
        else { return nil }
        // "12345 Berlin-Fans" is no address: a listed city counts alone
        // only when no hyphen glues another word to it.
        let hyphenated = index + 2 < tokens.count && tokens[index + 2].isPunctuation("-")
            && tokens[index + 2].range.lowerBound == tokens[index + 1].range.upperBound
        let listed = AddressWords.cities.contains(tokens[index + 1].lower) && !hyphenated
        // Address words count back to a placeholder's bracket at most, so
        // that "[address]" does not announce the next number on a second
        // pass.
        let lookBack = tokens[max(0, index - 8)..<index]
        let afterBracket = lookBack.lastIndex { $0.isPunctuation("]") }.map { $0 + 1 } ?? lookBack.startIndex
        let announced = tokens[afterBracket..<index].contains { AddressWords.cues.contains($0.lower) }
        return (end, listed || announced)
    }

    /// Last index of a city name from `index` (a capitalised word): joined
    /// on by a hyphen ("Aix-en-Provence"), by particles ("Frankfurt am
    /// Main", "Alcalá de Henares"), or after a first word that needs one
    /// ("San Sebastián", "Bad Homburg"); never a bare capitalised word, which
    /// in German is more often the next noun ("München Bestellung").
    func cityEnd(from index: Int, _ tokens: [WordToken]) -> Int? {
        var end = index
        var position = index + 1
        while sameLine(position, tokens), position - index <= 5 {
            let token = tokens[position]
            let adjacent = token.range.lowerBound == tokens[position - 1].range.upperBound
            if token.isPunctuation("-") || token.isPunctuation("'"), adjacent, sameLine(position + 1, tokens),
               tokens[position + 1].range.lowerBound == token.range.upperBound,
               tokens[position + 1].kind == .word {
                position += 2
                if tokens[position - 1].isCapitalized { end = position - 1 }
                continue
            }
            // Particles inside city names are written in lower case
            // ("Alcalá de Henares"); "DE" or "De" is another word.
            if token.text == token.lower, AddressWords.particles.contains(token.lower), sameLine(position + 1, tokens),
               tokens[position + 1].isCapitalized {
                end = position + 1
                position += 2
                continue
            }
            if token.isCapitalized, position == end + 1, AddressWords.cityPrefixes.contains(tokens[end].lower) {
                end = position
                position += 1
                continue
            }
            break
        }
        return end
    }
}
