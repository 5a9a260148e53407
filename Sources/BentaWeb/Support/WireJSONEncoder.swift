import Foundation
import NIOConcurrencyHelpers

/// The API's JSON writer: what Foundation's `JSONEncoder` wrote with `convertToSnakeCase`, ISO 8601 instants and
/// unescaped slashes — the same members, names and values — at a fraction of the cost (issue 11: the encoder was
/// 38 % of a list's CPU, and the tree of nodes that replaced it still 19 %).
///
/// - Member names are converted to snake_case once per distinct name (by Foundation's own conversion, so no name
///   changes) and cached as the bytes written; a dictionary's keys are written as they are, as `JSONEncoder` does.
/// - Members are written in the order `encode(to:)` writes them, not sorted; a dictionary's keys are sorted, so
///   the output is the same every time.
/// - Values are written straight into one byte buffer as they encode (``WireWriter``): no tree, no `String` per
///   number; a container written to closes the containers opened inside it since, so a wire type writes its
///   members in order (a nested container is finished before its parent's next member, as every `encode(to:)`
///   here does).
/// - A ``WireWritable`` wire type (the hot list items) writes its members itself, straight into the bytes, with no
///   `Encoder` or container in between.
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
        let writer = WireWriter()
        try writer.write(value)
        return try writer.finish()
    }
}

/// One JSON text being written: the bytes so far and the containers still open, innermost last.
///
/// A value written through its `encode(to:)` gets a frame of its own, which becomes whatever container it asks for
/// (or `{}` when it asks for none, as `JSONEncoder` wrote); a nested container or a super-encoder gets one too. A
/// container or encoder remembers its frame by depth and serial number, so one used after its frame was closed
/// (which a streaming writer cannot honour) makes the whole encoding fail instead of writing broken JSON.
final class WireWriter {
    // Unchecked: the writer is one task's, and a checked access per byte appended was a sixth of its time.
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    @exclusivity(unchecked) private var frames: [Frame] = []
    @exclusivity(unchecked) private var serial = 0
    /// Why the text cannot be written, found where no error can be thrown (a container's non-throwing calls).
    @exclusivity(unchecked) private var failure: EncodingError?
    /// Member names met in this text, as written: `"name":`.
    @exclusivity(unchecked) private var names: [String: [UInt8]] = [:]

    private struct Frame {
        var kind: Kind
        var count = 0
        let serial: Int
    }

    private enum Kind {
        /// Nothing written yet: closes as `{}`.
        case empty
        case object
        case array
        /// One single value, already written.
        case single
    }

    /// Where a container or encoder writes: its frame.
    struct Place {
        let depth: Int
        let serial: Int
    }

    init() {
        bytes.reserveCapacity(4096)
    }

    /// The text, once everything is closed.
    func finish() throws -> [UInt8] {
        while !frames.isEmpty { closeInnermost() }
        if let failure { throw failure }
        return bytes
    }

    // MARK: Values

    /// Writes `value` where the writer stands: the common leaves by their static type (no dynamic cast), the other
    /// standard types and the wire types that write themselves (``WireWritable``) through ``WireLeaf``, anything
    /// else through its `encode(to:)`.
    func write<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int64.self { return integer(unsafeBitCast(value, to: Int64.self)) }
        if T.self == Int.self { return integer(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Date.self { return date(unsafeBitCast(value, to: Date.self)) }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map(string) ?? null() }
        if T.self == Int64?.self { return unsafeBitCast(value, to: Int64?.self).map(integer) ?? null() }
        if T.self == Int?.self { return unsafeBitCast(value, to: Int?.self).map { integer(Int64($0)) } ?? null() }
        if T.self == Bool?.self { return unsafeBitCast(value, to: Bool?.self).map(bool) ?? null() }
        if T.self == Date?.self { return unsafeBitCast(value, to: Date?.self).map(date) ?? null() }
        if let leaf = value as? any WireLeaf { return try leaf.write(to: self) }
        let place = open(.empty)
        try value.encode(to: WireValueEncoder(writer: self, place: place))
        close(place)
    }

