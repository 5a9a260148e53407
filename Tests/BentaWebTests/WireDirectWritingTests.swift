import BentaCore
import BentaStore
import Foundation
import Testing

@testable import BentaWeb

/// The hot list items write their JSON straight into the writer's bytes (issue 11, ``WireWritable``) and say byte
/// for byte what their `Encodable` conformance says through the same writer and through the tree writer the API
/// used before (`TreeJSONEncoder`, every depth through an `Encoder`): every optional nil and every one set,
/// characters that need escaping, empty and long arrays, instants with and without a fraction of a second.
@Suite(.timeLimit(.minutes(20))) struct WireDirectWritingTests {
    /// `value` written through its `Encodable` conformance: the writer meets a type it does not know, whose
    /// `encode(to:)` hands the wire type the writer's `Encoder`.
    struct ThroughEncoder<Value: Encodable>: Encodable {
        let value: Value

        func encode(to encoder: any Encoder) throws {
            try value.encode(to: encoder)
        }
    }

    /// The three texts of `value` (direct, its `Encodable` conformance through the writer, the tree writer), which
    /// must be one.
    @discardableResult
    static func expectOneText<T: Encodable>(
        _ value: T, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let direct = String(decoding: try WireJSONEncoder().encodeBytes(value), as: UTF8.self)
        let encodable = String(decoding: try WireJSONEncoder().encodeBytes(ThroughEncoder(value: value)), as: UTF8.self)
        let tree = String(decoding: try TreeJSONEncoder().encodeBytes(value), as: UTF8.self)
        #expect(direct == encodable, "\(name): direct and Encodable", sourceLocation: sourceLocation)
        #expect(direct == tree, "\(name): direct and the tree writer", sourceLocation: sourceLocation)
        return direct
    }

    // MARK: Fixtures

    static func uuid(_ number: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012ld", number))!
    }

    /// Text with every kind of character the writer escapes or passes through.
    static let awkward =
        "Tala \"Main\" \\ Branch/Annex\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} café 名前 \u{2028} 🇵🇭 👍🏽 𝄞"

    /// Printable text that still needs escaping (a line's description refuses control characters).
    static let printable = "Rice \"premium\" \\ 25 kg/sack — café 名前 🇵🇭 👍🏽 𝄞"

    /// An instant with a fraction of a second, one without, and one between milliseconds.
    static let instants = [
        Date(millisecondsSince1970: 1_796_000_000_123), Date(millisecondsSince1970: 1_796_000_000_000),
        Date(timeIntervalSince1970: 1_796_000_000.123_9),
    ]

    static func phones(_ count: Int) -> [PhoneEntry] {
        (0..<count).map { index in
            PhoneEntry(
                raw: index == 1 ? awkward : "0917 111 \(1000 + index)", e164: "+63917111\(1000 + index)",
                phoneExtension: index % 3 == 2 ? "12" : nil)
        }
    }

    static func account(full: Bool, phones: Int = 2, instant: Int = 0) throws -> Account {
        let fields =
            full
            ? AccountFields(
                name: awkward, registeredName: "Tala Foods Inc.", tin: try TaxpayerID(parsing: "111-222-333"),
                billingAddress: "1 Rizal Ave.\nManila", deliveryAddress: awkward, phones: Self.phones(phones),
                email: EmailAddress(stored: "info@talafoods.ph"), website: "https://talafoods.ph/a/b",
                industry: "Food", ownerID: User.ID(uuid(2)), teamID: Team.ID(uuid(3)), tags: ["vip", "café", awkward],
                notes: "Line one\nline two\t✓ \\ end", country: .PH, isVATRegistered: true, buyerKind: .individual)
            : AccountFields(name: "", phones: Self.phones(phones), ownerID: User.ID(uuid(2)))
        return Account(
            id: Account.ID(uuid(1)), companyID: Company.ID(uuid(9)), fields: fields, status: full ? .archived : .active,
            createdAt: instants[instant], updatedAt: instants[(instant + 1) % instants.count], version: full ? 42 : 1)
    }

    static func contact(full: Bool, phones: Int = 2, instant: Int = 0) -> Contact {
        let fields =
            full
            ? ContactFields(
                accountID: Account.ID(uuid(1)), name: awkward, position: "Purchasing \"head\"",
                phones: Self.phones(phones),
                emails: [EmailAddress(stored: "ana@example.ph"), EmailAddress(stored: "ana.b@example.ph")],
                preferredChannel: .viber, notes: awkward)
            : ContactFields(accountID: Account.ID(uuid(1)), name: "Ana", phones: Self.phones(phones))
        return Contact(
            id: Contact.ID(uuid(4)), companyID: Company.ID(uuid(9)), fields: fields, status: .active,
            createdAt: instants[instant], updatedAt: instants[(instant + 2) % instants.count], version: 7)
    }

    static func day(_ text: String) -> CalendarDate {
        CalendarDate(iso8601: text)!
    }

    static func lines(_ count: Int, currency: Currency) -> [LineItem] {
        (0..<count).map { index in
            let discount: LineDiscount? =
                switch index % 3 {
                case 0: nil
                case 1: .percent(Decimal(string: "12.5")!)
                default: .amount(Money(minorUnits: 1_050, currency: currency))
                }
            let category: TaxCategory = [.vatable, .zeroRated, .exempt][index % 3]
            return LineItem(
                productID: index % 2 == 0 ? Product.ID(uuid(100 + index)) : nil,
                line: DocumentLine(
                    description: index == 1 ? printable : "Rice, 25 kg sack #\(index)",
                    quantity: Decimal(string: index % 2 == 0 ? "3" : "1.125")!, unit: index == 0 ? "" : "sack",
                    unitPrice: Decimal(string: "1250.50")! + Decimal(index), discount: discount, taxCategory: category))
        }
    }

    static func party(full: Bool) -> InvoiceParty {
        full
            ? InvoiceParty(
                name: awkward, address: "1 Rizal Ave.\nManila", tin: "111-222-333-00000", isVATRegistered: true,
                country: "PH", contactName: "Ana \"the buyer\"", email: "ana@example.ph", buyerKind: .business)
            : InvoiceParty(name: "Seller", address: "", tin: nil, isVATRegistered: false, country: "PH")
    }

    /// A draft (nothing issued, no balance, no parties), or an issued invoice with parties, a foreign currency,
    /// adjustments and a balance with instalments; `lines` lines.
    static func invoice(issued: Bool, lines count: Int = 3, kind: InvoiceKind = .invoice) throws -> Invoice {
        let currency: Currency = issued ? .usd : .php
        var adjustments: [DocumentAllowanceCharge] = []
        if issued {
            adjustments = [
                DocumentAllowanceCharge(
                    kind: .allowance, amount: Money(minorUnits: 5_000, currency: currency), reason: printable,
                    percent: Decimal(string: "2.5"), baseAmount: Money(minorUnits: 200_000, currency: currency)),
                DocumentAllowanceCharge(
                    kind: .charge, amount: Money(minorUnits: 2_500, currency: currency), taxCategory: .zeroRated),
            ]
        }
        var invoice = Invoice(
            id: Invoice.ID(uuid(20)), companyID: Company.ID(uuid(9)), kind: kind, branch: issued ? "MKT-2" : "",
            accountID: Account.ID(uuid(1)), ownerID: User.ID(uuid(2)),
            fields: InvoiceFields(
                contactID: issued ? Contact.ID(uuid(4)) : nil, currency: currency, pricesIncludeTax: issued,
                paymentTerms: issued
                    ? .instalments([
                        .init(days: 30, percent: Decimal(50)), .init(days: 60, percent: Decimal(50)),
                    ]) : .net(days: 30),
                lines: Self.lines(count, currency: currency), adjustments: adjustments,
                exchangeRate: issued ? Decimal(string: "56.125") : nil,
                exchangeRateDate: issued ? day("2026-11-30") : nil, notes: issued ? awkward : nil,
                reason: kind == .creditNote ? "Returned \"goods\"" : nil),
            createdAt: instants[0], updatedAt: instants[1], version: issued ? 3 : 1)
        guard issued else { return invoice }
        invoice.status = .issued
        invoice.number = "INV-000042"
        invoice.sequence = 42
        invoice.paymentReference = "RF18INV000042"
        invoice.issueDate = day("2026-11-30")
        invoice.dueDate = day("2027-01-29")
        invoice.seller = party(full: false)
        invoice.buyer = party(full: true)
        invoice.correctsInvoiceID = kind == .creditNote ? Invoice.ID(uuid(21)) : nil
        invoice.dealID = Deal.ID(uuid(22))
        invoice.contractID = "CTR-7/2026"
        invoice.createdBy = User.ID(uuid(2))
        invoice.issuedAt = instants[2]
        invoice.issued = try IssuedFigures.freezing(
            invoice, settings: InvoiceSettings(profile: .none), baseCurrency: .php)
        return invoice
    }

    static func balance(of invoice: Invoice) throws -> InvoiceBalance {
        let total = try invoice.totals().totalWithTax
        let currency = total.currency
        let half = Money(minorUnits: total.minorUnits / 2, currency: currency)
        return try InvoiceBalance(
            total: total, credited: Money(minorUnits: 1_000, currency: currency), paid: half,
            withheld: Money(minorUnits: 500, currency: currency), certificatePending: true,
            instalments: [
                InvoiceInstalment(sequence: 1, dueDate: day("2026-12-30"), amount: half),
                InvoiceInstalment(
                    sequence: 2, dueDate: day("2027-01-29"),
                    amount: try total.subtracting(half)),
            ])
    }

    /// Every shape of invoice answer: draft and issued, invoice and credit note, no lines and many, with and
    /// without a balance, instalments and withheld actions.
    static func invoiceResponses() throws -> [(String, InvoiceResponse)] {
        let today = day("2027-01-15")
        let draft = try invoice(issued: false)
        let empty = try invoice(issued: false, lines: 0)
        let issued = try invoice(issued: true)
        let long = try invoice(issued: true, lines: 25)
        let credit = try invoice(issued: true, lines: 1, kind: .creditNote)
        return [
            ("draft", InvoiceResponse(invoice: draft, balance: nil, today: today)),
            ("no lines", InvoiceResponse(invoice: empty, balance: nil, today: today, withInstalments: true)),
            ("issued", InvoiceResponse(invoice: issued, balance: try balance(of: issued), today: today)),
            (
                "issued, one document",
                InvoiceResponse(
                    invoice: issued, balance: try balance(of: issued), today: today, withInstalments: true,
                    withheld: [.credit]
                )
            ),
            ("issued, no balance", InvoiceResponse(invoice: issued, balance: nil, today: today)),
            ("25 lines", InvoiceResponse(invoice: long, balance: try balance(of: long), today: today)),
            ("credit note", InvoiceResponse(invoice: credit, balance: nil, today: today, withInstalments: true)),
        ]
    }

    // MARK: Byte for byte

    @Test func accountsAreWrittenAsTheirEncodableConformanceWritesThem() throws {
        var accounts: [AccountResponse] = []
        for (full, phones, instant) in [(false, 0, 1), (true, 1, 0), (true, 12, 2), (false, 3, 0)] {
            let account = try Self.account(full: full, phones: phones, instant: instant)
            for ownerName: String? in [nil, Self.awkward] {
                let response = AccountResponse(account, ownerName: ownerName)
                try Self.expectOneText(response, "account full: \(full), \(phones) phones")
                accounts.append(response)
            }
        }
        let bare = try Self.expectOneText(accounts[0], "bare account")
        #expect(bare.contains(#""registered_name":null,"tin":null,"#) && bare.contains(#""phones":[],"#))
        #expect(bare.contains(#""tags":[],"#) && bare.contains(#""created_at":"2026-11-30T00:53:20.000Z""#))
        let full = try Self.expectOneText(accounts[3], "full account")
        #expect(full.contains(#"Tala \"Main\" \\ Branch/Annex\u0000\u0001\b\t\n\f\r\u001f"#), "\(full)")
        #expect(full.contains("🇵🇭 👍🏽 𝄞") && full.contains(#""owner_name":"Tala"#))
        try Self.expectOneText(ListResponse(data: accounts, nextCursor: "opaque/cursor"), "account list")
        try Self.expectOneText(ListResponse(data: [AccountResponse](), nextCursor: nil), "empty account list")
        try Self.expectOneText(Self.phones(5).map(PhoneOutput.init), "phones")
    }

    @Test func contactsAreWrittenAsTheirEncodableConformanceWritesThem() throws {
        var contacts: [ContactResponse] = []
        for (full, phones, instant) in [(false, 0, 1), (true, 1, 0), (true, 12, 2)] {
            for accountName: String? in [nil, Self.awkward] {
                let response = ContactResponse(
                    Self.contact(full: full, phones: phones, instant: instant), accountName: accountName)
                try Self.expectOneText(response, "contact full: \(full), \(phones) phones")
                contacts.append(response)
            }
        }
        let bare = try Self.expectOneText(contacts[0], "bare contact")
        #expect(bare.contains(#""account_name":null,"#) && bare.contains(#""emails":[],"preferred_channel":null"#))
        try Self.expectOneText(ListResponse(data: contacts, nextCursor: nil), "contact list")
    }

    @Test func invoicesAreWrittenAsTheirEncodableConformanceWritesThem() throws {
        let responses = try Self.invoiceResponses()
        for (name, response) in responses {
            try Self.expectOneText(response, name)
        }
        let issued = try Self.expectOneText(responses[3].1, "issued, one document")
        #expect(issued.contains(#""balance":{"credited":"10.00","open":"#) && issued.contains(#""instalments":[{"#))
        let draft = try Self.expectOneText(responses[0].1, "draft")
        #expect(draft.contains(#""balance":null,"#) && !draft.contains(#""instalments""#))
        #expect(draft.contains(#""adjustments":[],"#) && draft.contains(#""seller":null,"buyer":null,"#))
        try Self.expectOneText(ListResponse(data: responses.map(\.1), nextCursor: "next"), "invoice list")

        // The nested types on their own, as the deals and quotes write them too.
        let invoice = try Self.invoice(issued: true)
        let totals = try invoice.totals()
        try Self.expectOneText(
            invoice.fields.lines.map { LineResponse(item: $0, currency: invoice.fields.currency) }, "computed lines")
        try Self.expectOneText(TotalsResponse(totals: totals), "totals")
        try Self.expectOneText(
            zip(invoice.fields.adjustments, totals.allowanceChargeNets).map { AdjustmentResponse(item: $0, net: $1) },
            "adjustments")
        try Self.expectOneText([Self.party(full: true), Self.party(full: false)].map(InvoicePartyWire.init), "parties")
        let balance = try Self.balance(of: invoice)
        try Self.expectOneText(
            zip(balance.instalments, balance.instalmentOpenParts).map { InstalmentWire(instalment: $0, open: $1) },
            "instalments")
    }

    /// Says which path wrote it: its members straight into the bytes, or its `encode(to:)` (here not the one
    /// `WireWritable` gives, so the two differ).
    struct PathMarker: WireWritable {
        func writeMembers(to object: inout WireObject) throws {
            try object.string("path", "direct")
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WireCodingKey.self)
            try container.encode("encoder", forKey: WireCodingKey("path"))
        }
    }

    /// Holds markers the way a wire type that does not write itself holds members.
    struct Holder: Encodable {
        var marker = PathMarker()
        var markers = [PathMarker(), PathMarker()]
        var optional: PathMarker? = PathMarker()
    }

    /// The writer takes the direct path wherever a wire type that writes itself stands: at the top, in an array
    /// (asked once per array), in an optional, in a list, and as a member or element of a type that does not
    /// write itself; only an encoder that is not the writer's, or a value handed to the writer's `Encoder`, goes
    /// through `encode(to:)`.
    @Test func theWriterTakesTheDirectPathWhereverAWireTypeStands() throws {
        let direct = #"{"path":"direct"}"#
        let text = { (value: any Encodable) throws -> String in
            String(decoding: try WireJSONEncoder().encodeBytes(value), as: UTF8.self)
        }
        #expect(try text(PathMarker()) == direct)
        #expect(try text([PathMarker(), PathMarker()]) == "[\(direct),\(direct)]")
        #expect(try text([PathMarker]()) == "[]")
        #expect(try text(PathMarker?.some(PathMarker())) == direct)
        #expect(
            try text(ListResponse(data: [PathMarker()], nextCursor: nil)) == #"{"data":["# + direct
                + #"],"next_cursor":null}"#)
        #expect(
            try text(Holder())
                == #"{"marker":"# + direct + #","markers":["# + direct + "," + direct + #"],"optional":"# + direct + "}"
        )
        #expect(try text(ThroughEncoder(value: PathMarker())) == #"{"path":"encoder"}"#)
        let foundation = String(decoding: try JSONEncoder().encode(PathMarker()), as: UTF8.self)
        #expect(foundation == #"{"path":"encoder"}"#)
    }
}
