import Foundation

/// Baton's intent classifier: per head, a multinomial logistic regression
/// over hashed word and character n-grams (see `Tools/intent/train.py`, which
/// trains it and writes `Resources/intent-model.bin`).
///
/// The model is immutable and safe to share between tasks. Classifying a
/// message allocates only its result: features and scores live in stack
/// buffers.
public struct IntentModel: Sendable {
    /// One softmax head, laid out for lookups: a text's features are
    /// scattered over the whole model, so each lookup is a cache miss, and
    /// what one feature needs sits together. A slot holds a tag of the
    /// feature hash's high bits and its row, in 4 bytes so that more of the
    /// table stays in cache; a row's record holds the full hash (to confirm
    /// the slot), its factors and its weights.
    struct Head: Sendable {
        let labels: [String]
        /// Index of the out-of-scope label in `labels`, if the head has one.
        let outOfScopeLabel: Int?
        /// Top probability below which a prediction is out of scope.
        let threshold: Float
        /// Open-addressing table from a feature hash: its high bits (``tag(_:)``) above 1 + its row in the low
        /// `rowBits` bits (0: empty).
        let slots: [UInt32]
        /// Bits of a slot that hold 1 + the row; the rest of its 32 hold the tag.
        let rowBits: Int
        /// Per row, `recordStride` bytes: the feature hash (UInt64), its
        /// value before L2 normalisation (idf, Float), idf times the
        /// dequantisation scale (Float), then the int8 weight of each label.
        let records: [UInt8]
        /// Bytes per record: the fixed fields and the labels' weights, rounded up to whole 8-byte words.
        let recordStride: Int
        let bias: [Float]

        /// Byte offsets in a record.
        static let hashOffset = 0, idfOffset = 8, factorOffset = 12, weightsOffset = 16

        /// - Throws: `IntentModelError.malformed` when the rows leave fewer than 8 bits of a slot for the tag.
        init(labels: [String], outOfScopeLabel: Int?, threshold: Float, keys: [UInt64], idf: [Float], scales: [Float],
             bias: [Float], weights: [Int8]) throws {
            let rowBits = Int.bitWidth - (keys.count + 1).leadingZeroBitCount
            guard rowBits <= 24 else { throw IntentModelError.malformed("\(keys.count) rows: more than a slot can index") }
            self.rowBits = rowBits
            self.labels = labels
            self.outOfScopeLabel = outOfScopeLabel
            self.threshold = threshold
            self.bias = bias
            // Records of whole 8-byte words, so every record's hash is aligned.
            let stride = (Self.weightsOffset + labels.count + 7) / 8 * 8
            var records = [UInt8](repeating: 0, count: keys.count * stride)
            records.withUnsafeMutableBytes { raw in
                for row in keys.indices {
                    let base = row * stride
                    raw.storeBytes(of: keys[row], toByteOffset: base + Self.hashOffset, as: UInt64.self)
                    raw.storeBytes(of: idf[row], toByteOffset: base + Self.idfOffset, as: Float.self)
                    raw.storeBytes(of: idf[row] * scales[row], toByteOffset: base + Self.factorOffset, as: Float.self)
                    for k in labels.indices {
                        raw.storeBytes(of: weights[row * labels.count + k], toByteOffset: base + Self.weightsOffset + k, as: Int8.self)
                    }
                }
            }
            // At most half full: an absent feature usually ends on its first slot, a present one on the next few.
            var slots = [UInt32](repeating: 0, count: 1 << (Int.bitWidth - (keys.count * 2 + 15).leadingZeroBitCount))
            for (row, key) in keys.enumerated() {
                var slot = Int(truncatingIfNeeded: Self.mix(key)) & (slots.count - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Self.tag(key, rowBits: rowBits) << UInt32(rowBits) | UInt32(row + 1)
            }
            self.slots = slots
            self.records = records
            self.recordStride = stride
        }

        func row(of hash: UInt64) -> Int? {
            slots.withUnsafeBufferPointer { slots in
                records.withUnsafeBytes { records in row(of: hash, slots: slots, records: records) }
            }
        }

        @inline(__always)
        func row(of hash: UInt64, slots: UnsafeBufferPointer<UInt32>, records: UnsafeRawBufferPointer) -> Int? {
            let mask = slots.count - 1
            let tag = Self.tag(hash, rowBits: rowBits)
            let rowMask = UInt32(1) << UInt32(rowBits) - 1
            var slot = Int(truncatingIfNeeded: Self.mix(hash)) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                if entry >> UInt32(rowBits) == tag {
                    let row = Int(entry & rowMask) - 1
                    if records.load(fromByteOffset: row * recordStride + Self.hashOffset, as: UInt64.self) == hash { return row }
                }
                slot = (slot + 1) & mask
            }
        }

