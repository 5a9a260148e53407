import Foundation
import NIOConcurrencyHelpers

/// The API's JSON writer: what Foundation's `JSONEncoder` wrote with `convertToSnakeCase`, ISO 8601 instants and
/// unescaped slashes — the same members, names and values — at a fraction of the cost (issue 11: the encoder was
/// 38 % of a list's CPU).
///
/// - Member names are converted to snake_case once per distinct name (by Foundation's own conversion, so no name
///   changes) and cached; a dictionary's keys are written as they are, as `JSONEncoder` does.
/// - Members are written in the order `encode(to:)` writes them, not sorted; a dictionary's keys are sorted, so
///   the output is the same every time.
/// - Values become a small tree, written out in one pass into one buffer.
/// - A nil optional member is written as `null`, never left out: the API sends every member of a wire type every
///   time, so a synthesized `Encodable` conformance (which calls `encodeIfPresent` for an optional) says the same as
///   a hand-written one. This is where it differs from `JSONEncoder`, which leaves such a member out. A member the
///   API leaves out on purpose when it has no value is written by an explicit `encode(to:)` with
///   `encodeOmittingNil(_:forKey:)`.
struct WireJSONEncoder: Sendable {
    /// The JSON text of `value`.
    func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// The JSON text of `value`, as bytes.
    func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try WireNode.make(value)
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        node.write(to: &output)
        return output
    }
}

/// One JSON value on its way out.
enum WireNode {
    case null
    case bool(Bool)
    /// A number as its JSON text.
    case number(String)
    case string(String)
    case array(WireArray)
    case object(WireObject)

