/// Reads protobuf encoding from memory, defensively.
///
/// Every read checks the bytes left, so truncated or hostile input ends in a
/// ``WireError`` rather than a trap or an allocation larger than the input.
/// Embedded messages are read in place by narrowing `end`, so decoding a tree
/// of messages makes no copies of the input.
public struct ProtoReader {
    @usableFromInline let start: UnsafeRawPointer
    @usableFromInline var cursor: UnsafeRawPointer
    @usableFromInline var end: UnsafeRawPointer
    @usableFromInline var depthRemaining: Int
    @usableFromInline var tagStart: UnsafeRawPointer

    /// The field number of the tag last returned by ``nextTag()``, 0 before any.
    @usableFromInline var currentField: UInt32

    /// The field number of the tag last returned by ``nextTag()``, 0 before any.
    @inlinable
    public var fieldNumber: UInt32 { currentField }

    /// Creates a reader over `buffer` that accepts `maxDepth` more levels of nesting.
    @inlinable
    public init(buffer: UnsafeRawBufferPointer, maxDepth: Int) {
        // An empty buffer may have no base address; any non-null pointer will do
        // because nothing is ever read from it.
        let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
        start = base
        cursor = base
        end = base + buffer.count
        depthRemaining = maxDepth
        tagStart = base
        currentField = 0
    }

    /// Whether the current message has no bytes left.
    @inlinable
    public var isAtEnd: Bool { cursor >= end }

    /// The offset of the cursor from the start of the input.
    @inlinable
    public var offset: Int { cursor - start }

    @inlinable
    func error(_ code: WireError.Code) -> WireError {
        WireError(code, offset: cursor - start)
    }

    /// The error for a known field that arrived with the wrong wire type.
    @inlinable
    public func wrongWireType() -> WireError {
        WireError(.wrongWireType, offset: tagStart - start)
    }

    // MARK: Tags

    /// Reads the next tag, or returns `nil` at the end of the current message.
    @inlinable
    public mutating func nextTag() throws(WireError) -> UInt32? {
        currentField = 0
        guard cursor < end else { return nil }
        tagStart = cursor
        let first = cursor.load(as: UInt8.self)
        let tag: UInt32
        if first < 0x80 {
            cursor += 1
            tag = UInt32(first)
        } else {
            let value = try readVarint()
            guard value <= UInt64(UInt32.max) else { throw WireError(.invalidTag, offset: tagStart - start) }
            tag = UInt32(truncatingIfNeeded: value)
        }
        let fieldNumber = tag >> 3
        guard fieldNumber != 0 else { throw WireError(.invalidTag, offset: tagStart - start) }
        guard tag & 7 <= 5 else { throw WireError(.invalidWireType, offset: tagStart - start) }
        currentField = fieldNumber
        return tag
    }

    // MARK: Scalars

    /// Reads a base-128 varint of at most ten bytes.
    @inlinable
    public mutating func readVarint() throws(WireError) -> UInt64 {
        guard cursor < end else { throw error(.truncated) }
        let first = cursor.load(as: UInt8.self)
        if first < 0x80 {
            cursor += 1
            return UInt64(first)
        }
        return try readVarintSlow()
    }

    @usableFromInline
    mutating func readVarintSlow() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard cursor < end else { throw error(.truncated) }
            let byte = cursor.load(as: UInt8.self)
            if shift == 63 && byte > 1 {
                // The tenth byte may only hold the 64th bit.
                throw error(.malformedVarint)
            }
            cursor += 1
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads an `int32` (a varint truncated to 32 bits, as protobuf specifies).
    @inlinable
    public mutating func readInt32() throws(WireError) -> Int32 {
        Int32(truncatingIfNeeded: try readVarint())
    }

    /// Reads an `int64`.
    @inlinable
    public mutating func readInt64() throws(WireError) -> Int64 {
        Int64(bitPattern: try readVarint())
    }

