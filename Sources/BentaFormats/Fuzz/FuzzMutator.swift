/// Derives hostile inputs from real samples: each call stacks one to four mutations on a copy of the seed.
///
/// The mutations are those that break parsers in practice: flipped bits, inserted and deleted bytes, a chunk
/// duplicated, two samples spliced, truncation, long runs of one byte, invalid UTF-8, huge numbers, deep nesting and
/// the format's own keywords in the wrong place. Output never exceeds `maximumBytes`, so memory stays bounded.
public struct FuzzMutator: Sendable {
    /// One way to change an input.
    public enum Mutation: String, Sendable, CaseIterable {
        case bitFlip, insertBytes, deleteBytes, duplicateChunk, splice, truncate, longRun, invalidUTF8, hugeNumber
        case deepNesting, keyword
    }

    /// The largest input produced, in bytes.
    public var maximumBytes: Int
    /// The format's keywords (tags, property names, delimiters), inserted at random places.
    public var keywords: [[UInt8]]
    /// What opens and closes one level of nesting in the format (`<a>` and `</a>` for XML).
    public var nesting: (open: [UInt8], close: [UInt8])

    public init(maximumBytes: Int, keywords: [String], nesting: (open: String, close: String)) {
        self.maximumBytes = maximumBytes
        self.keywords = keywords.map { Array($0.utf8) }
        self.nesting = (Array(nesting.open.utf8), Array(nesting.close.utf8))
    }

    static let runBytes: [UInt8] = Array("A,;\"':<>\n\r=- 0\\9%&\t".utf8) + [0]
    static let invalidSequences: [[UInt8]] = [
        [0xFF], [0xFE, 0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80],
        [0x00], [0xEF, 0xBB, 0xBF], [0xF0, 0x9F, 0x98],
    ]
    static let hugeNumbers: [String] = [
        "99999999999999999999999999999999999999", "-9223372036854775809", "18446744073709551616", "1e308", "-0",
        "0.000000000000000000000000001", "999999999999999.999999", "NaN", "1E+9999", "00000000000000000000001",
        "9,999,999,999,999,999.99", "2147483648",
    ]

    /// A mutated copy of `seed`; `other` is a second sample for splicing.
    public func mutate(_ seed: [UInt8], other: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = Array(seed.prefix(maximumBytes))
        let rounds = 1 + random.below(4)
        for _ in 0..<rounds {
            let mutation = Mutation.allCases[random.below(Mutation.allCases.count)]
            apply(mutation, to: &bytes, other: other, using: &random)
            if bytes.count > maximumBytes { bytes.removeLast(bytes.count - maximumBytes) }
        }
        return bytes
    }

    /// Applies one mutation in place (the result may exceed `maximumBytes`; `mutate` trims it).
    public func apply(_ mutation: Mutation, to bytes: inout [UInt8], other: [UInt8], using random: inout FuzzRandom) {
        let position = random.below(bytes.count + 1)
        switch mutation {
        case .bitFlip:
            guard !bytes.isEmpty else { return }
            for _ in 0..<(1 + random.below(8)) {
                bytes[random.below(bytes.count)] ^= UInt8(1) << UInt8(random.below(8))
            }
        case .insertBytes:
            let inserted = (0..<(1 + random.below(16))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: position)
        case .deleteBytes:
            guard position < bytes.count else { return }
            let length = 1 + random.below(min(64, bytes.count - position))
            bytes.removeSubrange(position..<(position + length))
        case .duplicateChunk:
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let chunk = Array(bytes[start..<min(bytes.count, start + 1 + random.below(1024))])
            let copies = random.oneIn(4) ? 1 + random.below(64) : 1
            for _ in 0..<copies { bytes.insert(contentsOf: chunk, at: min(position, bytes.count)) }
        case .splice:
            let cut = random.below(other.count + 1)
            bytes = Array(bytes[..<position]) + Array(other[cut...])
        case .truncate:
            bytes.removeSubrange(position...)
        case .longRun:
            let byte = Self.runBytes[random.below(Self.runBytes.count)]
            let length = random.oneIn(3) ? 1024 * (1 + random.below(64)) : 1 + random.below(512)
            bytes.insert(contentsOf: repeatElement(byte, count: length), at: position)
        case .invalidUTF8:
            bytes.insert(contentsOf: Self.invalidSequences[random.below(Self.invalidSequences.count)], at: position)
        case .hugeNumber:
            let number = Array(Self.hugeNumbers[random.below(Self.hugeNumbers.count)].utf8)
            if let digits = Self.digitRun(in: bytes, from: position) {
                bytes.replaceSubrange(digits, with: number)
            } else {
                bytes.insert(contentsOf: number, at: position)
            }
        case .deepNesting:
            let depth = random.oneIn(4) ? 1000 + random.below(20_000) : 1 + random.below(200)
            var nested: [UInt8] = []
            nested.reserveCapacity(depth * (nesting.open.count + nesting.close.count))
            for _ in 0..<depth { nested += nesting.open }
            if !random.oneIn(3) { for _ in 0..<depth { nested += nesting.close } }
            bytes.insert(contentsOf: nested, at: position)
        case .keyword:
            guard !keywords.isEmpty else { return }
            let keyword = keywords[random.below(keywords.count)]
            let copies = random.oneIn(8) ? 1 + random.below(500) : 1
            for _ in 0..<copies { bytes.insert(contentsOf: keyword, at: position) }
        }
    }

    /// The run of ASCII digits at or after `start`, if any.
    static func digitRun(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let first = bytes[start...].firstIndex(where: isDigit) else { return nil }
        let end = bytes[first...].firstIndex { !isDigit($0) } ?? bytes.count
        return first..<end
    }
}