    /// The node of any encodable value: the common leaves by their static type (no dynamic cast), the other
    /// standard types through ``WireLeaf``, anything else through its `encode(to:)`.
    static func make<T: Encodable>(_ value: T) throws -> WireNode {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map(WireNode.string) ?? .null }
        if T.self == Int64.self { return .number(String(unsafeBitCast(value, to: Int64.self))) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Date.self { return .string(ISO8601.string(unsafeBitCast(value, to: Date.self))) }
        if let leaf = value as? any WireLeaf { return try leaf.wireNode() }
        let encoder = WireEncoderState()
        try value.encode(to: encoder)
        return encoder.node ?? .object(WireObject())
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): Self.write(string: text, to: &output)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, element) in array.elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.write(string: member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8 (slashes too).
    static func write(string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
                case 0x0A: output.append(contentsOf: #"\n"#.utf8)
                case 0x0D: output.append(contentsOf: #"\r"#.utf8)
                case 0x09: output.append(contentsOf: #"\t"#.utf8)
                case 0x08: output.append(contentsOf: #"\b"#.utf8)
                case 0x0C: output.append(contentsOf: #"\f"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: #"\u00"#.utf8)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// A JSON array being filled (a class: containers hand it on while it grows).
final class WireArray {
    var elements: [WireNode] = []
}

/// A JSON object being filled, members in the order written.
final class WireObject {
    var members: [(key: String, value: WireNode)] = []

    /// Adds a member. Wire types write each member once; a second write of the same name would appear twice
    /// (JSON readers keep the last), where `JSONEncoder` replaced it — not worth a search per member.
    func set(_ key: String, _ value: WireNode) {
        members.append((key, value))
    }
}

/// Member names in snake_case, converted once each by Foundation's own `convertToSnakeCase`.
enum WireKeys {
    private static let cache = NIOLockedValueBox<[String: String]>([:])

    static func snakeCase(_ name: String) -> String {
        if let known = cache.withLockedValue({ $0[name] }) { return known }
        let converted = foundationConversion(name)
        cache.withLockedValue { $0[name] = converted }
        return converted
    }

    /// Encodes one member named `name` with `JSONEncoder` and reads back the name it wrote.
    private static func foundationConversion(_ name: String) -> String {
        struct One: Encodable {
            let name: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: WireCodingKey.self)
                try container.encodeNil(forKey: WireCodingKey(stringValue: name))
            }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(One(name: name)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let converted = object.keys.first
        else { return name }
        return converted
    }
}

/// A member name known only at run time: a request object read member by member (`StrictObject`), an answer keyed
/// by codes (a dunning run's steps by action). The writer converts it to snake_case like any other name, so a name
/// already in snake_case is written as given.
struct WireCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        return nil
    }
}

/// The `Encoder` a value's `encode(to:)` writes into: it holds the one node the value becomes.
final class WireEncoderState: Encoder {
    var node: WireNode?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: WireObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = WireObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(WireKeyedContainer<Key>(object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: WireArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = WireArray()
            node = .array(array)
        }
        return WireUnkeyedContainer(array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleValueContainer(encoder: self)
    }
}

struct WireKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: WireObject
    var codingPath: [any CodingKey] { [] }

    private func name(_ key: Key) -> String { WireKeys.snakeCase(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { object.set(name(key), .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(name(key), .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(name(key), .string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(name(key), .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(name(key), .number(String(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(name(key), try WireNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(name(key), try WireNode.make(value))
    }

    // Every `encodeIfPresent` overload of the protocol writes `null` for nil (their defaults leave the member out;
    // a synthesized conformance calls the overload of the member's static type, so each one is implemented here).
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: Int128?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws { try orNull(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try orNull(value, key) }

    /// The member's value, or `null` when it has none.
    private func orNull<T: Encodable>(_ value: T?, _ key: Key) throws {
        object.set(name(key), try value.map { try WireNode.make($0) } ?? .null)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = WireObject()
        object.set(name(key), .object(nested))
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = WireArray()
        object.set(name(key), .array(nested))
        return WireUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        WireMemberEncoder(object: object, key: "super")
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        WireMemberEncoder(object: object, key: name(key))
    }
}

struct WireUnkeyedContainer: UnkeyedEncodingContainer {
    let array: WireArray
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.elements.count }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Int) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Double) throws { array.elements.append(try WireNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.elements.append(try WireNode.make(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = WireObject()
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = WireArray()
        array.elements.append(.array(nested))
        return WireUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = WireElementEncoder(array: array, index: array.elements.count)
        array.elements.append(.object(WireObject()))
        return encoder
    }
}

struct WireSingleValueContainer: SingleValueEncodingContainer {
    let encoder: WireEncoderState
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Double) throws { encoder.node = try WireNumbers.node(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try WireNode.make(value) }
}

/// An encoder for one member of an object (`superEncoder`): the member is whatever it writes.
final class WireMemberEncoder: Encoder {
    let object: WireObject
    let key: String
    /// Where the member stands in `object`.
    let index: Int
    let state = WireEncoderState()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(object: WireObject, key: String) {
        self.object = object
        self.key = key
        object.set(key, .object(WireObject()))
        index = object.members.count - 1
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        defer { store() }
        return state.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { store() }
        return state.unkeyedContainer()
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireForwardingSingleValue(state: state) { [object, index] node in object.members[index].value = node }
    }

    private func store() {
        if let node = state.node { object.members[index].value = node }
    }
}

/// An encoder for one element of an array (`superEncoder` of an unkeyed container).
final class WireElementEncoder: Encoder {
    let array: WireArray
    let index: Int
    let state = WireEncoderState()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(array: WireArray, index: Int) {
        self.array = array
        self.index = index
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        defer { store() }
        return state.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { store() }
        return state.unkeyedContainer()
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireForwardingSingleValue(state: state) { [array, index] node in array.elements[index] = node }
    }

    private func store() {
        if let node = state.node { array.elements[index] = node }
    }
}

/// A single value written through to where a super-encoder's value lives.
struct WireForwardingSingleValue: SingleValueEncodingContainer {
    let state: WireEncoderState
    let store: (WireNode) -> Void
    var codingPath: [any CodingKey] { [] }

    private mutating func set(_ node: WireNode) {
        state.node = node
        store(node)
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Int) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.number(String(value))) }
    mutating func encode(_ value: Double) throws { set(try WireNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try WireNode.make(value)) }
}

/// Floating-point numbers, which the API never sends (amounts are decimal strings) but which must not break a
/// response if one appears: finite ones as Swift prints them, others refused as `JSONEncoder` refuses them.
enum WireNumbers {
    static func node(_ value: Double) throws -> WireNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(value) is not a valid JSON number."))
        }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }
}

/// The standard types with a JSON form of their own, written without an `Encoder`: what `JSONEncoder` writes for
/// them (a dictionary's keys as they are, sorted here).
protocol WireLeaf {
    func wireNode() throws -> WireNode
}

extension Optional: WireLeaf where Wrapped: Encodable {
    func wireNode() throws -> WireNode {
        guard let self else { return .null }
        return try WireNode.make(self)
    }
}

extension Array: WireLeaf where Element: Encodable {
    func wireNode() throws -> WireNode {
        let array = WireArray()
        array.elements.reserveCapacity(count)
        for element in self { array.elements.append(try WireNode.make(element)) }
        return .array(array)
    }
}

extension Dictionary: WireLeaf where Key == String, Value: Encodable {
    func wireNode() throws -> WireNode {
        let object = WireObject()
        for key in keys.sorted() {
            if let member = self[key] { object.members.append((key, try WireNode.make(member))) }
        }
        return .object(object)
    }
}

extension Decimal: WireLeaf {
    func wireNode() throws -> WireNode { .number(description) }
}

extension URL: WireLeaf {
    func wireNode() throws -> WireNode { .string(absoluteString) }
}

extension Double: WireLeaf {
    func wireNode() throws -> WireNode { try WireNumbers.node(self) }
}

extension Float: WireLeaf {
    func wireNode() throws -> WireNode {
        guard isFinite else { return try WireNumbers.node(Double(self)) }
        return .number(String(describing: self))
    }
}

extension Int128: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt128: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension Int8: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension Int16: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension Int32: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt8: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt16: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt32: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }
extension UInt64: WireLeaf { func wireNode() throws -> WireNode { .number(String(self)) } }

extension KeyedEncodingContainer {
    /// Writes `value`, or leaves the member out when it is nil: for the few members the API leaves out on purpose
    /// (the wire writer turns `encodeIfPresent` into `null`, so omitting is said explicitly).
    mutating func encodeOmittingNil<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
}
