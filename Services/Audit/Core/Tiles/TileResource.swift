/// What a tlog-tiles path names below the log's prefix, other than the
/// checkpoint: a tile of hashes or an entry bundle.
public enum TileResource: Hashable, Sendable {
    /// `tile/<L>/<N>[.p/<W>]`.
    case hashes(Tile)
    /// `tile/entries/<N>[.p/<W>]`, the entries of the level 0 tile given.
    case entries(Tile)

    /// The path of the resource.
    public var path: String {
        switch self {
        case .hashes(let tile): tile.path
        case .entries(let tile): tile.entryBundlePath
        }
    }

    /// Parses a path, accepting only the canonical spelling: level 0 to 63
    /// without leading zeros, index groups of exactly three digits with no
    /// leading "x000", width 1 to 255 without leading zeros. A server maps
    /// one resource to one path, so anything else is a 404, not an alias.
    public init(path: String) throws(TileError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "tile" else { throw TileError(.malformedPath, path) }
        var rest = parts[2...]
        var width = Tile.fullWidth
        if rest.count >= 2, let last = rest.last, rest[rest.endIndex - 2].hasSuffix(".p") {
            guard let parsed = Self.decimal(last, max: UInt64(Tile.fullWidth - 1)), parsed >= 1 else {
                throw TileError(.malformedPath, path)
            }
            width = Int(parsed)
            rest = rest.dropLast()
            rest[rest.endIndex - 1] = String(rest[rest.endIndex - 1].dropLast(2))
        }
        guard let index = Self.index(rest) else { throw TileError(.malformedPath, path) }
        if parts[1] == "entries" {
            self = .entries(Tile(level: 0, index: index, width: width))
        } else if let level = Self.decimal(parts[1], max: 63) {
            self = .hashes(Tile(level: Int(level), index: index, width: width))
        } else {
            throw TileError(.malformedPath, path)
        }
    }

    /// A decimal with no sign and no leading zeros, at most `max`.
    static func decimal(_ text: String, max: UInt64) -> UInt64? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ (0x30...0x39).contains($0) }),
              digits.count == 1 || digits[0] != 0x30,
              let value = UInt64(text), value <= max
        else { return nil }
        return value
    }

    /// "x001", "x234", "067" back to 1234067.
    static func index(_ elements: ArraySlice<String>) -> UInt64? {
        guard !elements.isEmpty, elements.count <= 7 else { return nil }
        var value: UInt64 = 0
        for (offset, element) in elements.enumerated() {
            let isLast = offset == elements.count - 1
            var digits = Array(element.utf8)
            if !isLast {
                guard digits.first == UInt8(ascii: "x") else { return nil }
                digits.removeFirst()
            }
            guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let group = UInt64(digits[0] - 0x30) * 100 + UInt64(digits[1] - 0x30) * 10 + UInt64(digits[2] - 0x30)
            // "x000/..." would be a second spelling of a smaller index.
            if offset == 0 && !isLast && group == 0 { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 1000)
            let (sum, overflow2) = shifted.addingReportingOverflow(group)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