    func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// A ``WireWritable``'s object, its members straight into the bytes.
    func object<W: WireWritable>(_ value: W) throws {
        bytes.append(UInt8(ascii: "{"))
        var object = WireObject(writer: self)
        try value.writeMembers(to: &object)
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of ``WireWritable`` objects.
    func array<W: WireWritable>(_ values: [W]) throws {
        bytes.append(UInt8(ascii: "["))
        for index in values.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try object(values[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of strings.
    func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for index in values.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(values[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Starts a member of a ``WireObject``: a comma unless it is the first, then `"name":` from the name's static
    /// text, as it is (no conversion, no escaping: a ``WireWritable`` names its members in snake_case).
    func member(_ name: StaticString, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    func bool(_ flag: Bool) {
        if flag { bytes.append(contentsOf: "true".utf8) } else { bytes.append(contentsOf: "false".utf8) }
    }

    /// An integer, digit by digit (the text of `String(value)`).
    func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    func unsigned(_ value: UInt64) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// A number already in its JSON text.
    func number(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// An instant as ``ISO8601`` writes it, in quotes (its text needs no escaping).
    func date(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        ISO8601.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8 (slashes too),
    /// straight from the string's UTF-8.
    func string(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
                case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
                default:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hex(byte >> 4))
                    bytes.append(Self.hex(byte & 0x0F))
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hex(_ digit: UInt8) -> UInt8 {
        digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
    }

    /// A member name in snake_case with its colon. A name of ASCII letters, digits and underscores that starts
    /// with no capital and has a small letter after each capital (`ownerName`, `line2Address`, `is_active`) is
    /// converted here, byte by byte, as Foundation's `convertToSnakeCase` converts it: an underscore before each
    /// capital, which becomes small. Any other is converted by Foundation once and remembered.
    func name(_ name: String) {
        var text = name
        let converted = text.withUTF8 { utf8 -> Bool in
            guard Self.isSimpleName(utf8) else { return false }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if Self.isCapital(byte) {
                    bytes.append(UInt8(ascii: "_"))
                    bytes.append(byte + 0x20)
                } else {
                    bytes.append(byte)
                }
            }
            bytes.append(contentsOf: "\":".utf8)
            return true
        }
        if converted { return }
        if let known = names[name] {
            bytes.append(contentsOf: known)
        } else {
            let written = WireKeys.written(name)
            names[name] = written
            bytes.append(contentsOf: written)
        }
    }

    /// Whether `utf8` is a name ``name(_:)`` converts by itself.
    static func isSimpleName(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = utf8.first, isCapital(first) { return false }
        for index in utf8.indices {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard index + 1 < utf8.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(utf8[index + 1])
                else { return false }
            default:
                return false
            }
        }
        return true
    }

    private static func isCapital(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// A member name as it is (a dictionary's key) with its colon.
    func verbatimName(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    // MARK: Containers

    /// Opens a frame inside the innermost one.
    func open(_ kind: WireFrameKind) -> Place {
        serial += 1
        switch kind {
        case .empty: frames.append(Frame(kind: .empty, serial: serial))
        case .object:
            bytes.append(UInt8(ascii: "{"))
            frames.append(Frame(kind: .object, serial: serial))
        case .array:
            bytes.append(UInt8(ascii: "["))
            frames.append(Frame(kind: .array, serial: serial))
        }
        return Place(depth: frames.count - 1, serial: serial)
    }

    /// Closes `place` and whatever is still open inside it.
    func close(_ place: Place) {
        guard focus(place) else { return }
        closeInnermost()
    }

    /// Turns the frame at `place`, which a value's encoder stands for, into `kind` (a value asking for its keyed
    /// container twice goes on with the same object); false when that cannot be done.
    func become(_ kind: WireFrameKind, at place: Place) -> Bool {
        guard focus(place) else { return false }
        switch (frames[place.depth].kind, kind) {
        case (.empty, .object):
            bytes.append(UInt8(ascii: "{"))
            frames[place.depth].kind = .object
        case (.empty, .array):
            bytes.append(UInt8(ascii: "["))
            frames[place.depth].kind = .array
        case (.object, .object), (.array, .array): break
        default:
            fail("a value asked for a second, different container")
            return false
        }
        return true
    }

    /// Readies the frame at `place` for its one single value; false when it already holds something.
    func single(at place: Place) -> Bool {
        guard focus(place) else { return false }
        guard frames[place.depth].kind == .empty else {
            fail("a value wrote a second single value or container")
            return false
        }
        frames[place.depth].kind = .single
        return true
    }

    /// Starts the next member of the object at `place`: a comma after the first, then its name.
    func member(_ key: String, at place: Place) -> Bool {
        guard next(at: place) else { return false }
        name(key)
        return true
    }

    /// Starts the next element of the array at `place`.
    func next(at place: Place) -> Bool {
        guard focus(place) else { return false }
        if frames[place.depth].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[place.depth].count += 1
        return true
    }

    /// How many elements or members the frame at `place` holds.
    func count(at place: Place) -> Int {
        isOpen(place) ? frames[place.depth].count : 0
    }

    /// The error for a container written after its frame was closed, or after its value wrote something else.
    var refusal: EncodingError {
        failure ?? Self.error("a container was written after it was closed")
    }

    private func isOpen(_ place: Place) -> Bool {
        place.depth < frames.count && frames[place.depth].serial == place.serial
    }

    /// Makes `place` the innermost open frame, closing what was opened inside it since; false when it was closed.
    private func focus(_ place: Place) -> Bool {
        guard isOpen(place) else {
            fail("a container was written after it was closed")
            return false
        }
        while frames.count > place.depth + 1 { closeInnermost() }
        return true
    }

    private func closeInnermost() {
        let frame = frames.removeLast()
        switch frame.kind {
        case .empty: bytes.append(contentsOf: "{}".utf8)
        case .object: bytes.append(UInt8(ascii: "}"))
        case .array: bytes.append(UInt8(ascii: "]"))
        case .single: break
        }
    }

    private func fail(_ reason: String) {
        if failure == nil { failure = Self.error(reason) }
    }

    private static func error(_ reason: String) -> EncodingError {
        EncodingError.invalidValue((), .init(codingPath: [], debugDescription: "The JSON writer: \(reason)."))
    }
}

/// What a frame of ``WireWriter`` opens as.
enum WireFrameKind {
    case empty
    case object
    case array
}

/// Member names in snake_case, converted once each by Foundation's own `convertToSnakeCase`.
enum WireKeys {
    private static let cache = NIOLockedValueBox<[String: String]>([:])
    private static let writtenCache = NIOLockedValueBox<[String: [UInt8]]>([:])

    static func snakeCase(_ name: String) -> String {
        if let known = cache.withLockedValue({ $0[name] }) { return known }
        let converted = foundationConversion(name)
        cache.withLockedValue { $0[name] = converted }
        return converted
    }

    /// The member `name` as the writer writes it: its snake_case form in quotes, escaped, and a colon.
    static func written(_ name: String) -> [UInt8] {
        if let known = writtenCache.withLockedValue({ $0[name] }) { return known }
        let writer = WireWriter()
        writer.verbatimName(snakeCase(name))
        let written = writer.bytes
        writtenCache.withLockedValue { $0[name] = written }
        return written
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

/// The `Encoder` a value's `encode(to:)` writes into (also a super-encoder's): it stands for the value's frame.
struct WireValueEncoder: Encoder {
    let writer: WireWriter
    let place: WireWriter.Place
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = writer.become(.object, at: place)
        return KeyedEncodingContainer(WireKeyedContainer<Key>(writer: writer, place: place))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = writer.become(.array, at: place)
        return WireUnkeyedContainer(writer: writer, place: place)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleValueContainer(writer: writer, place: place)
    }
}

struct WireKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: WireWriter
    let place: WireWriter.Place
    var codingPath: [any CodingKey] { [] }

    /// Starts the member `key`, or throws when this container can no longer be written.
    private func start(_ key: Key) throws {
        guard writer.member(key.stringValue, at: place) else { throw writer.refusal }
    }

    mutating func encodeNil(forKey key: Key) throws {
        try start(key)
        writer.null()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try start(key)
        writer.bool(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try start(key)
        writer.string(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        try start(key)
        writer.integer(Int64(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try start(key)
        writer.integer(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try start(key)
        writer.number(try WireNumbers.text(value))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try start(key)
        try writer.write(value)
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
        try start(key)
        if let value { try writer.write(value) } else { writer.null() }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        // A refused member leaves the writer failed; the nested container then writes nothing either.
        _ = writer.member(key.stringValue, at: place)
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(writer: writer, place: writer.open(.object)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = writer.member(key.stringValue, at: place)
        return WireUnkeyedContainer(writer: writer, place: writer.open(.array))
    }

    mutating func superEncoder() -> any Encoder {
        _ = writer.member("super", at: place)
        return WireValueEncoder(writer: writer, place: writer.open(.empty))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        _ = writer.member(key.stringValue, at: place)
        return WireValueEncoder(writer: writer, place: writer.open(.empty))
    }
}

struct WireUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: WireWriter
    let place: WireWriter.Place
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.count(at: place) }

    /// Starts the next element, or throws when this container can no longer be written.
    private func start() throws {
        guard writer.next(at: place) else { throw writer.refusal }
    }

    mutating func encodeNil() throws {
        try start()
        writer.null()
    }
    mutating func encode(_ value: Bool) throws {
        try start()
        writer.bool(value)
    }
    mutating func encode(_ value: String) throws {
        try start()
        writer.string(value)
    }
    mutating func encode(_ value: Int) throws {
        try start()
        writer.integer(Int64(value))
    }
    mutating func encode(_ value: Int64) throws {
        try start()
        writer.integer(value)
    }
    mutating func encode(_ value: Double) throws {
        try start()
        writer.number(try WireNumbers.text(value))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try start()
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        _ = writer.next(at: place)
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(writer: writer, place: writer.open(.object)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = writer.next(at: place)
        return WireUnkeyedContainer(writer: writer, place: writer.open(.array))
    }

    mutating func superEncoder() -> any Encoder {
        _ = writer.next(at: place)
        return WireValueEncoder(writer: writer, place: writer.open(.empty))
    }
}

/// A value's one single value (its encoder's or a super-encoder's).
struct WireSingleValueContainer: SingleValueEncodingContainer {
    let writer: WireWriter
    let place: WireWriter.Place
    var codingPath: [any CodingKey] { [] }

    /// Readies the value's frame, or throws when it already holds something.
    private func start() throws {
        guard writer.single(at: place) else { throw writer.refusal }
    }

    mutating func encodeNil() throws {
        try start()
        writer.null()
    }
    mutating func encode(_ value: Bool) throws {
        try start()
        writer.bool(value)
    }
    mutating func encode(_ value: String) throws {
        try start()
        writer.string(value)
    }
    mutating func encode(_ value: Int) throws {
        try start()
        writer.integer(Int64(value))
    }
    mutating func encode(_ value: Int64) throws {
        try start()
        writer.integer(value)
    }
    mutating func encode(_ value: Double) throws {
        try start()
        writer.number(try WireNumbers.text(value))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try start()
        try writer.write(value)
    }
}

/// Floating-point numbers, which the API never sends (amounts are decimal strings) but which must not break a
/// response if one appears: finite ones as Swift prints them, others refused as `JSONEncoder` refuses them.
enum WireNumbers {
    static func text(_ value: Double) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(value) is not a valid JSON number."))
        }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// The standard types with a JSON form of their own, written without an `Encoder`: what `JSONEncoder` writes for
/// them (a dictionary's keys as they are, sorted here).
protocol WireLeaf {
    func write(to writer: WireWriter) throws
}

extension Optional: WireLeaf where Wrapped: Encodable {
    func write(to writer: WireWriter) throws {
        guard let self else { return writer.null() }
        try writer.write(self)
    }
}

extension Array: WireLeaf where Element: Encodable {
    func write(to writer: WireWriter) throws {
        // One check per array, not per element: elements that write themselves go straight into the bytes.
        if let writable = Element.self as? any WireWritable.Type { return try writable.writeArray(self, to: writer) }
        let place = writer.open(.array)
        for element in self {
            _ = writer.next(at: place)
            try writer.write(element)
        }
        writer.close(place)
    }
}

extension Dictionary: WireLeaf where Key == String, Value: Encodable {
    func write(to writer: WireWriter) throws {
        let place = writer.open(.object)
        for key in keys.sorted() {
            guard let member = self[key] else { continue }
            _ = writer.next(at: place)
            writer.verbatimName(key)
            try writer.write(member)
        }
        writer.close(place)
    }
}

extension Decimal: WireLeaf {
    func write(to writer: WireWriter) throws { writer.number(description) }
}

extension URL: WireLeaf {
    func write(to writer: WireWriter) throws { writer.string(absoluteString) }
}

extension Double: WireLeaf {
    func write(to writer: WireWriter) throws { writer.number(try WireNumbers.text(self)) }
}

extension Float: WireLeaf {
    func write(to writer: WireWriter) throws {
        guard isFinite else { return writer.number(try WireNumbers.text(Double(self))) }
        writer.number(String(describing: self))
    }
}

extension Int128: WireLeaf { func write(to writer: WireWriter) throws { writer.number(String(self)) } }
extension UInt128: WireLeaf { func write(to writer: WireWriter) throws { writer.number(String(self)) } }
extension Int8: WireLeaf { func write(to writer: WireWriter) throws { writer.integer(Int64(self)) } }
extension Int16: WireLeaf { func write(to writer: WireWriter) throws { writer.integer(Int64(self)) } }
extension Int32: WireLeaf { func write(to writer: WireWriter) throws { writer.integer(Int64(self)) } }
extension UInt: WireLeaf { func write(to writer: WireWriter) throws { writer.unsigned(UInt64(self)) } }
extension UInt8: WireLeaf { func write(to writer: WireWriter) throws { writer.unsigned(UInt64(self)) } }
extension UInt16: WireLeaf { func write(to writer: WireWriter) throws { writer.unsigned(UInt64(self)) } }
extension UInt32: WireLeaf { func write(to writer: WireWriter) throws { writer.unsigned(UInt64(self)) } }
extension UInt64: WireLeaf { func write(to writer: WireWriter) throws { writer.unsigned(self) } }

extension KeyedEncodingContainer {
    /// Writes `value`, or leaves the member out when it is nil: for the few members the API leaves out on purpose
    /// (the wire writer turns `encodeIfPresent` into `null`, so omitting is said explicitly).
    mutating func encodeOmittingNil<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
}
