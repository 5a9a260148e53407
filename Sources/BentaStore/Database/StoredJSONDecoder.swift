import Foundation

extension StoredJSON {
    /// Decodes the text of a `*_json` column: every stored value is read through here.
    ///
    /// ``StoredJSONDecoder`` answers when it can vouch for giving what `JSONDecoder` gives; for anything else
    /// (text that is not JSON, a type mismatch, a shape it does not read) `decoder` answers, with its own value or
    /// error, so the two never disagree.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        if let value = StoredJSONDecoder.decode(type, from: text) { return value }
        return try decoder.decode(type, from: Data(text.utf8))
    }
}

/// A `Decoder` over the UTF-8 bytes of stored JSON, for the `Codable` conformances of the stored types.
///
/// Foundation's `JSONDecoder` was a third of an invoice list's time (issue 11): it builds a dictionary of string keys
/// for every object it decodes. This one parses the text once into an array of nodes and looks members up by
/// comparing bytes. It gives what `JSONDecoder()` gives or declines (nil), and the caller then asks `JSONDecoder`:
/// - it reads strict RFC 8259 JSON only, at most 128 levels deep; it declines a `Data`, `URL` or `Float` value,
///   a number that is not a plain integer where an integer is asked for, a `Decimal` beyond 38 digits or an
///   exponent beyond ±99, a non-finite or underflowing `Double`, duplicate member names (`JSONDecoder` keeps the
///   first), super decoders, and reading past the end of an array;
/// - any error it meets on the way, even one a type catches and recovers from, makes it decline the whole value.
/// Member names that are not plain ASCII are compared as `String`s (canonical equivalence, as `JSONDecoder`'s
/// dictionary does). `allKeys` are in document order (`JSONDecoder`'s are in its dictionary's order); coding paths
/// are made from the nodes when asked for, of keys with the member names and indices (`JSONDecoder`'s hold the
/// type's own keys). Errors are always `JSONDecoder`'s, since any error makes it answer.
///
/// Measured on an invoice's `issued_json` (1 KB, 17 amounts), optimized: about 10 µs against `JSONDecoder`'s 35 µs.
enum StoredJSONDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from text: String) -> T? {
        var text = text
        return text.withUTF8 { bytes -> T? in
            var parser = StoredJSONParser(bytes: bytes)
            guard let nodes = parser.parse() else { return nil }
            let reader = StoredJSONReader(bytes: bytes, nodes: nodes)
            guard let value = try? reader.unwrap(0, as: type), !reader.isUnsure else {
                return nil
            }
            return value
        }
    }
}

/// One JSON value of a parsed text. Containers are followed by their children (an object's as name, value pairs).
struct StoredJSONNode {
    enum Kind: UInt8 {
        case null, `false`, `true`, number, string, array, object
    }
    var kind: Kind
    /// String: ``escaped``, ``nonASCII``. Number: ``integer``, ``negative``. Object: ``plainNames``.
    var flags: UInt8
    /// An array's elements or an object's members.
    var count: UInt32
    /// The value's first byte (a string's first byte after its quote).
    var start: UInt32
    /// A scalar's end byte (a string's closing quote); a container's: the index of the node after its children.
    var end: UInt32

    static let escaped: UInt8 = 1
    static let nonASCII: UInt8 = 2
    static let integer: UInt8 = 1
    static let negative: UInt8 = 2
    /// Every member name is ASCII without escapes, so names compare as bytes.
    static let plainNames: UInt8 = 1
}

