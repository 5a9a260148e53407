import Foundation

/// The parsed nodes of one text and what ``StoredJSONDecoder`` reads from them. Every error it throws also marks
/// it ``isUnsure``, so a value is only ever answered when nothing failed on the way.
///
/// A value is decoded through a ``StoredJSONNodeDecoder``, two words (no allocation, no state to restore); its
/// coding path is worked out from the nodes when asked for (member names and indices, as strings and integers).
final class StoredJSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: [StoredJSONNode]
    /// Set by every error thrown: the caller then asks `JSONDecoder` instead.
    private(set) var isUnsure = false

    init(bytes: UnsafeBufferPointer<UInt8>, nodes: [StoredJSONNode]) {
        self.bytes = bytes
        self.nodes = nodes
    }

    struct Unsure: Error {}

    func unsure() -> Unsure {
        isUnsure = true
        return Unsure()
    }

    /// The keys from the top down to `target`.
    func codingPath(to target: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var node = 0
        descending: while node != target {
            let isObject = nodes[node].kind == .object
            var child = node + 1
            for index in 0..<Int(nodes[node].count) {
                let value = isObject ? child + 1 : child
                let after = next(after: value)
                if target >= value, target < after {
                    path.append(
                        isObject ? StoredJSONKey(stringValue: string(child)) : StoredJSONKey(intValue: index))
                    node = value
                    continue descending
                }
                child = after
            }
            break
        }
        return path
    }

    // MARK: Values

    /// Decodes `type` from `node` (`JSONDecoder`'s `unwrap`).
    func unwrap<T: Decodable>(_ node: Int, as type: T.Type) throws -> T {
        // The same answers `T(from:)` would give, without the trip through a container. Each cast is of a value
        // of the type just compared (`as?` would build `Optional<T>`'s metadata on every call, unspecialized).
        if T.self == String.self { return try string(checked: node) as! T }
        if T.self == Int64.self { return try integer(node, as: Int64.self) as! T }
        if T.self == Int.self { return try integer(node, as: Int.self) as! T }
        if T.self == Bool.self { return try bool(node) as! T }
        // `JSONDecoder` reads these itself, not through their `init(from:)`.
        if T.self == Decimal.self { return try decimal(node) as! T }
        if T.self == Data.self || T.self == URL.self { throw unsure() }
        return try T(from: StoredJSONNodeDecoder(reader: self, node: node))
    }

    func bool(_ node: Int) throws -> Bool {
        switch nodes[node].kind {
        case .true: return true
        case .false: return false
        default: throw unsure()
        }
    }

    func string(checked node: Int) throws -> String {
        guard nodes[node].kind == .string else { throw unsure() }
        return string(node)
    }

    /// The text of a string node (the parser checked its escapes).
    func string(_ node: Int) -> String {
        let start = Int(nodes[node].start)
        let end = Int(nodes[node].end)
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard nodes[node].flags & StoredJSONNode.escaped != 0 else { return String(decoding: raw, as: UTF8.self) }
        var text: [UInt8] = []
        text.reserveCapacity(raw.count)
        var at = start
        while at < end {
            let byte = bytes[at]
            at += 1
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                continue
            }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                // The parser checked it: four hex digits, a surrogate pair whole.
                let scalar = Self.unicodeScalar(bytes, at: &at) ?? "\u{FFFD}"
                text.append(contentsOf: String(scalar).utf8)
            default: text.append(escape)  // " \ /
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The scalar of `\uXXXX` from the first hex digit at `at` (a surrogate pair's when a low one follows), moving
    /// `at` past it; nil for a malformed escape or a lone surrogate.
    static func unicodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at: inout Int) -> Unicode.Scalar? {
        guard let first = hex4(bytes, at: &at) else { return nil }
        switch first {
        case 0xD800..<0xDC00:
            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                return nil
            }
            at += 2
            guard let second = hex4(bytes, at: &at), (0xDC00..<0xE000).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        case 0xDC00..<0xE000: return nil
        default: return Unicode.Scalar(first)
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at: inout Int) -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[at..<at + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        at += 4
        return value
    }

    /// A plain integer (no fraction or exponent) that fits `T`; anything else is left to `JSONDecoder`, which
    /// also reads "1.0" or "1e2" as integers and says why others do not fit.
    func integer<T: FixedWidthInteger>(_ node: Int, as type: T.Type) throws -> T {
        let number = nodes[node]
        guard number.kind == .number, number.flags & StoredJSONNode.integer != 0 else { throw unsure() }
        let isNegative = number.flags & StoredJSONNode.negative != 0
        guard !isNegative || T.isSigned else { throw unsure() }
        // Accumulated with the number's sign, so the most negative value fits.
        var value: T = 0
        for at in Int(number.start) + (isNegative ? 1 : 0)..<Int(number.end) {
            let digit = T(bytes[at] - UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { throw unsure() }
            value = next
        }
        return value
    }

    func double(_ node: Int) throws -> Double {
        let number = nodes[node]
        guard number.kind == .number else { throw unsure() }
        let raw = UnsafeBufferPointer(rebasing: bytes[Int(number.start)..<Int(number.end)])
        // `JSONDecoder` refuses what rounds to infinity, or to zero from a number that is not zero.
        guard let value = Double(String(decoding: raw, as: UTF8.self)), value.isFinite,
            value != 0 || !Self.hasNonZeroDigit(raw)
        else { throw unsure() }
        return value
    }

    /// Decimal as `JSONDecoder` reads it: its own number parser, which `Decimal(string:)` shares. Numbers beyond
    /// what a `Decimal` holds exactly are left to `JSONDecoder`.
    func decimal(_ node: Int) throws -> Decimal {
        let number = nodes[node]
        guard number.kind == .number else { throw unsure() }
        let raw = UnsafeBufferPointer(rebasing: bytes[Int(number.start)..<Int(number.end)])
        var digits = 0
        var exponentDigits = 0
        var inExponent = false
        for byte in raw {
            switch byte {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent { exponentDigits += 1 } else { digits += 1 }
            default: break
            }
        }
        guard digits <= 38, exponentDigits <= 2, let value = Decimal(string: String(decoding: raw, as: UTF8.self)),
            !value.isNaN
        else { throw unsure() }
        return value
    }

    private static func hasNonZeroDigit(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in raw {
            switch byte {
            case UInt8(ascii: "1")...UInt8(ascii: "9"): return true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): return false
            default: continue
            }
        }
        return false
    }

    // MARK: Members

    /// The name nodes of an object's members, in document order.
    func memberNames(_ object: Int) -> [Int] {
        var names: [Int] = []
        names.reserveCapacity(Int(nodes[object].count))
        var index = object + 1
        for _ in 0..<nodes[object].count {
            names.append(index)
            index = next(after: index + 1)
        }
        return names
    }

    /// The index of the node after `node` and its children.
    func next(after node: Int) -> Int {
        switch nodes[node].kind {
        case .array, .object: Int(nodes[node].end)
        default: node + 1
        }
    }

    /// The value node of the member named `name`, nil when there is none.
    func member(_ object: Int, named name: String) -> Int? {
        if nodes[object].flags & StoredJSONNode.plainNames != 0 {
            switch name.utf8.withContiguousStorageIfAvailable({ plainMember(object, named: $0) }) ?? .undecided {
            case .found(let node): return node
            case .absent: return nil
            case .undecided: break
            }
        }
        // Names that are not plain ASCII compare as strings, as `JSONDecoder`'s dictionary compares them.
        for index in memberNames(object) where string(index) == name { return index + 1 }
        return nil
    }

    private enum Lookup {
        case found(Int)
        case absent
        /// The name is not ASCII: it is compared as a string.
        case undecided
    }

    /// The member whose name has exactly the bytes of `name`, in an object whose names are plain ASCII.
    private func plainMember(_ object: Int, named name: UnsafeBufferPointer<UInt8>) -> Lookup {
        guard !name.contains(where: { $0 >= 0x80 }) else { return .undecided }
        var index = object + 1
        for _ in 0..<nodes[object].count {
            let node = nodes[index]
            if Int(node.end - node.start) == name.count, Self.equal(bytes, from: Int(node.start), name) {
                return .found(index + 1)
            }
            index = next(after: index + 1)
        }
        return .absent
    }

    /// Whether `bytes` from `start` begin with `name`.
    private static func equal(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ name: UnsafeBufferPointer<UInt8>
    )
        -> Bool
    {
        guard let base = bytes.baseAddress, let other = name.baseAddress else { return name.isEmpty }
        return memcmp(base + start, other, name.count) == 0
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type, node: Int) throws -> KeyedDecodingContainer<Key> {
        guard nodes[node].kind == .object else { throw unsure() }
        return KeyedDecodingContainer(StoredJSONKeyedContainer<Key>(reader: self, object: node))
    }

    func unkeyedContainer(node: Int) throws -> any UnkeyedDecodingContainer {
        guard nodes[node].kind == .array else { throw unsure() }
        return StoredJSONUnkeyedContainer(reader: self, array: node)
    }
}

