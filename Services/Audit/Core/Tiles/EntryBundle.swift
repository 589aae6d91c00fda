/// tlog-tiles entry bundles: the entries of a level 0 tile, each as a
/// big-endian uint16 length followed by the entry's bytes.
public enum EntryBundle {
    /// The longest entry a 16-bit length prefix can carry.
    public static let maxEntryLength = Int(UInt16.max)

    /// The bundle of `entries`, at most 256 of them.
    public static func encode(_ entries: [[UInt8]]) throws(TileError) -> [UInt8] {
        guard entries.count <= Tile.fullWidth else {
            throw TileError(.malformedBundle, "\(entries.count) entries in one bundle; at most 256")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for entry in entries {
            guard entry.count <= maxEntryLength else {
                throw TileError(.entryTooLong, "an entry of \(entry.count) bytes; at most \(maxEntryLength)")
            }
            bytes.append(UInt8(truncatingIfNeeded: entry.count >> 8))
            bytes.append(UInt8(truncatingIfNeeded: entry.count))
            bytes.append(contentsOf: entry)
        }
        return bytes
    }

    /// The entries of a bundle; throws unless the bytes are exactly a
    /// sequence of length-prefixed entries and, when `width` is given, hold
    /// exactly that many.
    public static func decode(_ bytes: [UInt8], width: Int? = nil) throws(TileError) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 2 else { throw TileError(.malformedBundle, "a length cut short at byte \(offset)") }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard bytes.count - offset >= length else {
                throw TileError(.malformedBundle, "entry \(entries.count) needs \(length) bytes, \(bytes.count - offset) left")
            }
            entries.append(Array(bytes[offset..<offset + length]))
            offset += length
            guard entries.count <= Tile.fullWidth else { throw TileError(.malformedBundle, "more than 256 entries") }
        }
        if let width, entries.count != width {
            throw TileError(.malformedBundle, "\(entries.count) entries, want \(width)")
        }
        return entries
    }
}
