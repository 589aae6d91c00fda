extension PolicySourceText {
    /// One rescan of a scalar: the value it rebuilds and where each of its
    /// scalars came from.
    struct Scan {
        let text: PolicySourceText
        /// The value the parser produced; the scan stops when it has rebuilt it.
        let expected: [Unicode.Scalar]
        var output: [Unicode.Scalar] = []
        var positions: [Position] = []
        /// The position just past the value's last scalar, when known.
        var end: Position?

        init(text: PolicySourceText, expected: [Unicode.Scalar]) {
            self.text = text
            self.expected = expected
        }

        private var done: Bool { output.count >= expected.count }

        private mutating func emit(_ scalar: Unicode.Scalar, at position: Position) {
            output.append(scalar)
            positions.append(position)
        }

        private func line(_ number: Int) -> [Unicode.Scalar]? {
            number >= 1 && number <= text.lines.count ? text.lines[number - 1] : nil
        }

        /// Plain, single-quoted and double-quoted scalars: line breaks fold
        /// to a space (or to one newline per empty line), trailing blanks of
        /// a line and leading blanks of the next are dropped.
        mutating func flow(from start: Position, style: PolicyNode.ScalarStyle) {
            var p = start
            let quote: Unicode.Scalar? = style == .singleQuoted ? "'" : style == .doubleQuoted ? "\"" : nil
            if quote != nil { p.column += 1 }
            while let current = line(p.line) {
                if p.column > current.count {
                    // A line break inside the scalar.
                    if quote == nil && done { break }
                    let escapedBreak = style == .doubleQuoted && lastWasLineEscape
                    lastWasLineEscape = false
                    while let last = output.last, last == " " || last == "\t", !escapedBreak {
                        output.removeLast()
                        positions.removeLast()
                    }
                    let breakPosition = p
                    var emptyLines = 0
                    p = Position(line: p.line + 1, column: 1)
                    while let next = line(p.line) {
                        var column = 1
                        while column <= next.count, next[column - 1] == " " || next[column - 1] == "\t" { column += 1 }
                        if column > next.count {
                            emptyLines += 1
                            p = Position(line: p.line + 1, column: 1)
                        } else {
                            p.column = column
                            break
                        }
                    }
                    if line(p.line) == nil { return }
                    if escapedBreak {
                        for _ in 0..<emptyLines { emit("\n", at: breakPosition) }
                    } else if emptyLines == 0 {
                        emit(" ", at: breakPosition)
                    } else {
                        for _ in 0..<emptyLines { emit("\n", at: breakPosition) }
                    }
                    continue
                }
                let scalar = current[p.column - 1]
                if let quote, scalar == quote {
                    if quote == "'", p.column < current.count, current[p.column] == "'" {
                        emit("'", at: p)
                        p.column += 2
                        continue
                    }
                    end = p
                    return
                }
                if quote == nil && done {
                    end = p
                    return
                }
                if style == .doubleQuoted, scalar == "\\" {
                    guard let (decoded, length) = Self.escape(in: current, at: p.column) else { return }
                    if let decoded {
                        emit(decoded, at: p)
                    } else {
                        lastWasLineEscape = true
                    }
                    p.column += length
                    continue
                }
                emit(scalar, at: p)
                p.column += 1
            }
        }

        /// Set after a `\` at the end of a line in a double-quoted scalar:
        /// the break is escaped and folds to nothing.
        private var lastWasLineEscape = false

        /// The scalar a double-quoted escape at `column` (1-based, at the
        /// backslash) stands for (nil for an escaped line break) and its length.
        static func escape(in line: [Unicode.Scalar], at column: Int) -> (Unicode.Scalar?, Int)? {
            guard column < line.count else { return (nil, 1) }  // backslash ends the line
            let simple: [Unicode.Scalar: Unicode.Scalar] = [
                "0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{B}", "f": "\u{C}",
                "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
                "L": "\u{2028}", "P": "\u{2029}",
            ]
            let kind = line[column]
            if let decoded = simple[kind] { return (decoded, 2) }
            let digits = kind == "x" ? 2 : kind == "u" ? 4 : kind == "U" ? 8 : 0
            guard digits > 0, column + digits < line.count else { return nil }
            let hex = String(String.UnicodeScalarView(line[(column + 1)...(column + digits)]))
            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
            return (scalar, 2 + digits)
        }

        /// Literal and folded block scalars: content starts on the line
        /// after the indicator, at the indentation of its first non-empty
        /// line. A folded scalar joins lines that start with no blank.
        mutating func block(from start: Position, folded: Bool) {
            var number = start.line + 1
            var indent: Int?
            var pendingBreaks: [Position] = []
            var previousStartedWithBlank = false
            var sawContent = false
            scan: while let current = line(number), !done {
                var leading = 0
                while leading < current.count, current[leading] == " " { leading += 1 }
                if leading == current.count && current.count <= (indent ?? Int.max) {
                    pendingBreaks.append(Position(line: number, column: current.count + 1))
                    number += 1
                    continue
                }
                if indent == nil { indent = leading }
                guard let indent, leading >= indent else { break scan }
                let startsWithBlank = leading > indent || (indent < current.count && current[indent] == "\t")
                if sawContent {
                    // pendingBreaks[0] is the break ending the previous content line.
                    let breaks = pendingBreaks
                    if folded && !previousStartedWithBlank && !startsWithBlank {
                        if breaks.count == 1 {
                            emit(" ", at: breaks[0])
                        } else {
                            for position in breaks.dropFirst() { emit("\n", at: position) }
                        }
                    } else {
                        for position in breaks { emit("\n", at: position) }
                    }
                } else {
                    for position in pendingBreaks { emit("\n", at: position) }
                }
                pendingBreaks = []
                for column in (indent + 1)...max(indent + 1, current.count) where column <= current.count {
                    emit(current[column - 1], at: Position(line: number, column: column))
                }
                pendingBreaks.append(Position(line: number, column: current.count + 1))
                previousStartedWithBlank = startsWithBlank
                sawContent = true
                number += 1
            }
            // Trailing line breaks kept by clipping or `+` chomping.
            for position in pendingBreaks where !done { emit("\n", at: position) }
            end = pendingBreaks.first
        }
    }
}
