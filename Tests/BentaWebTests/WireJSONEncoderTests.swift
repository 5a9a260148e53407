import BentaCore
import BentaStore
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

/// The API's own JSON writer (issue 11) says what Foundation's `JSONEncoder` said with `convertToSnakeCase` and
/// sorted keys — the same members, names and values — without sorting, and its hand-written instants read like
/// Foundation's ISO 8601 format; where `JSONEncoder` leaves a nil optional member out, it writes null (issue 9).
@Suite(.timeLimit(.minutes(20))) struct WireJSONEncoderTests {
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
            #expect(Self.sameButNulls(wire: wire, foundation: foundation), "\(name): \(text)")
        }
        // The one difference is the rule below: a synthesized conformance's nil member is null, not left out.
        let bareAccount = try Self.object(AccountResponse(bare, ownerName: nil))
        #expect(bareAccount.count == 22)
        #expect(bareAccount["registered_name"] is NSNull && bareAccount["owner_name"] is NSNull)
    }

    /// `wire` says what `foundation` said, except for members `foundation` left out, which `wire` writes as null.
    static func sameButNulls(wire: NSObject, foundation: NSObject) -> Bool {
        switch (wire, foundation) {
        case (let wire as [String: NSObject], let foundation as [String: NSObject]):
            return wire.allSatisfy { key, value in
                foundation[key].map { sameButNulls(wire: value, foundation: $0) } ?? (value is NSNull)
            } && Set(foundation.keys).isSubset(of: Set(wire.keys))
        case (let wire as [NSObject], let foundation as [NSObject]):
            return wire.count == foundation.count
                && zip(wire, foundation).allSatisfy { sameButNulls(wire: $0, foundation: $1) }
        default:
            return wire == foundation
        }
    }

    /// The wire writer's output of `value` as a JSON object.
    static func object<T: Encodable>(_ value: T) throws -> [String: Any] {
        let data = try WireJSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    struct Inner: Encodable {
        var note: String?
        var count: Int?
    }

    /// One optional member of each static type `encodeIfPresent` has an overload for, and nested shapes.
    struct Synthesized: Encodable {
        var text: String?
        var flag: Bool?
        var double: Double?
        var float: Float?
        var int: Int?
        var int8: Int8?
        var int16: Int16?
        var int32: Int32?
        var int64: Int64?
        var int128: Int128?
        var uint: UInt?
        var uint8: UInt8?
        var uint16: UInt16?
        var uint32: UInt32?
        var uint64: UInt64?
        var uint128: UInt128?
        var decimal: Decimal?
        var instant: Date?
        var inner: Inner?
        var inners: [Inner]?
        var texts: [String?]
        var innerList: [Inner]
    }

    /// A synthesized conformance writes every nil optional member as null (the wire types rely on it instead of
    /// listing their members in a hand-written `encode(to:)`), at every depth, and keeps members in declaration
    /// order; a present value is written as before.
    @Test func aNilOptionalMemberIsWrittenAsNull() throws {
        let empty = Synthesized(
            texts: [nil, "a"], innerList: [Inner(note: nil, count: 2), Inner(note: "n", count: nil)])
        let text = String(decoding: try WireJSONEncoder().encode(empty), as: UTF8.self)
        #expect(
            text == #"{"text":null,"flag":null,"double":null,"float":null,"int":null,"int8":null,"int16":null,"#
                + #""int32":null,"int64":null,"int128":null,"uint":null,"uint8":null,"uint16":null,"uint32":null,"#
                + #""uint64":null,"uint128":null,"decimal":null,"instant":null,"inner":null,"inners":null,"#
                + #""texts":[null,"a"],"inner_list":[{"note":null,"count":2},{"note":"n","count":null}]}"#)

        let full = Synthesized(
            text: "t", flag: false, double: 1.5, float: 2.5, int: -1, int8: 8, int16: 16, int32: 32, int64: 64,
            int128: 128, uint: 1, uint8: 9, uint16: 17, uint32: 33, uint64: 65, uint128: 129,
            decimal: Decimal(string: "12.50"), instant: Date(millisecondsSince1970: 1_796_000_000_123),
            inner: Inner(note: nil, count: nil), inners: [Inner(note: "x", count: nil)], texts: [], innerList: [])
        let written = String(decoding: try WireJSONEncoder().encode(full), as: UTF8.self)
        #expect(
            written == #"{"text":"t","flag":false,"double":1.5,"float":2.5,"int":-1,"int8":8,"int16":16,"int32":32,"#
                + #""int64":64,"int128":128,"uint":1,"uint8":9,"uint16":17,"uint32":33,"uint64":65,"uint128":129,"#
                + #""decimal":12.5,"instant":"2026-11-30T00:53:20.123Z","inner":{"note":null,"count":null},"#
                + #""inners":[{"note":"x","count":null}],"texts":[],"inner_list":[]}"#)
    }

    /// The members the API leaves out on purpose stay out: a problem without field errors, a user outside `/me`,
    /// the members of another kind of billing schedule.
    @Test func membersLeftOutOnPurposeStayOut() throws {
        let problem = try Self.object(Problem(status: .notFound, code: "not_found", detail: "Nothing here."))
        #expect(Set(problem.keys) == ["type", "title", "status", "detail", "code"])

        let user = User(
            id: User.ID(UUID()), companyID: Company.ID(UUID()), email: EmailAddress(stored: "ana@example.ph"),
            name: "Ana", role: .manager, language: .english, isActive: true, createdAt: Date(), updatedAt: Date(),
            version: 1)
        #expect(
            Set(try Self.object(UserResponse(user)).keys) == ["id", "email", "name", "role", "language", "is_active"])
        var me = UserResponse(user, teamIDs: [])
        me.calendarFeedUrl = "https://example.ph/calendar/x.ics"
        #expect(try Self.object(me)["team_ids"] as? [String] == [])

        let schedule = BillingScheduleWire(
            .oneOff(
                date: try #require(CalendarDate(iso8601: "2026-12-31")),
                amount: Money(minorUnits: 100_000, currency: .php)))
        #expect(Set(try Self.object(schedule).keys) == ["kind", "date", "amount"])
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