/// A strict RFC 8259 parser into ``StoredJSONNode``s; nil for anything else (then `JSONDecoder` says what is wrong).
struct StoredJSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var nodes: [StoredJSONNode] = []
    static let maximumDepth = 128

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parse() -> [StoredJSONNode]? {
        guard bytes.count < Int(UInt32.max) else { return nil }
        nodes.reserveCapacity(bytes.count / 8 + 1)
        skipSpace()
        guard value(depth: 0) else { return nil }
        skipSpace()
        return at == bytes.count ? nodes : nil
    }

    private mutating func value(depth: Int) -> Bool {
        guard at < bytes.count else { return false }
        switch bytes[at] {
        case UInt8(ascii: "{"): return object(depth: depth + 1)
        case UInt8(ascii: "["): return array(depth: depth + 1)
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true", .true)
        case UInt8(ascii: "f"): return literal("false", .false)
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func array(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        let index = open(.array)
        skipSpace()
        if take(UInt8(ascii: "]")) { return close(index, count: 0) }
        var count: UInt32 = 0
        while true {
            skipSpace()
            guard value(depth: depth) else { return false }
            count += 1
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]")) && close(index, count: count)
        }
    }

    private mutating func object(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        let index = open(.object)
        skipSpace()
        if take(UInt8(ascii: "}")) { return close(index, count: 0) }
        var count: UInt32 = 0
        var plain = true
        var ascending = true
        var previous: Range<Int>? = nil
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let name = string() else { return false }
            let range = Int(nodes[name].start)..<Int(nodes[name].end)
            if nodes[name].flags != 0 { plain = false }
            if let previous, ascending { ascending = Self.isAscending(bytes, previous, range) }
            previous = range
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard value(depth: depth) else { return false }
            count += 1
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")), close(index, count: count) else { return false }
            if plain { nodes[index].flags = StoredJSONNode.plainNames }
            // Names in ascending byte order (as the stores write them) are distinct; others are checked.
            return (plain && ascending) || hasDistinctNames(index)
        }
    }

    private static func isAscending(
        _ bytes: UnsafeBufferPointer<UInt8>, _ left: Range<Int>, _ right: Range<Int>
    )
        -> Bool
    {
        var (i, j) = (left.lowerBound, right.lowerBound)
        while i < left.upperBound, j < right.upperBound {
            if bytes[i] != bytes[j] { return bytes[i] < bytes[j] }
            i += 1
            j += 1
        }
        return i == left.upperBound && j < right.upperBound
    }

    private func hasDistinctNames(_ object: Int) -> Bool {
        let reader = StoredJSONReader(bytes: bytes, nodes: nodes)
        var names = Set<String>()
        for name in reader.memberNames(object) {
            guard names.insert(reader.string(name)).inserted else { return false }
        }
        return true
    }

    private mutating func open(_ kind: StoredJSONNode.Kind) -> Int {
        nodes.append(StoredJSONNode(kind: kind, flags: 0, count: 0, start: UInt32(at), end: 0))
        at += 1
        return nodes.count - 1
    }

    private mutating func close(_ index: Int, count: UInt32) -> Bool {
        nodes[index].count = count
        nodes[index].end = UInt32(nodes.count)
        return true
    }

    /// A string (at its opening quote) with its escapes checked; the node's index.
    private mutating func string() -> Int? {
        at += 1
        let start = at
        var flags: UInt8 = 0
        while at < bytes.count {
            let byte = bytes[at]
            switch byte {
            case UInt8(ascii: "\""):
                nodes.append(
                    StoredJSONNode(kind: .string, flags: flags, count: 0, start: UInt32(start), end: UInt32(at)))
                at += 1
                return nodes.count - 1
            case UInt8(ascii: "\\"):
                flags |= StoredJSONNode.escaped
                at += 1
                guard at < bytes.count else { return nil }
                switch bytes[at] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    at += 1
                case UInt8(ascii: "u"):
                    var position = at + 1
                    guard StoredJSONReader.unicodeScalar(bytes, at: &position) != nil else { return nil }
                    at = position
                default: return nil
                }
            case 0..<0x20: return nil
            case 0x80...:
                flags |= StoredJSONNode.nonASCII
                at += 1
            default: at += 1
            }
        }
        return nil
    }

    private mutating func number() -> Bool {
        let start = at
        var flags = StoredJSONNode.integer
        if take(UInt8(ascii: "-")) { flags |= StoredJSONNode.negative }
        if take(UInt8(ascii: "0")) {
            // No leading zeros.
        } else {
            guard digits() else { return false }
        }
        if take(UInt8(ascii: ".")) {
            flags &= ~StoredJSONNode.integer
            guard digits() else { return false }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            flags &= ~StoredJSONNode.integer
            _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
            guard digits() else { return false }
        }
        nodes.append(StoredJSONNode(kind: .number, flags: flags, count: 0, start: UInt32(start), end: UInt32(at)))
        return true
    }

    /// One or more ASCII digits.
    private mutating func digits() -> Bool {
        let start = at
        while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
        return at > start
    }

    private mutating func literal(_ word: StaticString, _ kind: StoredJSONNode.Kind) -> Bool {
        let length = word.utf8CodeUnitCount
        guard at + length <= bytes.count else { return false }
        for offset in 0..<length where bytes[at + offset] != word.utf8Start[offset] { return false }
        nodes.append(
            StoredJSONNode(kind: kind, flags: 0, count: 0, start: UInt32(at), end: UInt32(at + length)))
        at += length
        return true
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x09, 0x0A, 0x0D: at += 1
            default: return
            }
        }
    }
}
