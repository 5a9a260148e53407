import BentaCore
import BentaStore
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

/// The API's own JSON writer (issue 11) says what Foundation's `JSONEncoder` said with `convertToSnakeCase` and
/// sorted keys — the same members, names and values — without sorting, and its hand-written instants read like
/// Foundation's ISO 8601 format.
@Suite(.timeLimit(.minutes(10))) struct WireJSONEncoderTests {
    /// What `JSONResponse.encoder` was before issue 11 (the text of instants is compared on its own below).
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Both writers' output of `value`, parsed.
    static func both<T: Encodable>(_ value: T) throws -> (wire: NSObject, foundation: NSObject, text: String) {
        let wire = try WireJSONEncoder().encode(value)
        let old = try foundation.encode(value)
        let parse = { (data: Data) throws -> NSObject in
            try #require(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject)
        }
        return (try parse(wire), try parse(old), String(decoding: wire, as: UTF8.self))
    }

    static func account(notes: String?) throws -> Account {
        var draft = AccountDraft()
        draft.name = "Tala Foods \"Main\" / Branch"
        draft.tin = "111-222-333"
        draft.phones = ["0917 111 0001", "(02) 8111 0002"]
        draft.email = "info@talafoods.ph"
        draft.tags = ["vip", "café"]
        draft.notes = notes ?? ""
        draft.ownerID = User.ID(UUID()).description
        return Account(
            id: Account.ID(UUID()), companyID: Company.ID(UUID()), fields: try draft.validated(defaultCountry: .PH),
            status: .active, createdAt: Date(millisecondsSince1970: 1_796_000_000_123),
            updatedAt: Date(millisecondsSince1970: 1_796_000_001_999), version: 3)
    }

    @Test func wireTypesSayWhatFoundationSaid() throws {
        let tala = try Self.account(notes: "Line one\nline two\t✓ \\ end")
        let bare = try Self.account(notes: nil)
        let list = ListResponse(
            data: [AccountResponse(tala, ownerName: "Kristine"), AccountResponse(bare, ownerName: nil)],
            nextCursor: nil)
        let problem = Problem(
            status: .unprocessableContent, code: "validation_failed", detail: "Check the fields.",
            errors: [FieldError(field: "lines[0].unitPrice", code: "invalid", message: "Not a number: \"x\".")])
        let dictionary: [String: [String: String]] = ["camelKey": ["innerKey": "a/b"], "snake_key": [:]]
        let values: [(String, any Encodable)] = [
            ("list", list), ("account", AccountResponse(bare, ownerName: "O")), ("problem", problem),
            ("dictionary", dictionary),
            ("strings", ["", "é", "\u{2028}", "\"quoted\"", "\u{1}\u{1F}\u{7F}\r\u{8}\u{C}"]),
            ("numbers", [Int64.max, Int64.min, 0]), ("decimal", [Decimal(string: "12.50")]),
            ("optionals", [String?.none, "x"]), ("bools", [true, false]),
        ]
        for (name, value) in values {
            let (wire, foundation, text) = try Self.both(value)
            #expect(wire == foundation, "\(name): \(text)")
        }
    }

    @Test func membersFollowTheWireTypeNotTheAlphabet() throws {
        let text = try Self.both(AccountResponse(try Self.account(notes: nil), ownerName: nil)).text
        #expect(text.hasPrefix(#"{"id":""#), "\(text.prefix(80))")
        let name = try #require(text.range(of: #""name":"#))
        let billing = try #require(text.range(of: #""billing_address":"#))
        #expect(name.lowerBound < billing.lowerBound)
    }

    /// Instants are stored in milliseconds; Foundation's format cut the binary fraction of a stored millisecond
    /// (…20.123 read back as …20.12299999) and sometimes printed one millisecond less. The writer prints the stored
    /// millisecond: Foundation's text of the instant half a millisecond later.
    @Test func instantsReadLikeFoundationsISO8601AtTheStoredMillisecond() throws {
        var generator = SystemRandomNumberGenerator()
        var milliseconds: [Int64] = [
            0, 1_796_000_000_123, 951_782_400_000, 4_102_444_799_999, -1, -2_208_988_800_000, 32_503_679_999_999,
        ]
        for _ in 0..<2_000 {
            milliseconds.append(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator))
        }
        for value in milliseconds {
            let date = Date(millisecondsSince1970: value)
            #expect(ISO8601.string(date) == ISO8601.formatted(date.addingTimeInterval(0.000_5)), "\(value)")
        }
        #expect(ISO8601.string(Date(millisecondsSince1970: 1_796_000_000_123)) == "2026-11-30T00:53:20.123Z")
        // An instant between milliseconds (a clock's reading not yet stored) is cut, as Foundation cuts it.
        let between = Date(timeIntervalSince1970: 1_796_000_000.123_9)
        #expect(ISO8601.string(between) == "2026-11-30T00:53:20.123Z")
        #expect(ISO8601.string(between) == ISO8601.formatted(between))
    }
}
