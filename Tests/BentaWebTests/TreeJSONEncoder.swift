import Foundation

@testable import BentaWeb

// The API's JSON writer as it was before it wrote straight into its bytes (issue 11): values became a tree of
// nodes, written out in one pass. Kept here, unchanged but for its names, only as the reference the streaming
// writer (`WireJSONEncoder`) is compared with byte for byte (`WireJSONWriterTests`).

struct TreeJSONEncoder: Sendable {
    /// The JSON text of `value`.
    func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// The JSON text of `value`, as bytes.
    func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try TreeNode.make(value)
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        node.write(to: &output)
        return output
    }
}

/// One JSON value on its way out.
enum TreeNode {
    case null
    case bool(Bool)
    /// A number as its JSON text.
    case number(String)
    case string(String)
    case array(TreeArray)
    case object(TreeObject)

    /// The node of any encodable value: the common leaves by their static type (no dynamic cast), the other
    /// standard types through ``TreeLeaf``, anything else through its `encode(to:)`.
    static func make<T: Encodable>(_ value: T) throws -> TreeNode {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map(TreeNode.string) ?? .null }
        if T.self == Int64.self { return .number(String(unsafeBitCast(value, to: Int64.self))) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Date.self { return .string(ISO8601.string(unsafeBitCast(value, to: Date.self))) }
        if let leaf = value as? any TreeLeaf { return try leaf.treeNode() }
        let encoder = TreeEncoderState()
        try value.encode(to: encoder)
        return encoder.node ?? .object(TreeObject())
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
final class TreeArray {
    var elements: [TreeNode] = []
}

/// A JSON object being filled, members in the order written.
final class TreeObject {
    var members: [(key: String, value: TreeNode)] = []

    /// Adds a member. Wire types write each member once; a second write of the same name would appear twice
    /// (JSON readers keep the last), where `JSONEncoder` replaced it — not worth a search per member.
    func set(_ key: String, _ value: TreeNode) {
        members.append((key, value))
    }
}

/// The `Encoder` a value's `encode(to:)` writes into: it holds the one node the value becomes.
final class TreeEncoderState: Encoder {
    var node: TreeNode?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: TreeObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = TreeObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(TreeKeyedContainer<Key>(object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: TreeArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = TreeArray()
            node = .array(array)
        }
        return TreeUnkeyedContainer(array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleValueContainer(encoder: self)
    }
}

struct TreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: TreeObject
    var codingPath: [any CodingKey] { [] }

    private func name(_ key: Key) -> String { WireKeys.snakeCase(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { object.set(name(key), .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(name(key), .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(name(key), .string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(name(key), .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(name(key), .number(String(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(name(key), try TreeNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(name(key), try TreeNode.make(value))
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
        object.set(name(key), try value.map { try TreeNode.make($0) } ?? .null)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeObject()
        object.set(name(key), .object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = TreeArray()
        object.set(name(key), .array(nested))
        return TreeUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        TreeMemberEncoder(object: object, key: "super")
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeMemberEncoder(object: object, key: name(key))
    }
}

struct TreeUnkeyedContainer: UnkeyedEncodingContainer {
    let array: TreeArray
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.elements.count }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Int) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Double) throws { array.elements.append(try TreeNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.elements.append(try TreeNode.make(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeObject()
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = TreeArray()
        array.elements.append(.array(nested))
        return TreeUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = TreeElementEncoder(array: array, index: array.elements.count)
        array.elements.append(.object(TreeObject()))
        return encoder
    }
}

struct TreeSingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoderState
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Double) throws { encoder.node = try TreeNumbers.node(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try TreeNode.make(value) }
}

/// An encoder for one member of an object (`superEncoder`): the member is whatever it writes.
final class TreeMemberEncoder: Encoder {
    let object: TreeObject
    let key: String
    /// Where the member stands in `object`.
    let index: Int
    let state = TreeEncoderState()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(object: TreeObject, key: String) {
        self.object = object
        self.key = key
        object.set(key, .object(TreeObject()))
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
        TreeForwardingSingleValue(state: state) { [object, index] node in object.members[index].value = node }
    }

    private func store() {
        if let node = state.node { object.members[index].value = node }
    }
}

/// An encoder for one element of an array (`superEncoder` of an unkeyed container).
final class TreeElementEncoder: Encoder {
    let array: TreeArray
    let index: Int
    let state = TreeEncoderState()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(array: TreeArray, index: Int) {
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
        TreeForwardingSingleValue(state: state) { [array, index] node in array.elements[index] = node }
    }

    private func store() {
        if let node = state.node { array.elements[index] = node }
    }
}

/// A single value written through to where a super-encoder's value lives.
struct TreeForwardingSingleValue: SingleValueEncodingContainer {
    let state: TreeEncoderState
    let store: (TreeNode) -> Void
    var codingPath: [any CodingKey] { [] }

    private mutating func set(_ node: TreeNode) {
        state.node = node
        store(node)
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Int) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.number(String(value))) }
    mutating func encode(_ value: Double) throws { set(try TreeNumbers.node(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try TreeNode.make(value)) }
}

/// Floating-point numbers, which the API never sends (amounts are decimal strings) but which must not break a
/// response if one appears: finite ones as Swift prints them, others refused as `JSONEncoder` refuses them.
enum TreeNumbers {
    static func node(_ value: Double) throws -> TreeNode {
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
protocol TreeLeaf {
    func treeNode() throws -> TreeNode
}

extension Optional: TreeLeaf where Wrapped: Encodable {
    func treeNode() throws -> TreeNode {
        guard let self else { return .null }
        return try TreeNode.make(self)
    }
}

extension Array: TreeLeaf where Element: Encodable {
    func treeNode() throws -> TreeNode {
        let array = TreeArray()
        array.elements.reserveCapacity(count)
        for element in self { array.elements.append(try TreeNode.make(element)) }
        return .array(array)
    }
}

extension Dictionary: TreeLeaf where Key == String, Value: Encodable {
    func treeNode() throws -> TreeNode {
        let object = TreeObject()
        for key in keys.sorted() {
            if let member = self[key] { object.members.append((key, try TreeNode.make(member))) }
        }
        return .object(object)
    }
}

extension Decimal: TreeLeaf {
    func treeNode() throws -> TreeNode { .number(description) }
}

extension URL: TreeLeaf {
    func treeNode() throws -> TreeNode { .string(absoluteString) }
}

extension Double: TreeLeaf {
    func treeNode() throws -> TreeNode { try TreeNumbers.node(self) }
}

extension Float: TreeLeaf {
    func treeNode() throws -> TreeNode {
        guard isFinite else { return try TreeNumbers.node(Double(self)) }
        return .number(String(describing: self))
    }
}

extension Int128: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt128: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension Int8: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension Int16: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension Int32: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt8: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt16: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt32: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
extension UInt64: TreeLeaf { func treeNode() throws -> TreeNode { .number(String(self)) } }
