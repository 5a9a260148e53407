import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct IdentifierTests {
    enum Invoice {}
    enum Payment {}
    typealias InvoiceID = Identifier<Invoice>

    @Test func parsesEitherCaseAndDescribesLowercased() throws {
        let id = try #require(InvoiceID(string: "0192F5A4-1B2C-7D3E-8F40-0123456789AB"))
        #expect(id.description == "0192f5a4-1b2c-7d3e-8f40-0123456789ab")
        #expect(InvoiceID(string: "0192f5a4-1b2c-7d3e-8f40-0123456789ab") == id)
    }

    @Test(arguments: ["", "not-a-uuid", "0192f5a4-1b2c-7d3e-8f40-0123456789a", "0192f5a41b2c7d3e8f400123456789ab"])
    func rejectsMalformedStrings(text: String) {
        #expect(InvoiceID(string: text) == nil)
    }

    @Test func codableAsLowercasedString() throws {
        let uuid = UUIDv7.make(unixMilliseconds: 1_700_000_000_000, randomBytes: Array(repeating: 0xAB, count: 10))
        let id = InvoiceID(uuid)
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(id.description)\"]")
        #expect(id.description == id.description.lowercased())
        #expect(try JSONDecoder().decode([InvoiceID].self, from: data) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([InvoiceID].self, from: Data(#"["nope"]"#.utf8))
        }
    }

    /// The hand-written text forms (``HexText``) agree with Foundation's on many UUIDs, and refuse what it refuses.
    @Test func handWrittenTextAgreesWithFoundation() {
        var generator = SplitMix64(seed: 11)
        for index in 0..<2_000 {
            let uuid =
                index.isMultiple(of: 2)
                ? UUIDv7.make(unixMilliseconds: generator.next() >> 16, using: &generator) : UUID()
            #expect(HexText.text(of: uuid) == uuid.uuidString.lowercased())
            #expect(HexText.uuid(uuid.uuidString) == uuid)
            #expect(HexText.uuid(uuid.uuidString.lowercased()) == uuid)
        }
        for text in [
            "0192f5a4-1b2c-7d3e-8f40-0123456789ag", "0192f5a4_1b2c-7d3e-8f40-0123456789ab",
            "0192f5a4-1b2c-7d3e-8f40-0123456789abc", "0192f5a4-1b2c-7d3e-8f40-0123456789é",
        ] {
            #expect(HexText.uuid(text) == nil)
            #expect(UUID(uuidString: text) == nil)
        }
        // Stricter than Foundation, whose `sscanf` skips a space before a pair of digits.
        #expect(HexText.uuid(" 0192f5a4-1b2c-7d3e-8f40-0123456789a") == nil)
        #expect(HexText.lowercase([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(HexText.lowercase([UInt8]()) == "")
    }

    @Test func retaggingKeepsTheUUID() {
        let id = InvoiceID(UUID())
        let other: Identifier<Payment> = id.retagged()
        #expect(other.uuid == id.uuid)
    }

    @Test func comparesByBytesSoV7SortsByTime() {
        var generator = SplitMix64(seed: 7)
        let times: [UInt64] = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_100_000, 1_800_000_000_000]
        let ids = times.reversed().map { InvoiceID(UUIDv7.make(unixMilliseconds: $0, using: &generator)) }
        #expect(ids.sorted().map { UUIDv7.unixMilliseconds(of: $0.uuid) } == times)
        let low = InvoiceID(UUIDv7.make(unixMilliseconds: 1, randomBytes: Array(repeating: 0xFF, count: 10)))
        let high = InvoiceID(UUIDv7.make(unixMilliseconds: 2, randomBytes: Array(repeating: 0x00, count: 10)))
        #expect(low < high)
        #expect(!(high < low))
        #expect(!(low < low))
    }
}

@Suite(.timeLimit(.minutes(20))) struct UUIDv7Tests {
    @Test(arguments: [UInt64(0), 1, 1_700_000_000_000, 0xFFFF_FFFF_FFFF])
    func setsVersionSevenAndRFCVariant(milliseconds: UInt64) {
        for fill: UInt8 in [0x00, 0xFF, 0x5A] {
            let uuid = UUIDv7.make(unixMilliseconds: milliseconds, randomBytes: Array(repeating: fill, count: 10))
            #expect(uuid.uuid.6 >> 4 == 7)
            #expect(uuid.uuid.8 >> 6 == 0b10)
            #expect(UUIDv7.unixMilliseconds(of: uuid) == milliseconds)
        }
    }

    @Test func layoutMatchesRFC9562() {
        let uuid = UUIDv7.make(
            unixMilliseconds: 0x0192_F5A4_1B2C,
            randomBytes: [
                0xFD, 0x3E, 0xCF, 0x40, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
            ])
        #expect(uuid.uuidString.lowercased() == "0192f5a4-1b2c-7d3e-8f40-0123456789ab")
    }

    @Test func generatorVersionIsDeterministicForASeed() {
        var first = SplitMix64(seed: 99)
        var second = SplitMix64(seed: 99)
        let a = UUIDv7.make(unixMilliseconds: 1_700_000_000_000, using: &first)
        let b = UUIDv7.make(unixMilliseconds: 1_700_000_000_000, using: &second)
        let c = UUIDv7.make(unixMilliseconds: 1_700_000_000_000, using: &first)
        #expect(a == b)
        #expect(a != c)
        #expect(c.uuid.6 >> 4 == 7 && c.uuid.8 >> 6 == 0b10)
    }

    @Test func shortRandomInputIsZeroPadded() {
        let uuid = UUIDv7.make(unixMilliseconds: 0, randomBytes: [])
        #expect(uuid.uuidString.lowercased() == "00000000-0000-7000-8000-000000000000")
    }
}
