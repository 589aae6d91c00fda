public import Wire

/// Finds the triggers' matched phrases in the transcript, so that a desk
/// can highlight them: every occurrence, ignoring case, in the messages the
/// evidence names (or every message when it names none).
public enum EvidenceLocator {
    /// The spans, in transcript order, then by start.
    public static func spans(triggers: [CommonV1.Trigger], transcript: [CommonV1.ConversationMessage]) -> [HandoffV1.EvidenceSpan] {
        var spans: [HandoffV1.EvidenceSpan] = []
        for trigger in triggers {
            guard let evidence = trigger.evidence else { continue }
            let indexes = evidence.messageIndexes.isEmpty ? Array(transcript.indices) : evidence.messageIndexes.map(Int.init)
            for index in indexes where transcript.indices.contains(index) {
                let text = Array(transcript[index].text.utf16)
                for phrase in evidence.matchedPhrases where !phrase.isEmpty {
                    for start in occurrences(of: Array(phrase.utf16), in: text) {
                        var span = HandoffV1.EvidenceSpan()
                        span.triggerName = trigger.name
                        span.messageIndex = UInt32(index)
                        span.start = UInt32(start)
                        span.end = UInt32(start + phrase.utf16.count)
                        span.phrase = String(decoding: text[start..<(start + phrase.utf16.count)], as: UTF16.self)
                        spans.append(span)
                    }
                }
            }
        }
        return spans.sorted { ($0.messageIndex, $0.start, $0.end, $0.triggerName) < ($1.messageIndex, $1.start, $1.end, $1.triggerName) }
    }

    /// Starts of `needle` in `haystack`, ASCII letters compared without case.
    static func occurrences(of needle: [UInt16], in haystack: [UInt16]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        func fold(_ unit: UInt16) -> UInt16 { (0x41...0x5A).contains(unit) ? unit + 0x20 : unit }
        let folded = needle.map(fold)
        var starts: [Int] = []
        var start = 0
        while start + needle.count <= haystack.count {
            var matched = true
            for offset in 0..<needle.count where fold(haystack[start + offset]) != folded[offset] {
                matched = false
                break
            }
            if matched {
                starts.append(start)
                start += needle.count
            } else {
                start += 1
            }
        }
        return starts
    }
}
