extension NumberRun {
    /// The run of groups `groups` alone, as if the text had split the run
    /// there. A slice from the first group keeps the sign and the words
    /// before; a later one has none (digits precede it).
    func slice(_ groups: ClosedRange<Int>, in text: ScanText) -> NumberRun {
        let start = groups.lowerBound == 0 ? range.lowerBound : groupRanges[groups.lowerBound].lowerBound
        let end = groupRanges[groups.upperBound].upperBound
        var digits: [Int] = []
        for group in groups {
            for index in groupRanges[group] where digits.count <= Self.maximumDigits { digits.append(Int(text[index]) - 48) }
        }
        var separators: SeparatorSet = []
        for gap in gaps[groups.lowerBound..<groups.upperBound] { separators.formUnion(gap) }
        var slice = NumberRun(range: start..<end, digits: digits, groups: Array(self.groups[groups]), separators: separators,
                              plus: plus && groups.lowerBound == 0)
        slice.groupRanges = Array(groupRanges[groups])
        slice.gaps = Array(gaps[groups.lowerBound..<groups.upperBound])
        slice.context = groups.lowerBound == 0 ? context : NumberContext(words: [], followsHash: false)
        return slice
    }
}