/// A member name or an index in a coding path.
struct StoredJSONKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = Int(stringValue)
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

/// The decoder of one value, and its single-value container (as `JSONDecoder`'s).
struct StoredJSONNodeDecoder: Decoder, SingleValueDecodingContainer {
    let reader: StoredJSONReader
    let node: Int

    var codingPath: [any CodingKey] { reader.codingPath(to: node) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try reader.container(keyedBy: type, node: node)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try reader.unkeyedContainer(node: node) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { reader.nodes[node].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(node) }
    func decode(_ type: String.Type) throws -> String { try reader.string(checked: node) }
    func decode(_ type: Double.Type) throws -> Double { try reader.double(node) }
    func decode(_ type: Float.Type) throws -> Float { throw reader.unsure() }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(node, as: type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(node, as: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(node, as: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(node, as: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(node, as: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(node, as: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(node, as: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(node, as: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(node, as: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(node, as: type) }
    // The same node, as in `JSONDecoder`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.unwrap(node, as: type) }
}

struct StoredJSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: StoredJSONReader
    let object: Int

    var codingPath: [any CodingKey] { reader.codingPath(to: object) }

    var allKeys: [Key] {
        reader.memberNames(object).compactMap { Key(stringValue: reader.string($0)) }
    }

    func contains(_ key: Key) -> Bool {
        reader.member(object, named: key.stringValue) != nil
    }

    private func value(_ key: Key) throws -> Int {
        guard let node = reader.member(object, named: key.stringValue) else { throw reader.unsure() }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        reader.nodes[try value(key)].kind == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string(checked: value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader.double(value(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw reader.unsure() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(value(key), as: type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(value(key), as: type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(value(key), as: type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(value(key), as: type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(value(key), as: type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(value(key), as: type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(value(key), as: type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(value(key), as: type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(value(key), as: type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(value(key), as: type) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try reader.unwrap(value(key), as: type)
    }

    // Missing or null is nil, as in `JSONDecoder`; the other optional primitives take the protocol's defaults,
    // which say the same.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = reader.member(object, named: key.stringValue), reader.nodes[node].kind != .null else {
            return nil
        }
        return try reader.string(checked: node)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = reader.member(object, named: key.stringValue), reader.nodes[node].kind != .null else {
            return nil
        }
        return try reader.unwrap(node, as: type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try reader.container(keyedBy: type, node: value(key))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try reader.unkeyedContainer(node: value(key))
    }

    func superDecoder() throws -> any Decoder { throw reader.unsure() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw reader.unsure() }
}

struct StoredJSONUnkeyedContainer: UnkeyedDecodingContainer {
    let reader: StoredJSONReader
    // 32-bit, so the container fits an existential's inline buffer (no allocation).
    private let array: UInt32
    /// The node of the element at `currentIndex`.
    private var element: UInt32
    private var index: UInt32 = 0

    init(reader: StoredJSONReader, array: Int) {
        self.reader = reader
        self.array = UInt32(array)
        element = UInt32(array + 1)
    }

    var codingPath: [any CodingKey] { reader.codingPath(to: Int(array)) }
    var count: Int? { Int(reader.nodes[Int(array)].count) }
    var currentIndex: Int { Int(index) }
    var isAtEnd: Bool { index >= reader.nodes[Int(array)].count }

    /// The node of the element at `currentIndex`; past the end is left to `JSONDecoder`.
    private func peek() throws -> Int {
        guard !isAtEnd else { throw reader.unsure() }
        return Int(element)
    }

    // An element is passed only once it decoded, as in `JSONDecoder` (an error makes the answer its own anyway).
    private mutating func advance() {
        element = UInt32(reader.next(after: Int(element)))
        index += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard reader.nodes[try peek()].kind == .null else { return false }
        advance()
        return true
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try reader.integer(peek(), as: type)
        advance()
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try reader.bool(peek())
        advance()
        return value
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try reader.string(checked: peek())
        advance()
        return value
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try reader.double(peek())
        advance()
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float { throw reader.unsure() }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try reader.unwrap(peek(), as: type)
        advance()
        return value
    }

    // `JSONDecoder` answers nil past the end and still counts an element there; the protocol's defaults do not,
    // so past the end is left to it. A null or a value reads the same in both.
    private mutating func decodedIfPresent<T>(_ read: (inout Self) throws -> T) throws -> T? {
        if try decodeNil() { return nil }
        return try read(&self)
    }

    mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? { try decodedIfPresent { try $0.decode(type) } }
    mutating func decodeIfPresent(_ type: String.Type) throws -> String? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? { throw reader.unsure() }
    mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { try decodedIfPresent { try $0.decode(type) } }
    mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { try decodedIfPresent { try $0.decode(type) } }
    mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { try decodedIfPresent { try $0.decode(type) } }
    mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? {
        try decodedIfPresent { try $0.decode(type) }
    }
    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        try decodedIfPresent { try $0.decode(type) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try reader.container(keyedBy: type, node: peek())
        advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try reader.unkeyedContainer(node: peek())
        advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder { throw reader.unsure() }
}
