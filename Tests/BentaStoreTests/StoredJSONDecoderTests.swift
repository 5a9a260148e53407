import BentaCore
import Foundation
import Testing

@testable import BentaStore

/// ``StoredJSONDecoder`` gives what `JSONDecoder()` gives for what the stores write, and declines (so that
/// `JSONDecoder` answers) whatever it cannot vouch for: `StoredJSON.decode` and `JSONDecoder` never disagree.
@Suite(.timeLimit(.minutes(20))) struct StoredJSONDecoderTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    static func invoice(
        _ lines: [DocumentLine], currency: Currency = .php, kind: InvoiceKind = .invoice, inclusive: Bool = false,
        adjustments: [DocumentAllowanceCharge] = [], fixedTaxAmounts: [FixedTaxAmount] = []
    ) -> Invoice {
        Invoice(
            id: Invoice.ID(string: "01945c30-0000-7000-8000-000000000001")!,
            companyID: Company.ID(string: "01945c30-0000-7000-8000-000000000002")!, kind: kind,
            accountID: Account.ID(string: "01945c30-0000-7000-8000-000000000003")!,
            ownerID: User.ID(string: "01945c30-0000-7000-8000-000000000004")!,
            fields: InvoiceFields(
                currency: currency, pricesIncludeTax: inclusive, lines: lines.map { LineItem(line: $0) },
                adjustments: adjustments, fixedTaxAmounts: fixedTaxAmounts),
            createdAt: now, updatedAt: now, version: 1)
    }

    /// Issued figures as issuing freezes them: VAT, zero-rated and exempt lines, discounts, allowances and
    /// charges, VAT-inclusive prices, foreign currencies, a credit note with a stated VAT.
    static func issuedFigures() throws -> [IssuedFigures] {
        let settings = InvoiceSettings(
            title: "Sales Invoice", acknowledgementNumber: "AC_116_122023_000482",
            acknowledgementDate: CalendarDate(year: 2024, month: 10, day: 24))
        let vat = DocumentLine(description: "Toner", quantity: 3, unitPrice: Decimal(string: "1234.56")!)
        let discounted = DocumentLine(
            description: "Chair \"ergo\" ñ", quantity: Decimal(string: "2.5")!, unitPrice: 999,
            discount: .percent(Decimal(string: "12.5")!))
        let zeroRated = DocumentLine(
            description: "Export", quantity: 1, unitPrice: 14250, taxCategory: .zeroRated)
        let exempt = DocumentLine(description: "Books", quantity: 10, unitPrice: 150, taxCategory: .exempt)
        let invoices = [
            invoice([vat]),
            invoice([vat, discounted, zeroRated, exempt]),
            invoice(
                [vat, discounted], inclusive: true,
                adjustments: [
                    .allowance(Money(minorUnits: 10_000, currency: .php), reason: "Loyalty / 10%"),
                    .charge(Money(minorUnits: 2_550, currency: .php), reason: "Delivery"),
                ]),
            invoice([vat, exempt], currency: .usd),
            invoice([DocumentLine(description: "Service", quantity: 7, unitPrice: 12345)], currency: .jpy),
            invoice(
                [vat], kind: .creditNote,
                fixedTaxAmounts: [
                    FixedTaxAmount(
                        taxCategory: .vatable, ratePercent: 12, taxAmount: Money(minorUnits: 44_444, currency: .php))
                ]),
        ]
        return try invoices.map {
            try IssuedFigures.freezing($0, settings: settings, baseCurrency: .php)
        }
    }

    static let parties = [
        InvoiceParty(
            name: "Bituin Office Solutions Inc.", address: "18F Ayala Tower One, 6767 Ayala Avenue, Makati City",
            tin: "009-123-456-00000", isVATRegistered: true, country: "PH"),
        InvoiceParty(
            name: "Triple J Water \"Refilling\" Station — Cebu 🇵🇭", address: "1303 J.P. Laurel Ave.\nCebu City",
            tin: nil, isVATRegistered: false, country: "PH", contactName: "Ma. Cristina Dela Cruz",
            email: "sales@triplej.com.ph", buyerKind: .business),
    ]

    /// Decodes `text` both ways; the stored JSON reader must answer (not decline) and agree, down to the text
    /// its value encodes to (a `Decimal`'s digits included) unless `sameText` is false (a `Set` encodes in an
    /// order of its own). The value read is returned.
    @discardableResult
    static func expectRead<T: Codable>(
        _ type: T.Type, _ text: String, sameText: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let expected = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        let read = try #require(StoredJSONDecoder.decode(T.self, from: text), sourceLocation: sourceLocation)
        if sameText {
            #expect(try jsonText(read) == jsonText(expected), sourceLocation: sourceLocation)
            #expect(
                try jsonText(StoredJSON.decode(T.self, from: text)) == jsonText(expected),
                sourceLocation: sourceLocation)
        }
        return read
    }

    static func expectRead<T: Codable & Equatable>(
        _ type: T.Type, _ text: String, sameText: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        let read: T = try expectRead(type, text, sameText: sameText, sourceLocation: sourceLocation)
        #expect(read == expected, sourceLocation: sourceLocation)
        #expect(try StoredJSON.decode(T.self, from: text) == expected, sourceLocation: sourceLocation)
    }

    /// Encodes `value` as the stores do and reads it back both ways.
    static func expectRoundTrip<T: Codable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try jsonText(value)
        let read: T = try expectRead(T.self, text, sourceLocation: sourceLocation)
        #expect(try jsonText(read) == text, sourceLocation: sourceLocation)
    }

    static func expectRoundTrip<T: Codable & Equatable>(
        _ value: T, sameText: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try jsonText(value)
        try expectRead(T.self, text, sameText: sameText, sourceLocation: sourceLocation)
        #expect(StoredJSONDecoder.decode(T.self, from: text) == value, sourceLocation: sourceLocation)
    }

    @Test func issuedFiguresReadAsJSONDecoderReadsThem() throws {
        let figures = try Self.issuedFigures()
        #expect(figures.count == 6)
        for figure in figures {
            try Self.expectRoundTrip(figure)
        }
        try Self.expectRoundTrip(figures)
    }

    @Test func theProfilingSampleReadsAsJSONDecoderReadsIt() throws {
        let sample = """
            {"acknowledgementDate":"2024-10-24","acknowledgementNumber":"AC_116_122023_000482","baseCurrency":"PHP",\
            "title":"Sales Invoice","totals":{"allowanceChargeNets":[],"allowanceTotal":{"currency":"PHP",\
            "minorUnits":0},"breakdown":[{"ratePercent":0,"taxAmount":{"currency":"PHP","minorUnits":0},\
            "taxCategory":"zero_rated","taxableBase":{"currency":"PHP","minorUnits":1425000}}],"chargeTotal":\
            {"currency":"PHP","minorUnits":0},"currency":"PHP","exemptSales":{"currency":"PHP","minorUnits":0},\
            "lineAmounts":[{"currency":"PHP","minorUnits":1425000}],"lineNets":[{"currency":"PHP",\
            "minorUnits":1425000}],"pricesIncludeTax":false,"sumOfLineNets":{"currency":"PHP","minorUnits":1425000},\
            "totalTax":{"currency":"PHP","minorUnits":0},"totalWithTax":{"currency":"PHP","minorUnits":1425000},\
            "totalWithoutTax":{"currency":"PHP","minorUnits":1425000},"vatAmount":{"currency":"PHP","minorUnits":0},\
            "vatableSales":{"currency":"PHP","minorUnits":0},"zeroRatedSales":{"currency":"PHP","minorUnits":1425000}}}
            """
        try Self.expectRead(IssuedFigures.self, sample)
    }

    /// Each type the stores read from a `*_json` column, as they write it.
    @Test func storedTypesReadAsJSONDecoderReadsThem() throws {
        for party in Self.parties { try Self.expectRoundTrip(party) }
        try Self.expectRoundTrip(DutySettings.standard, sameText: false)
        for preset in WithholdingProfile.presets { try Self.expectRoundTrip(preset.profile.rates) }
        try Self.expectRoundTrip(["vip", "ñ \"quoted\"", "a/b", "tab\there", "😀", ""])
        try Self.expectRoundTrip([
            PhoneEntry(raw: "+63 2 8211 4007", e164: "+63282114007"),
            PhoneEntry(raw: "(02) 8123 \"main\"", e164: "+63281234567", phoneExtension: "12"),
        ])
        try Self.expectRoundTrip([
            DocumentAllowanceCharge.allowance(Money(minorUnits: 10_000, currency: .php), reason: "Loyalty"),
            DocumentAllowanceCharge(
                kind: .allowance, amount: Money(minorUnits: 500, currency: .usd), taxCategory: .exempt,
                percent: Decimal(string: "2.5"), baseAmount: Money(minorUnits: 20_000, currency: .usd)),
            .charge(Money(minorUnits: 2_550, currency: .php), taxCategory: .zeroRated),
        ])
        try Self.expectRoundTrip([
            FixedTaxAmount(taxCategory: .vatable, ratePercent: 12, taxAmount: Money(minorUnits: 1, currency: .php))
        ])
        try Self.expectRoundTrip(DunningPolicy.standard)
        try Self.expectRoundTrip(
            CommissionPlan.overPlan(
                ratePercent: Decimal(string: "3.75")!, baseSalary: Money(minorUnits: 2_500_000, currency: .php)))
        try Self.expectRoundTrip(
            LeadFormStore.StoredFields(fields: LeadForm.Field.allCases, required: [.personName, .email]))
        let day = try #require(CalendarDate(year: 2026, month: 1, day: 31))
        let amount = Money(minorUnits: 1_500_000, currency: .php)
        try Self.expectRoundTrip(BillingSchedule.oneOff(date: day, amount: amount))
        try Self.expectRoundTrip(BillingSchedule.recurring(period: .quarterly, from: day, to: day, amount: amount))
        try Self.expectRoundTrip(
            BillingSchedule.milestones([
                .init(name: "Kick-off", date: day, amount: amount), .init(name: "Go-live", date: day, amount: amount),
            ]))
        try Self.expectRoundTrip(
            ContractParties(
                sellerName: "Bituin", sellerAddress: "Makati", sellerTIN: "009-123-456-00000", buyerName: "Tala",
                buyerAddress: "Cebu", buyerTIN: nil, signatoryName: "Juan Dela Cruz"))
        // Written by `SystemTextColumn`'s own encoder, which escapes slashes.
        let systemText = SystemText("task.overdue", ["invoice": "SI-2026/000123", "amount": "₱1,500.00"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let systemTextJSON = String(decoding: try encoder.encode(systemText), as: UTF8.self)
        #expect(systemTextJSON.contains(#"\/"#))
        try Self.expectRead(SystemText.self, systemTextJSON)
        // Enums with associated values decode through nested containers and `allKeys`.
        try Self.expectRoundTrip([
            DocumentLine(description: "a", quantity: 1, unitPrice: 10, discount: .percent(5)),
            DocumentLine(
                description: "b", quantity: 2, unitPrice: 10, discount: .amount(Money(minorUnits: 100, currency: .php))),
        ])
        try Self.expectRoundTrip(["b": 2, "a": 1, "ñ": 3])
        try Self.expectRoundTrip([7: "seven", -1: "minus one"])
        try Self.expectRoundTrip([Date(timeIntervalSinceReferenceDate: 781_234_567.125), Self.now])
    }

    struct Sample: Codable, Equatable {
        var text: String
        var count: Int64
        var note: String?
        var flag: Bool?
        var rate: Decimal?
        var nested: [[Sample]]?
        var small: Int8?
    }

    /// Hand-written texts: escapes, unicode, whitespace, nesting, nulls and missing members, integer extremes.
    @Test(arguments: [
        #"{"text":"a\"b\\c\/d\b\f\n\r\t","count":1}"#,
        #"{"text":"\u00f1\u65e5\ud83d\ude00\u0000\u001F","count":2}"#,
        #"{"text":"ñ 日本 😀 e\u0301","count":3}"#,
        " \n\t{ \"text\" : \"spaced\" ,\r\n \"count\" : -4 } \n",
        #"{"text":"","count":9223372036854775807,"note":null,"flag":false}"#,
        #"{"text":"x","count":-9223372036854775808,"flag":true,"small":-128}"#,
        #"{"count":5,"text":"unsorted","note":"n"}"#,
        #"{"text":"t","count":0,"nested":[[{"text":"a","count":1},{"text":"b","count":2,"nested":[]}],[]]}"#,
        #"{"text":"t","count":-0,"rate":12.50,"small":127}"#,
        #"{"text":"t","count":1,"rate":-0.000125}"#,
        #"{"text":"t","count":1,"rate":1E+2}"#,
        #"{"te\u0078t":"escaped name","count":1}"#,
        #"{"text":"t","count":1,"extra":{"deep":[1,2,{"a":null}]}}"#,
    ])
    func handWrittenTextsReadAsJSONDecoderReadsThem(text: String) throws {
        try Self.expectRead(Sample.self, text)
    }

    /// What `JSONDecoder` refuses, `StoredJSON.decode` refuses too; what it reads in ways of its own ("1.0" as an
    /// integer, the first of two equal names), the stored JSON reader leaves to it.
    @Test(arguments: [
        "", " ", "{", "}", "[]", "null", "{\"text\":\"t\",\"count\":1", "{\"text\":\"t\",\"count\":1}x",
        "{\"text\":\"t\",\"count\":1},", "{\"text\":\"t\",\"count\":01}", "{\"text\":\"t\",\"count\":1.}",
        "{\"text\":\"t\",\"count\":-}", "{\"text\":\"t\",\"count\":+1}", "{\"text\":\"t\",\"count\":1,}",
        "{\"text\":'t',\"count\":1}", "{\"text\":\"a\nb\",\"count\":1}", "{\"text\":\"\\x\",\"count\":1}",
        "{\"text\":\"\\ud83d\",\"count\":1}", "{\"text\":\"\\ude00\",\"count\":1}", "{\"text\":\"\\u12\",\"count\":1}",
        "{\"text\":\"t\",\"count\":9223372036854775808}", "{\"text\":\"t\",\"count\":-9223372036854775809}",
        "{\"text\":\"t\",\"count\":1,\"small\":128}", "{\"text\":\"t\",\"count\":1,\"small\":-129}",
        "{\"text\":\"t\",\"count\":\"1\"}", "{\"text\":1,\"count\":1}", "{\"text\":\"t\",\"count\":true}",
        "{\"text\":\"t\",\"count\":null}", "{\"text\":\"t\"}", "{\"text\":\"t\",\"count\":1,\"flag\":1}",
        "{\"text\":\"t\",\"count\":1,\"rate\":\"12\"}", "{\"text\":\"t\",\"count\":1,\"nested\":{}}",
        "{\"text\":\"t\",\"count\":1.0}", "{\"text\":\"t\",\"count\":1e2}", "{\"text\":\"t\",\"count\":1,\"count\":2}",
        "{\"text\":\"t\",\"count\":1,\"rate\":1e400}",
        "{\"text\":\"t\",\"count\":1,\"rate\":123456789012345678901234567890123456789012}",
        "{\"text\":\"t\",\"count\":1,\"rate\":9.9e99}", "{\"text\":\"t\",\"count\":1,\"rate\":-1e-99}",
        "{\"text\":\"t\",\"count\":1,\"rate\":0.00000000000000000000000000000000000001e-99}",
        "{\"text\":\"t\",\"count\":1,\"rate\":99999999999999999999999999999999999999e99}",
        "\u{FEFF}{\"text\":\"t\",\"count\":1}", "{\"text\":\"t\",\"count\":1,\"nested\":[[null]]}",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func theTwoNeverDisagree(text: String) {
        let expected = Result { try JSONDecoder().decode(Sample.self, from: Data(text.utf8)) }
        let routed = Result { try StoredJSON.decode(Sample.self, from: text) }
        switch (expected, routed) {
        case (.success(let left), .success(let right)): #expect(left == right)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder: \(expected), StoredJSON.decode: \(routed)")
        }
        if case .failure = expected { #expect(StoredJSONDecoder.decode(Sample.self, from: text) == nil) }
    }

    /// Reads an integer leniently: what it cannot read as one is -1.
    struct Lenient: Decodable, Equatable {
        var number: Int

        enum CodingKeys: CodingKey {
            case number
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = (try? container.decode(Int.self, forKey: .number)) ?? -1
        }
    }

    /// A type that catches an error and carries on gets `JSONDecoder`'s answer: "1.0" is 1 there, not -1.
    @Test(arguments: [(#"{"number":1.0}"#, 1), (#"{"number":"x"}"#, -1), (#"{"number":7}"#, 7)])
    func aCaughtErrorLeavesTheAnswerToJSONDecoder(text: String, number: Int) throws {
        #expect(try JSONDecoder().decode(Lenient.self, from: Data(text.utf8)).number == number)
        #expect(try StoredJSON.decode(Lenient.self, from: text).number == number)
        #expect((StoredJSONDecoder.decode(Lenient.self, from: text) == nil) == (number != 7))
    }

    /// Records the coding path it is decoded at and its container's.
    struct Leaf: Decodable, Equatable {
        var paths: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: StoredJSONKey.self)
            paths = [Self.text(decoder.codingPath), Self.text(container.codingPath)]
        }

        static func text(_ path: [any CodingKey]) -> String {
            path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
        }
    }

    struct Outer: Decodable, Equatable {
        struct Branch: Decodable, Equatable { var b: [Item] }
        struct Item: Decodable, Equatable {
            var c: Leaf?
            var d: Inner?
        }
        struct Inner: Decodable, Equatable { var e: Leaf }
        var a: Branch
        var f: Leaf
    }

    /// Coding paths name the same members and indices as `JSONDecoder`'s.
    @Test func codingPathsNameTheMembersAndIndices() throws {
        let text = #"{"a":{"b":[{"c":{}},{"d":{"e":{}}}]},"f":{}}"#
        let expected = try JSONDecoder().decode(Outer.self, from: Data(text.utf8))
        #expect(expected.a.b[1].d?.e.paths == ["a.b.[1].d.e", "a.b.[1].d.e"])
        #expect(StoredJSONDecoder.decode(Outer.self, from: text) == expected)
    }

    /// Top-level values of other shapes, and the numbers a `Double` and a `Decimal` take.
    @Test func scalarsAndNumbersReadAsJSONDecoderReadsThem() throws {
        try Self.expectRead(String.self, #"" top \u00e9 ""#)
        try Self.expectRead(Int64.self, "-9223372036854775808")
        try Self.expectRead(UInt64.self, "18446744073709551615")
        try Self.expectRead([Bool?].self, "[true,null,false]")
        try Self.expectRead([String: [Int]].self, #"{"a":[1,2],"b":[]}"#)
        for number in [
            "0", "-0.0", "0.1", "1e-7", "12.5", "-7.125", "1.7976931348623157e308", "5e-324", "123456789.987",
        ] {
            try Self.expectRead(Double.self, number)
        }
        for number in ["0", "12", "12.00", "12.50", "0.000", "1e2", "1E-2", "-7.125", "99999999999999999999999999999"] {
            try Self.expectRead(Decimal.self, number)
        }
        // Out of range for the asked type: both refuse.
        for (text, type) in [("1e400", Double.self), ("1e-400", Double.self)] as [(String, Double.Type)] {
            #expect(throws: (any Error).self) { try StoredJSON.decode(type, from: text) }
            #expect(StoredJSONDecoder.decode(type, from: text) == nil)
        }
        #expect(throws: (any Error).self) { try StoredJSON.decode(UInt8.self, from: "256") }
        #expect(throws: (any Error).self) { try StoredJSON.decode(UInt.self, from: "-1") }
    }
}
