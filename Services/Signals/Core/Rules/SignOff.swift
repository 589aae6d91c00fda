/// The name an email or letter ends with ("Thanks,\nRob Ferreira"), which
/// is not something the customer says: VADER reads the name "Rob" as the
/// verb and a polite message as negative.
enum SignOff {
    /// `text` without its closing name, or nil when it ends with none. A
    /// closing name is a last line of one to three capitalised words (or
    /// initials, "J."), after a closing formula with its comma ("Thanks,",
    /// "Kind regards,") or after an empty line; a line of capitals ("NOT
    /// HAPPY") is shouting, a word with its full stop ("Awful.") a verdict,
    /// and a message of one line has no sign-off.
    static func body(of text: String) -> String? {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        while end != scalars.startIndex, isSpace(scalars[scalars.index(before: end)]) { scalars.formIndex(before: &end) }
        guard let lineBreak = scalars[..<end].lastIndex(of: "\n") else { return nil }
        guard isName(scalars[scalars.index(after: lineBreak)..<end]) else { return nil }
        // What comes before the name: an empty line, or a line ending with a comma.
        var before = lineBreak
        var emptyLine = false
        while before != scalars.startIndex, isSpace(scalars[scalars.index(before: before)]) {
            scalars.formIndex(before: &before)
            if scalars[before] == "\n" { emptyLine = true }
        }
        guard before != scalars.startIndex else { return nil }
        if !emptyLine {
            // The line before: a closing formula and its comma.
            guard scalars[scalars.index(before: before)] == "," else { return nil }
            let lineStart = scalars[..<before].lastIndex(of: "\n").map { scalars.index(after: $0) } ?? scalars.startIndex
            let closing = PhraseMatcher.normalize(String(scalars[lineStart..<before]))
            guard closings.contains(where: { closing.hasSuffix(" \($0) ") }) else { return nil }
        }
        return String(scalars[..<before])
    }

    /// Whether a line is one to three capitalised words or initials, after an optional dash.
    private static func isName(_ line: Substring.UnicodeScalarView) -> Bool {
        let words = Substring(line).split(whereSeparator: { $0 == " " || $0 == "\t" })
        var rest = words[...]
        if let first = rest.first, ["-", "–", "—", "--"].contains(first) { rest = rest.dropFirst() }
        guard (1...3).contains(rest.count) else { return false }
        return rest.allSatisfy { word in
            let letters = word.unicodeScalars
            guard let first = letters.first, first.properties.isUppercase,
                  letters.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" || $0 == "'" || $0 == "." })
            else { return false }
            // "J." is an initial, "Awful." a verdict; "ROB" shouts.
            if word.hasSuffix(".") { return letters.count == 2 }
            return letters.count == 1 || letters.dropFirst().contains { $0.properties.isLowercase }
        }
    }

    /// Closing formulas, normalised, as the line before a name ends them.
    static let closings = [
        "thanks", "thank you", "many thanks", "best", "best wishes", "regards", "kind regards", "best regards", "cheers",
        "sincerely", "yours", "gracias", "saludos", "un saludo", "atentamente", "merci", "cordialement", "bien a vous",
        "grusse", "gruesse", "viele grusse", "danke", "lg", "mfg",
    ]

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
