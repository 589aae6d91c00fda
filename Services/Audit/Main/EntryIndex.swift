/// The index an entry's canonical bytes carry (field 1 of `AuditEntry`, a
/// varint), read without decoding the rest.
enum EntryIndex {
    static func read(_ entry: some Collection<UInt8>) -> UInt64? {
        // Field 1, wire type 0 is tag byte 0x08; an index of 0 is omitted (proto3 default).
        guard let first = entry.first else { return nil }
        guard first == 0x08 else { return 0 }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in entry.dropFirst().prefix(10) {
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