    /// Reads a `uint32`.
    @inlinable
    public mutating func readUInt32() throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readVarint())
    }

    /// Reads a `uint64`.
    @inlinable
    public mutating func readUInt64() throws(WireError) -> UInt64 {
        try readVarint()
    }

    /// Reads a `sint32`.
    @inlinable
    public mutating func readSInt32() throws(WireError) -> Int32 {
        ZigZag.decode32(UInt32(truncatingIfNeeded: try readVarint()))
    }

    /// Reads a `sint64`.
    @inlinable
    public mutating func readSInt64() throws(WireError) -> Int64 {
        ZigZag.decode64(try readVarint())
    }

    /// Reads a `bool` (any non-zero varint is true).
    @inlinable
    public mutating func readBool() throws(WireError) -> Bool {
        try readVarint() != 0
    }

    /// Reads an enum value, keeping values this build does not know.
    @inlinable
    public mutating func readEnum<E: ProtoEnum>(_: E.Type = E.self) throws(WireError) -> E {
        E(rawValue: Int32(truncatingIfNeeded: try readVarint()))
    }

    /// Reads four little-endian bytes.
    @inlinable
    public mutating func readFixed32() throws(WireError) -> UInt32 {
        guard end - cursor >= 4 else { throw error(.truncated) }
        let value = cursor.loadUnaligned(as: UInt32.self)
        cursor += 4
        return UInt32(littleEndian: value)
    }

    /// Reads eight little-endian bytes.
    @inlinable
    public mutating func readFixed64() throws(WireError) -> UInt64 {
        guard end - cursor >= 8 else { throw error(.truncated) }
        let value = cursor.loadUnaligned(as: UInt64.self)
        cursor += 8
        return UInt64(littleEndian: value)
    }

    /// Reads an `sfixed32`.
    @inlinable
    public mutating func readSFixed32() throws(WireError) -> Int32 {
        Int32(bitPattern: try readFixed32())
    }

    /// Reads an `sfixed64`.
    @inlinable
    public mutating func readSFixed64() throws(WireError) -> Int64 {
        Int64(bitPattern: try readFixed64())
    }

    /// Reads a `float`.
    @inlinable
    public mutating func readFloat() throws(WireError) -> Float {
        Float(bitPattern: try readFixed32())
    }

    /// Reads a `double`.
    @inlinable
    public mutating func readDouble() throws(WireError) -> Double {
        Double(bitPattern: try readFixed64())
    }

    // MARK: Length-delimited

    /// Reads a length prefix and returns the bytes it covers, which stay valid
    /// only as long as the input buffer does.
    @inlinable
    public mutating func readLengthDelimited() throws(WireError) -> UnsafeRawBufferPointer {
        let length = try readVarint()
        guard length <= UInt64(end - cursor) else { throw error(.lengthOutOfBounds) }
        let bytes = UnsafeRawBufferPointer(start: cursor, count: Int(length))
        cursor += Int(length)
        return bytes
    }

    /// Reads a `bytes` value.
    @inlinable
    public mutating func readBytes() throws(WireError) -> [UInt8] {
        [UInt8](try readLengthDelimited())
    }

    /// Reads a `string` value, rejecting invalid UTF-8.
    @inlinable
    public mutating func readString() throws(WireError) -> String {
        let offsetBefore = cursor - start
        let bytes = try readLengthDelimited()
        guard let string = UTF8Validation.string(from: bytes) else {
            throw WireError(.invalidUTF8, offset: offsetBefore)
        }
        return string
    }

    // MARK: Messages

    /// Merges an embedded message into `message`, one level deeper.
    @inlinable
    public mutating func readMessage<M: ProtoMessage>(into message: inout M) throws(WireError) {
        let length = try readVarint()
        guard length <= UInt64(end - cursor) else { throw error(.lengthOutOfBounds) }
        guard depthRemaining > 0 else { throw error(.depthLimitExceeded) }
        let outerEnd = end
        let outerField = currentField
        end = cursor + Int(length)
        depthRemaining -= 1
        do throws(WireError) {
            try message.merge(from: &self)
        } catch {
            currentField = outerField
            throw error
        }
        depthRemaining += 1
        end = outerEnd
        currentField = outerField
    }

    /// Reads an embedded message.
    @inlinable
    public mutating func readMessage<M: ProtoMessage>(_: M.Type = M.self) throws(WireError) -> M {
        var message = M()
        try readMessage(into: &message)
        return message
    }

    // MARK: Repeated

    /// Reads a packed run of values (the payload of one length-delimited field).
    @inlinable
    public mutating func readPacked<T>(
        into array: inout [T],
        element: (inout ProtoReader) throws(WireError) -> T
    ) throws(WireError) {
        let length = try readVarint()
        guard length <= UInt64(end - cursor) else { throw error(.lengthOutOfBounds) }
        let outerEnd = end
        end = cursor + Int(length)
        while cursor < end {
            array.append(try element(&self))
        }
        end = outerEnd
    }

    // MARK: Maps

    /// Reads one map entry (key in field 1, value in field 2; either may be
    /// missing and then takes its default) and stores it in `map`.
    @inlinable
    public mutating func readMapEntry<K: Hashable, V>(
        into map: inout [K: V],
        keyTag: UInt32,
        key: (inout ProtoReader) throws(WireError) -> K,
        defaultKey: K,
        valueTag: UInt32,
        value: (inout ProtoReader) throws(WireError) -> V,
        defaultValue: @autoclosure () -> V
    ) throws(WireError) {
        let length = try readVarint()
        guard length <= UInt64(end - cursor) else { throw error(.lengthOutOfBounds) }
        guard depthRemaining > 0 else { throw error(.depthLimitExceeded) }
        let outerEnd = end
        let outerField = currentField
        end = cursor + Int(length)
        depthRemaining -= 1
        var entryKey: K?
        var entryValue: V?
        do throws(WireError) {
            while let tag = try nextTag() {
                switch tag {
                case keyTag: entryKey = try key(&self)
                case valueTag: entryValue = try value(&self)
                default:
                    if tag >> 3 == 1 || tag >> 3 == 2 { throw wrongWireType() }
                    try skipField(tag)
                }
            }
        } catch {
            // Errors inside the entry belong to the map field itself.
            currentField = outerField
            throw error
        }
        depthRemaining += 1
        end = outerEnd
        currentField = outerField
        map[entryKey ?? defaultKey] = entryValue ?? defaultValue()
    }

    // MARK: Unknown fields

    /// Skips the field whose tag was just read, keeping its raw bytes in `unknownFields`.
    @inlinable
    public mutating func skipField(_ tag: UInt32, into unknownFields: inout UnknownFields) throws(WireError) {
        let fieldStart = tagStart
        try skipField(tag)
        unknownFields.append(UnsafeRawBufferPointer(start: fieldStart, count: cursor - fieldStart))
    }

    /// Skips the value of the field whose tag was just read.
    @usableFromInline
    mutating func skipField(_ tag: UInt32) throws(WireError) {
        switch tag & 7 {
        case 0: _ = try readVarint()
        case 1:
            guard end - cursor >= 8 else { throw error(.truncated) }
            cursor += 8
        case 2: _ = try readLengthDelimited()
        case 3: try skipGroup(fieldNumber: tag >> 3)
        case 5:
            guard end - cursor >= 4 else { throw error(.truncated) }
            cursor += 4
        default:
            // An end-group tag with no group open.
            throw WireError(.unmatchedGroup, offset: tagStart - start)
        }
    }

    /// Skips a proto2 group up to its matching end tag, counting it as a level of nesting.
    @usableFromInline
    mutating func skipGroup(fieldNumber: UInt32) throws(WireError) {
        guard depthRemaining > 0 else { throw error(.depthLimitExceeded) }
        let outerField = currentField
        depthRemaining -= 1
        defer {
            depthRemaining += 1
            currentField = outerField
        }
        while true {
            guard let tag = try nextTag() else { throw error(.unmatchedGroup) }
            if tag & 7 == 4 {
                guard tag >> 3 == fieldNumber else { throw WireError(.unmatchedGroup, offset: tagStart - start) }
                return
            }
            try skipField(tag)
        }
    }
}