        /// The hash's top `32 - rowBits` bits, as a slot stores them.
        @inline(__always)
        static func tag(_ hash: UInt64, rowBits: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: hash >> UInt64(32 + rowBits))
        }

        /// What a unit of `row`'s normalised value adds to the score of `label`.
        func weight(_ row: Int, label: Int) -> Float {
            records.withUnsafeBytes {
                $0.load(fromByteOffset: row * recordStride + Self.factorOffset, as: Float.self)
                    * Float($0.load(fromByteOffset: row * recordStride + Self.weightsOffset + label, as: Int8.self))
            }
        }

        /// Spreads FNV's weak low bits over the table index.
        static func mix(_ hash: UInt64) -> UInt64 {
            (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
        }
    }

    /// Words this short are left out of ``evidence(_:head:label:count:)`` unless paired with a longer one.
    static let shortWordBytes = 3

    /// Candidates in a prediction: the top label and five alternatives.
    static let candidateCount = 6

    private let heads: [IntentHead: Head]

    /// Loads the model from the file `Tools/intent/train.py` writes.
    ///
    /// - Throws: `IntentModelError.malformed` if the data is not such a file.
    public init(serialized bytes: [UInt8]) throws {
        var reader = Reader(bytes: bytes)
        guard Array(try reader.bytes(4)) == Array("BTIM".utf8) else { throw IntentModelError.malformed("bad magic") }
        let version: UInt32 = try reader.scalar()
        guard version == 1 else { throw IntentModelError.malformed("format version \(version), expected 1") }
        let charMin: UInt8 = try reader.scalar(), charMax: UInt8 = try reader.scalar()
        let maxWord: UInt8 = try reader.scalar(), maxText: UInt16 = try reader.scalar()
        guard Int(charMin) == IntentFeatures.charGramMin, Int(charMax) == IntentFeatures.charGramMax,
              Int(maxWord) == IntentFeatures.maxWordBytes, Int(maxText) == IntentFeatures.maxTextBytes
        else { throw IntentModelError.malformed("features made with other settings than IntentFeatures'") }
        let headCount: UInt32 = try reader.scalar()
        var heads: [IntentHead: Head] = [:]
        for _ in 0..<headCount {
            let name = try reader.string()
            let labelCount = Int(try reader.scalar() as UInt32), rowCount = Int(try reader.scalar() as UInt32)
            let outOfScope = Int(try reader.scalar() as Int32)
            let threshold: Float = try reader.scalar()
            let labels = try (0..<labelCount).map { _ in try reader.string() }
            guard labelCount > 0, outOfScope < labelCount else { throw IntentModelError.malformed("head \(name): bad labels") }
            let keys: [UInt64] = try reader.array(rowCount)
            let head = try Head(labels: labels, outOfScopeLabel: outOfScope >= 0 ? outOfScope : nil, threshold: threshold,
                            keys: keys, idf: try reader.array(rowCount), scales: try reader.array(rowCount),
                            bias: try reader.array(labelCount), weights: try reader.array(rowCount * labelCount))
            if let known = IntentHead(rawValue: name) { heads[known] = head }
        }
        guard reader.offset == bytes.count else { throw IntentModelError.malformed("trailing bytes") }
        guard !heads.isEmpty else { throw IntentModelError.malformed("no head Baton knows") }
        self.heads = heads
    }

