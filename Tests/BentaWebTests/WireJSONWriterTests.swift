import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

/// The API's JSON writer writes straight into its bytes (issue 11) and says byte for byte what the tree writer it
/// replaced said (`TreeJSONEncoder`, kept in the tests only), for every shape a wire type can write: nested objects
/// and arrays, empty ones, nil members written as null or left out, escapes, numbers at their limits, instants,
/// and every standard type the writer knows by itself.
@Suite(.timeLimit(.minutes(20))) struct WireJSONWriterTests {
    /// The streaming writer's text of `value`, which must be the tree writer's.
    static func expectSame<T: Encodable>(
        _ value: T, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> String
    {
        let streamed = String(decoding: try WireJSONEncoder().encodeBytes(value), as: UTF8.self)
        let tree = String(decoding: try TreeJSONEncoder().encodeBytes(value), as: UTF8.self)
        #expect(streamed == tree, "\(name)", sourceLocation: sourceLocation)
        return streamed
    }

    struct Inner: Encodable {
        var note: String?
        var count: Int?
    }

    /// Camel-case, digit and odd member names, optionals at two depths, empty and nested collections.
    struct Shapes: Encodable {
        var plainName = "x"
        var line2Address: String? = nil
        var urlValue = URL(string: "https://example.ph/a/b?c=d&e=%22")!
        var htmlURLText = "a/b"
        var _underscored = 1
        var nested = [[Inner(note: "n", count: 1)], [], [Inner()]]
        var emptyObject: [String: Int] = [:]
        var emptyList: [String] = []
        var dictionary: [String: [String: Int?]] = ["zKey": ["b": nil, "a": 1], "camelKey": [:], "\"q\"": ["\n": 2]]
        var intKeys: [Int: String] = [2: "two", 10: "ten", -1: "minus"]
        var doubleOptional: String?? = .some(nil)
        var optionalList: [Int?] = [nil, 1, nil]
        var inner: Inner? = Inner(note: nil, count: nil)
        var absent: Inner? = nil
    }

    /// Hand-written containers: nested objects and arrays, members after them, super-encoders, a keyed container
    /// asked for twice, a member left out on purpose, a value that writes nothing.
    struct HandWritten: Encodable {
        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: WireCodingKey.self)
            try c.encode("first", forKey: WireCodingKey("firstMember"))
            var object = c.nestedContainer(keyedBy: WireCodingKey.self, forKey: WireCodingKey("nestedObject"))
            try object.encode(1, forKey: WireCodingKey("a"))
            var deeper = object.nestedUnkeyedContainer(forKey: WireCodingKey("deeperList"))
            try deeper.encode(true)
            var row = deeper.nestedContainer(keyedBy: WireCodingKey.self)
            try row.encodeNil(forKey: WireCodingKey("nothing"))
            try row.encode(Int64.min, forKey: WireCodingKey("min"))
            try deeper.encode("after the row")
            try object.encode(2.5, forKey: WireCodingKey("b"))
            var list = c.nestedUnkeyedContainer(forKey: WireCodingKey("list"))
            #expect(list.count == 0)
            try list.encodeNil()
            var inList = list.nestedUnkeyedContainer()
            try inList.encode(Int.max)
            _ = list.nestedUnkeyedContainer()
            _ = list.nestedContainer(keyedBy: WireCodingKey.self)
            var element = list.superEncoder().singleValueContainer()
            try element.encode("super element")
            _ = list.superEncoder()
            #expect(list.count == 6)
            try c.encodeOmittingNil(String?.none, forKey: WireCodingKey("leftOut"))
            try c.encodeOmittingNil("kept", forKey: WireCodingKey("notLeftOut"))
            var member = c.superEncoder(forKey: WireCodingKey("superMember")).container(keyedBy: WireCodingKey.self)
            try member.encode(Inner(note: "in super", count: nil), forKey: WireCodingKey("inner"))
            var base = c.superEncoder().unkeyedContainer()
            try base.encode(Nothing())
            try c.encode(Nothing(), forKey: WireCodingKey("writesNothing"))
            var again = encoder.container(keyedBy: WireCodingKey.self)
            try again.encode("the same object", forKey: WireCodingKey("secondContainer"))
            try c.encode(CalendarDate(year: 2026, month: 2, day: 28)!, forKey: WireCodingKey("day"))
        }
    }

    @Test func everyShapeIsWrittenAsTheTreeWriterWroteIt() throws {
        let shapes = try Self.expectSame(Shapes(), "shapes")
        #expect(shapes.hasPrefix(#"{"plain_name":"x","line2_address":null,"url_value":"#), "\(shapes)")
        #expect(shapes.contains(#""dictionary":{"\"q\"":{"\n":2},"camelKey":{},"zKey":{"a":1,"b":null}}"#))
        #expect(shapes.hasSuffix(#""optional_list":[null,1,null],"inner":{"note":null,"count":null},"absent":null}"#))

        let handWritten = try Self.expectSame(HandWritten(), "hand-written")
        #expect(
            handWritten
                == #"{"first_member":"first","nested_object":{"a":1,"deeper_list":[true,{"nothing":null,"#
                + #""min":-9223372036854775808},"after the row"],"b":2.5},"list":[null,[9223372036854775807],[],{},"#
                + #""super element",{}],"not_left_out":"kept","super_member":{"inner":{"note":"in super","#
                + #""count":null}},"super":[{}],"writes_nothing":{},"second_container":"the same object","#
                + #""day":"2026-02-28"}"#)

        _ = try Self.expectSame(WireJSONEncoderTests.Synthesized(texts: [], innerList: []), "synthesized, empty")
        _ = try Self.expectSame(
            WireJSONEncoderTests.Synthesized(
                text: "t", flag: true, double: -0.0, float: 1e-3, int: Int.min, int8: .min, int16: .min,
                int32: .min, int64: .max, int128: .min, uint: .max, uint8: .max, uint16: .max, uint32: .max,
                uint64: .max, uint128: .max, decimal: Decimal(string: "-123456789012345678901234.5678"),
                instant: Date(millisecondsSince1970: -62_135_596_800_000),
                inner: WireJSONEncoderTests.Inner(note: "", count: 0), inners: [], texts: [nil],
                innerList: [WireJSONEncoderTests.Inner(note: nil, count: nil)]),
            "synthesized, full")
    }

    @Test func stringsAreEscapedAsBefore() throws {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let strings = [
            "", "plain", "\"quoted\" and \\backslashed\\", controls, "\u{7F}", "a/b", "café ñ Ñ", "emoji 🇵🇭👍🏽",
            "\u{2028}\u{2029}", "\u{FEFF}", "tab\tend\r\n", String(repeating: "long ", count: 2_000),
        ]
        let text = try Self.expectSame(strings, "strings")
        #expect(text.contains(#""\u0000\u0001"#) && text.contains(#"\b\t\n\u000b\f\r"#) && text.contains(#"\u001f""#))
        #expect(text.contains(#""\"quoted\" and \\backslashed\\""#) && text.contains(#""emoji 🇵🇭👍🏽""#))
        // Non-ASCII member names, and names the snake_case conversion changes or leaves.
        let names: [String: String] = ["ключ": "v", "a\"b": "q"]
        _ = try Self.expectSame(names, "dictionary names")
        struct Named: Encodable {
            var ünïcode = 1
            var 名前 = "name"
            var ABCDef = 2
            var already_snake = 3
            var trailingX_ = 4
        }
        let named = try Self.expectSame(Named(), "member names")
        #expect(named.contains(#""a_bc_def":2,"already_snake":3"#), "\(named)")
    }

    /// The names the writer converts by itself are the names Foundation's conversion gives, and every name is
    /// written as the tree writer wrote it.
    @Test func memberNamesAreConvertedAsFoundationConvertsThem() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcxyzABCXYZ019_")
        var names = ["", "a", "ownerName", "line2Address", "isVatRegistered", "a_Bc", "aBcDe", "id", "URL", "x_"]
        for _ in 0..<3_000 {
            names.append(
                String(
                    (0..<Int.random(in: 1...10, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
        }
        var simple = 0
        for name in names {
            let writer = WireWriter()
            writer.name(name)
            #expect(writer.bytes == WireKeys.written(name), "\(name)")
            var text = name
            if text.withUTF8(WireWriter.isSimpleName) { simple += 1 }
        }
        #expect(simple > 300 && simple < names.count)
    }

    @Test func numbersAndInstantsAreWrittenAsBefore() throws {
        _ = try Self.expectSame([Int.min, -1, 0, 1, 9, 10, 99, 100, Int.max], "ints")
        _ = try Self.expectSame([Int64.min, Int64.max], "int64s")
        _ = try Self.expectSame([UInt64.max, 0], "uint64s")
        _ = try Self.expectSame([Int8.min, Int8.max], "int8s")
        _ = try Self.expectSame([Int128.min, Int128.max], "int128s")
        _ = try Self.expectSame([UInt8.max], "uint8s")
        _ = try Self.expectSame([0.1, -0.0, 1.5, 1e15, 1e15 - 1, -1e14, 1e20, 123.456, .ulpOfOne], "doubles")
        _ = try Self.expectSame([Float(0.1), 3, -2.5e10], "floats")
        let decimals = ["0", "-0.5", "12.50", "1000000000000.01", "-98765432109876543210.123456789"]
        _ = try Self.expectSame(decimals.map { Decimal(string: $0)! }, "decimals")
        #expect(throws: EncodingError.self) { try WireJSONEncoder().encodeBytes([Double.nan]) }
        #expect(throws: EncodingError.self) { try WireJSONEncoder().encodeBytes(["x": Float.infinity]) }
        let milliseconds: [Int64] = [
            0, -1, 1_796_000_000_123, 951_782_400_000, -11_676_096_000_000, 32_503_680_000_000, -30_000_000_000_000,
        ]
        let dates = milliseconds.map { Date(millisecondsSince1970: $0) }
        let text = try Self.expectSame(dates, "dates")
        #expect(text.hasPrefix(#"["1970-01-01T00:00:00.000Z","1969-12-31T23:59:59.999Z","2026-11-30T00:53:20.123Z""#))
        _ = try Self.expectSame([Date?.none, dates[2]], "optional dates")
        _ = try Self.expectSame([Int?.none, 3], "optional ints")
        _ = try Self.expectSame([Int64?.none, 3], "optional int64s")
        _ = try Self.expectSame([Bool?.none, true, false], "optional bools")
        _ = try Self.expectSame(Int64?.none, "a top-level nil")
        _ = try Self.expectSame("top-level \"text\"", "a top-level string")
    }

    /// The wire types of the API and the values of the core they write, as the API writes them.
    @Test func wireTypesAreWrittenAsBefore() throws {
        let tala = try WireJSONEncoderTests.account(notes: "Line one\nline two\t✓ \\ end")
        let bare = try WireJSONEncoderTests.account(notes: nil)
        let list = ListResponse(
            data: [AccountResponse(tala, ownerName: "Kristine"), AccountResponse(bare, ownerName: nil)],
            nextCursor: "opaque/cursor")
        let text = try Self.expectSame(list, "account list")
        #expect(text.hasPrefix(#"{"data":[{"id":""#) && text.hasSuffix(#"],"next_cursor":"opaque/cursor"}"#))
        _ = try Self.expectSame(
            Problem(
                status: .unprocessableContent, code: "validation_failed", detail: "Check the fields.",
                errors: [FieldError(field: "lines[0].unitPrice", code: "invalid", message: "Not a number: \"x\".")]),
            "problem")
        _ = try Self.expectSame(Problem(status: .notFound, code: "not_found", detail: "Nothing here."), "bare problem")
        var summary = DunningRunSummary()
        summary.stepsTaken[.reminder] = 3
        summary.callsOpened = 2
        _ = try Self.expectSame(
            DunningRunResponse(date: CalendarDate(year: 2026, month: 12, day: 1)!, summary: summary), "dunning run")
        _ = try Self.expectSame(
            BillingScheduleWire(
                .oneOff(
                    date: try #require(CalendarDate(iso8601: "2026-12-31")),
                    amount: Money(minorUnits: 100_050, currency: .php))),
            "billing schedule")
        _ = try Self.expectSame(MoneyResponse(money: Money(minorUnits: -5, currency: .php)), "money")
        _ = try Self.expectSame(tala.fields.phones, "phones")
        _ = try Self.expectSame([tala.fields.tin], "taxpayer ids")
    }

    /// A container written to after a container of its own value moved on cannot be honoured by a writer that
    /// streams: the encoding fails (the API then answers as for any encoding failure) instead of writing broken
    /// JSON.
    @Test func aContainerWrittenAfterItWasClosedFailsTheEncoding() throws {
        struct Late: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: WireCodingKey.self)
                var inner = c.nestedContainer(keyedBy: WireCodingKey.self, forKey: WireCodingKey("inner"))
                try c.encode(1, forKey: WireCodingKey("after"))
                try inner.encode(2, forKey: WireCodingKey("late"))
            }
        }
        #expect(throws: EncodingError.self) { try WireJSONEncoder().encodeBytes(Late()) }
        #expect(throws: EncodingError.self) { try WireJSONEncoder().encodeBytes([Late()]) }
    }
}