    /// Loads `Resources/<resource>.bin` from the module bundle: by default
    /// the intent model, whose head is `.baton`.
    ///
    /// - Throws: `IntentModelError` if the resource is missing, malformed or has no `head`.
    public static func bundled(resource: String = "intent-model", head: IntentHead = .baton) throws -> IntentModel {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "bin", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: resource, withExtension: "bin")
        else { throw IntentModelError.resourceNotFound }
        let model = try IntentModel(serialized: [UInt8](try Data(contentsOf: url)))
        guard model.has(head) else { throw IntentModelError.malformed("\(resource) has no head \(head.rawValue)") }
        return model
    }

    /// The escalation cue model (`Resources/escalation-model.bin`, head
    /// `.escalation`), loaded on first use; traps like ``shared`` if the
    /// module's bundle is broken.
    public static let escalationCues: IntentModel = {
        do {
            return try bundled(resource: "escalation-model", head: .escalation)
        } catch {
            fatalError("IntentModel: cannot load the bundled escalation cues: \(error)")
        }
    }()

    /// The bundled model, loaded on first use. Loading fails only if the
    /// module's bundle is broken, which is a packaging error: it traps.
    public static let shared: IntentModel = {
        do {
            return try bundled()
        } catch {
            fatalError("IntentModel: cannot load the bundled model: \(error)")
        }
    }()

    /// Whether the model has `head` (the bundled model has `.baton` only).
    public func has(_ head: IntentHead) -> Bool {
        heads[head] != nil
    }

    /// The labels of a head, in the model's order.
    public func labels(of head: IntentHead) -> [String] {
        heads[head]?.labels ?? []
    }

    /// The intent of `text` in Baton's taxonomy.
    public func classify(_ text: String) -> IntentPrediction {
        classify(text, head: .baton)
    }

    /// The intent of `text` among the labels of `head`, which the model must have (``has(_:)``).
    public func classify(_ text: String, head: IntentHead) -> IntentPrediction {
        Self.classify(text, by: [(self, head)])[0]!
    }

    /// The predictions of several models' heads for `text` (nil where the
    /// entry is nil), its features hashed once for all of them. Each model
    /// must have its head (``has(_:)``).
    public static func classify(_ text: String, by heads: [(model: IntentModel, head: IntentHead)?]) -> [IntentPrediction?] {
        let chosen = heads.map { entry in
            entry.map { entry in
                guard let head = entry.model.heads[entry.head] else {
                    preconditionFailure("the intent model has no \(entry.head.rawValue) head")
                }
                return head
            }
        }
        guard chosen.contains(where: { $0 != nil }) else { return chosen.map { _ in nil } }
        var text = text
        return text.withUTF8 { utf8 in
            let capacity = IntentFeatures.capacity(byteCount: utf8.count)
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { hashes in
                let count = IntentFeatures.hashes(of: utf8, into: hashes)
                return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { rows in
                    chosen.map { model in
                        model.map { model in
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: model.labels.count) { scores in
                                Self.scores(hashes: UnsafeBufferPointer(rebasing: hashes[0..<count]), rows: rows, model, into: scores)
                                return Self.prediction(scores, model)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes the head's softmax probabilities for the features in `hashes`
    /// to `scores`, with `rows` (as long as `hashes`) for the rows found.
    private static func scores(hashes: UnsafeBufferPointer<UInt64>, rows found: UnsafeMutableBufferPointer<Int>, _ model: Head,
                               into scores: UnsafeMutableBufferPointer<Float>) {
        let labelCount = model.labels.count
        for k in 0..<labelCount { scores[k] = model.bias[k] }
        model.slots.withUnsafeBufferPointer { slots in
            model.records.withUnsafeBytes { records in
                var rows = 0
                var squaredNorm: Float = 0
                for hash in hashes {
                    guard let row = model.row(of: hash, slots: slots, records: records) else { continue }
                    found[rows] = row
                    rows += 1
                    let idf = records.load(fromByteOffset: row * model.recordStride + Head.idfOffset, as: Float.self)
                    squaredNorm += idf * idf
                }
                guard rows > 0 else { return }
                let inverseNorm = 1 / squaredNorm.squareRoot()
                for i in 0..<rows {
                    let base = found[i] * model.recordStride
                    let factor = records.load(fromByteOffset: base + Head.factorOffset, as: Float.self) * inverseNorm
                    for k in 0..<labelCount {
                        scores[k] += factor * Float(records.load(fromByteOffset: base + Head.weightsOffset + k, as: Int8.self))
                    }
                }
            }
        }
        var top = scores[0]
        for k in 1..<labelCount { top = max(top, scores[k]) }
        var sum: Float = 0
        for k in 0..<labelCount {
            scores[k] = exp(scores[k] - top)
            sum += scores[k]
        }
        for k in 0..<labelCount { scores[k] /= sum }
    }

    /// The words and word pairs of `text` whose features weigh most towards
    /// `label` of `head` (at most `count`, heaviest first): what a
    /// prediction of that label rests on, for a trigger's evidence.
    public func evidence(_ text: String, head: IntentHead, label: String, count: Int = 3) -> [String] {
        guard let model = heads[head], let column = model.labels.firstIndex(of: label) else { return [] }
        var weighed: [(feature: String, weight: Float)] = []
        func weigh(_ hash: UInt64, _ feature: @autoclosure () -> String) {
            guard let row = model.row(of: hash) else { return }
            let weight = model.weight(row, label: column)
            if weight > 0 { weighed.append((feature(), weight)) }
        }
        let words = IntentFeatures.words(of: Array(text.utf8))
        for (position, word) in words.enumerated() {
            // Words of three bytes or fewer ("and", "my") say little to a reader alone; in a pair they may.
            if word.count > Self.shortWordBytes {
                weigh(IntentFeatures.fnv(IntentFeatures.wordKind, word), String(decoding: word, as: UTF8.self))
            }
            if position > 0, max(word.count, words[position - 1].count) > Self.shortWordBytes {
                let pair = words[position - 1] + [UInt8(ascii: " ")] + word
                weigh(IntentFeatures.fnv(IntentFeatures.bigramKind, pair), String(decoding: pair, as: UTF8.self))
            }
        }
        var seen = Set<String>()
        return weighed.sorted { $0.weight > $1.weight }.filter { seen.insert($0.feature).inserted }.prefix(count).map(\.feature)
    }

    private static func prediction(_ probabilities: UnsafeMutableBufferPointer<Float>, _ model: Head) -> IntentPrediction {
        var best: [(index: Int, probability: Float)] = []
        best.reserveCapacity(candidateCount + 1)
        for (k, p) in probabilities.enumerated() where best.count < candidateCount || p > best[best.count - 1].probability {
            let at = best.firstIndex { p > $0.probability } ?? best.count
            best.insert((k, p), at: at)
            if best.count > candidateCount { best.removeLast() }
        }
        let top = best[0]
        return IntentPrediction(
            name: model.labels[top.index], confidence: Double(top.probability),
            isOutOfScope: top.index == model.outOfScopeLabel || top.probability < model.threshold,
            candidates: best.map { .init(name: model.labels[$0.index], confidence: Double($0.probability)) })
    }
}

/// Reads the little-endian model file.
private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw IntentModelError.malformed("truncated") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func scalar<T: FixedWidthInteger>() throws -> T {
        try bytes(MemoryLayout<T>.size).withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    mutating func scalar() throws -> Float {
        Float(bitPattern: try scalar() as UInt32)
    }

    mutating func string() throws -> String {
        let count = Int(try scalar() as UInt16)
        return String(decoding: try bytes(count), as: UTF8.self)
    }

    mutating func array<T: FixedWidthInteger>(_ count: Int) throws -> [T] {
        let raw = try bytes(count * MemoryLayout<T>.size)
        return raw.withUnsafeBytes { buffer in
            (0..<count).map { T(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    mutating func array(_ count: Int) throws -> [Float] {
        (try array(count) as [UInt32]).map(Float.init(bitPattern:))
    }
}
