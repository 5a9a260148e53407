import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct OFXReaderTests {
    static func fixture(_ name: String) throws -> BankFile {
        try OFXReader.read(Data(contentsOf: TestFiles.fixture("bank/ofx/\(name)")))
    }

    static func fixtureError(_ name: String) throws -> BankFileError? {
        let data = try Data(contentsOf: TestFiles.fixture("bank/ofx/\(name)"))
        do {
            _ = try OFXReader.read(data)
            return nil
        } catch {
            return error
        }
    }

    static func php(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .php) }

    static func day(_ year: Int, _ month: Int, _ day: Int) throws -> CalendarDate {
        try #require(CalendarDate(year: year, month: month, day: day))
    }

    // MARK: - Own fixtures (Fixtures/bank/ofx)

    @Test func sgmlBankStatementReadsEveryPart() throws {
        let file = try Self.fixture("ph-bank-1x.ofx")
        #expect(file.format == .ofx1)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(statement.currency == .php)
        #expect(
            statement.account
                == BankAccountReference(number: "010530667/001234567890", bankIdentifier: "010530667"))
        #expect(statement.identifier == "001234567890 2026-03-01..2026-03-05")
        #expect(statement.fromDate == (try Self.day(2026, 3, 1)))
        // The local date written, not the UTC one.
        #expect(statement.toDate == (try Self.day(2026, 3, 5)))
        // 09:30 at +8 is 01:30 UTC.
        #expect(statement.createdAt == Date(timeIntervalSince1970: 1_772_760_600))
        #expect(
            statement.balances == [
                BankBalance(kind: .closing, amount: Self.php(35_624_950), date: try Self.day(2026, 3, 5)),
                BankBalance(kind: .available, amount: Self.php(35_000_000), date: try Self.day(2026, 3, 5)),
            ])
        #expect(statement.lines.map(\.amount) == [Self.php(11_200_000), Self.php(-560_000), Self.php(-15_050)])

        let payment = statement.lines[0]
        #expect(payment.bookingDate == (try Self.day(2026, 3, 2)))
        #expect(payment.valueDate == (try Self.day(2026, 3, 1)))
        #expect(payment.bankReference == "PH26030200001")
        #expect(payment.counterpartyName == "TALA FOODS TRADING CORP")
        #expect(payment.remittance == "Bayad para sa INV-2026-000123 TALA-0302-01")
        #expect(payment.transactionCode == "CREDIT")
        #expect(payment.isBooked)
        #expect(payment.position == "statement 1, transaction 1")

        // Entities decode in SGML text too.
        #expect(statement.lines[1].counterpartyName == "MERALCO & CO")
        #expect(statement.lines[1].remittance == "Kuryente <Pebrero>")
        // NAME inside PAYEE is the counterparty.
        #expect(statement.lines[2].counterpartyName == "BANKO NG PILIPINAS")
        #expect(statement.lines[2].transactionCode == "SRVCHG")
    }

    @Test func xmlFileWithBankAndCreditCardAccountsGivesTwoStatements() throws {
        let file = try Self.fixture("ph-accounts-2x.ofx")
        #expect(file.format == .ofx2)
        #expect(file.warnings.isEmpty)
        #expect(file.statements.map(\.account.key) == ["010530667/001234567890", "4111222233334444"])
        #expect(file.statements.map(\.lines.count) == [1, 2])

        let payment = try #require(file.statements.first?.lines.first)
        #expect(payment.amount == Self.php(5_600_000))
        // CDATA is taken literally; character references decode in ordinary text.
        #expect(payment.counterpartyName == "PE&#209;AFRANCIA <BAKESHOP> INC")
        #expect(payment.remittance == "Peñafrancia: INV-2026-000123 & INV-2026-000124")
        #expect(file.statements.first?.balances.first?.kind == .closing)

        let card = try #require(file.statements.last)
        #expect(card.account.bankIdentifier == nil)
        #expect(card.lines.first?.amount == Self.php(-249_975))
        #expect(card.lines.first?.bookingDate == (try Self.day(2026, 3, 4)))
        #expect(card.lines.first?.remittance == "KAPIHAN SA CEBU")
        #expect(card.balances.first?.amount == Self.php(-249_975))
        // A transaction with its own CURRENCY is in that currency.
        #expect(card.lines.last?.amount == Money(minorUnits: -1250, currency: .usd))
    }

    @Test func unreadableTransactionsAreSkippedWithWarnings() throws {
        let file = try Self.fixture("ph-skipped-lines.ofx")
        let statement = try #require(file.statements.first)
        // Only the comma-decimal line is left: 1500,75 is 1500.75.
        #expect(statement.lines.map(\.amount) == [Self.php(150_075)])
        #expect(statement.lines.first?.bankReference == "COMMA-3")
        #expect(statement.lines.first?.position == "statement 1, transaction 3")
        #expect(statement.balances.isEmpty)
        #expect(file.warnings.map(\.code) == [.skipped, .skipped, .skipped])
        #expect(
            file.warnings.map(\.position) == [
                "statement 1, transaction 1", "statement 1, transaction 2", "statement 1",
            ])
        #expect(file.warnings[0].message.contains("DTPOSTED"))
        #expect(file.warnings[1].message.contains("$120"))
        #expect(file.warnings[2].message.contains("LEDGERBAL"))
    }

    @Test func doctypeWithExternalEntityIsRefused() throws {
        let error = try #require(try Self.fixtureError("doctype-entity.ofx"))
        #expect(error.code == .forbidden)
        #expect(error.message.contains("DOCTYPE"))
    }

    @Test func entityDeclarationInSGMLIsRefused() throws {
        let error = try #require(try Self.fixtureError("entity-only.ofx"))
        #expect(error.code == .forbidden)
    }

    @Test func investmentStatementIsUnsupported() throws {
        let error = try #require(try Self.fixtureError("investment-only.ofx"))
        #expect(error.code == .unsupported)
        #expect(error.message.contains("investment"))
    }

    @Test func serverErrorOnlyIsUnsupportedWithTheServersMessage() throws {
        let error = try #require(try Self.fixtureError("server-error.ofx"))
        #expect(error.code == .unsupported)
        #expect(error.message.contains("15500 Mali ang user ID o password"))
    }

    @Test(arguments: [
        ("20260301", "2026-03-01"), ("20260301235959", "2026-03-01"), ("20260301235959.123", "2026-03-01"),
        ("20260301235959.123[-5:EST]", "2026-03-01"), ("20260302003000[+8:PHT]", "2026-03-02"),
    ])
    func ofxDatesAreTheLocalDateWritten(text: String, expected: String) {
        #expect(OFXReader.date(text) == CalendarDate(iso8601: expected))
    }

    @Test func serverTimesHonourTheirZoneOffset() {
        // 2026-03-01 00:00 at -5 is 05:00 UTC; no zone means GMT; an absurd offset is ignored, not a crash.
        #expect(OFXReader.instant("20260301000000.000[-5:EST]") == Date(timeIntervalSince1970: 1_772_341_200))
        #expect(OFXReader.instant("20260301050000") == Date(timeIntervalSince1970: 1_772_341_200))
        #expect(
            OFXReader.instant("20260301050000[99999999999999999999:X]") == Date(timeIntervalSince1970: 1_772_341_200))
        #expect(OFXReader.instant("2026") == nil)
    }

    @Test func impossibleDatesAreNil() {
        for text in ["20260231", "2026", "", "201120000000", "abcdefgh"] {
            #expect(OFXReader.date(text) == nil)
        }
    }

    @Test func numericAndNamedReferencesDecodeAndUnknownOnesStay() {
        #expect(OFXReader.decodeReferences("A&amp;B &lt;x&gt; &quot;q&quot; &apos;s&apos;") == "A&B <x> \"q\" 's'")
        #expect(OFXReader.decodeReferences("Pe&#241;a Pe&#xF1;a") == "Peña Peña")
        #expect(OFXReader.decodeReferences("AT&T &nbsp; &#xZZ; &") == "AT&T &nbsp; &#xZZ; &")
    }

    @Test func sgmlLeavesCloseAtTheNextTag() throws {
        let tokens = try OFXReader.tokenize("<A><B>one<C>two</A>")
        let tree = try OFXReader.buildTree(tokens)
        let a = try #require(tree.root.first("A"))
        #expect(a.children.map(\.name) == ["B", "C"])
        #expect(a.value("B") == "one")
        #expect(a.value("C") == "two")
        #expect(tree.hasUnclosedLeaves)
    }

    // MARK: - Hostile input

    @Test func randomBytesAreAClearErrorNotACrash() {
        var random = SeededRandom(seed: 0x6F66_78)
        for _ in 0..<20 {
            let bytes = (0..<2048).map { _ in UInt8(random.next(256)) }
            do {
                _ = try OFXReader.read(Data(bytes))
                Issue.record("random bytes were read as OFX")
            } catch {
                #expect(error.code == .unrecognised)
            }
        }
    }

    @Test func deeplyNestedElementsAreMalformedNotAStackOverflow() {
        let text = "<OFX>" + String(repeating: "<X><Y>", count: 50_000)
        #expect(throws: BankFileError.self) { try OFXReader.read(Data(text.utf8)) }
    }

    @Test func unterminatedTagIsMalformed() {
        #expect(throws: BankFileError(code: .malformed, message: "a tag is not closed with >")) {
            try OFXReader.read(Data("<OFX><BANKMSGSRSV1".utf8))
        }
    }

    @Test func mangledFixturesNeverCrash() throws {
        var random = SeededRandom(seed: 102)
        for name in ["ph-bank-1x.ofx", "ph-accounts-2x.ofx", "ph-skipped-lines.ofx"] {
            let original = try [UInt8](Data(contentsOf: TestFiles.fixture("bank/ofx/\(name)")))
            for _ in 0..<50 {
                var bytes = original
                for _ in 0..<8 {
                    bytes[random.next(bytes.count)] = UInt8(random.next(256))
                }
                let cut = random.next(bytes.count + 1)
                // Any outcome but a crash: a file (perhaps with warnings) or a BankFileError.
                _ = try? OFXReader.read(Data(bytes.prefix(cut)))
                _ = try? OFXReader.read(Data(bytes))
            }
        }
    }

    // MARK: - Conformance (shared/testdata/bank/ofx/ofxparse)

    static let investmentFiles: Set<String> = [
        "fidelity-savings.ofx", "fidelity.ofx", "investment_401k.ofx", "investment_medium.ofx", "td_ameritrade.ofx",
        "tiaacref.ofx", "vanguard.ofx", "vanguard401k.ofx",
    ]

    /// Files holding only the server's error: read as a clear error that carries the server's message.
    static let serverErrorFiles: Set<String> = ["error_message.ofx", "signon_fail.ofx"]

    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: try Samples.url("bank/ofx/ofxparse/\(name)"))
    }

    @Test(.conformance) func everySampleReadsOrFailsClearly() throws {
        let files = Samples.files(in: "bank/ofx/ofxparse", withExtensions: ["ofx"])
        #expect(files.count == 24)
        for url in files {
            let name = url.lastPathComponent
            let isNegative = url.path.contains("/fail_nice/") || name == "ofx-v102-empty-tags.ofx"
            let data = try Data(contentsOf: url)
            do {
                let file = try OFXReader.read(data)
                #expect(!Self.investmentFiles.contains(name), "\(name) should be unsupported")
                #expect(!Self.serverErrorFiles.contains(name), "\(name) should report the server's error")
                if isNegative { #expect(!file.warnings.isEmpty, "\(name) read without a warning") }
            } catch {
                if Self.investmentFiles.contains(name) {
                    #expect(error.code == .unsupported, "\(name): \(error)")
                } else if Self.serverErrorFiles.contains(name) {
                    #expect(error.code == .unsupported, "\(name): \(error)")
                } else {
                    #expect(isNegative, "\(name): \(error)")
                }
            }
        }
    }

    @Test(.conformance) func bankMediumSpotCheck() throws {
        let file = try OFXReader.read(try Self.sample("bank_medium.ofx"))
        #expect(file.format == .ofx1)
        let statement = try #require(file.statements.first)
        let cad = try #require(Currency(code: "CAD"))
        #expect(statement.currency == cad)
        #expect(statement.lines.count == 3)
        let check = statement.lines[1]
        #expect(check.amount == Money(minorUnits: -31_667, currency: cad))
        #expect(check.bankReference == "0000123456782009040200004")
        #expect(check.bookingDate == CalendarDate(year: 2009, month: 4, day: 2))
        #expect(check.counterpartyName == "Joe's Bald Hairstyles")
        #expect(check.transactionCode == "CHECK")
        #expect(statement.balances.first { $0.kind == .closing }?.amount == Money(minorUnits: 38_234, currency: cad))
        #expect(statement.balances.first { $0.kind == .available }?.amount == Money(minorUnits: 68_234, currency: cad))
    }

    @Test(.conformance) func xmlSamplesSpotCheck() throws {
        let suncorp = try OFXReader.read(try Self.sample("suncorp.ofx"))
        #expect(suncorp.format == .ofx2)
        let line = try #require(suncorp.statements.first?.lines.first)
        let aud = try #require(Currency(code: "AUD"))
        #expect(line.amount == Money(minorUnits: -1685, currency: aud))
        #expect(line.bankReference == "1")
        #expect(line.bookingDate == CalendarDate(year: 2013, month: 12, day: 15))
        #expect(line.counterpartyName == "EFTPOS WDL HANDYWAY ALDI STORE")

        let card = try OFXReader.read(try Self.sample("anzcc.ofx"))
        #expect(card.statements.first?.account.number == "1234123412341234")
        #expect(card.statements.first?.lines.first?.amount == Money(minorUnits: -550, currency: aud))
        #expect(card.statements.first?.lines.first?.bankReference == "201705080001")

        let accounts = try OFXReader.read(try Self.sample("multiple_accounts2.ofx"))
        #expect(accounts.statements.map(\.account.number) == ["123/9100", "123/9200"])
        #expect(accounts.statements.map { $0.balances.first?.amount.minorUnits } == [11_100, 22_200])
    }

    @Test(.conformance) func negativeSamplesWarn() throws {
        let emptyTags = try OFXReader.read(try Self.sample("ofx-v102-empty-tags.ofx"))
        #expect(emptyTags.statements.first?.currency?.code == "AUD")
        #expect(emptyTags.statements.first?.lines.first?.bankReference == nil)
        #expect(emptyTags.warnings.contains { $0.message.contains("LEDGERBAL") })

        let dateMissing = try OFXReader.read(try Self.sample("fail_nice/date_missing.ofx"))
        #expect(dateMissing.statements.first?.lines.isEmpty == true)
        #expect(dateMissing.warnings.filter { $0.code == .skipped }.count == 3)

        let decimal = try OFXReader.read(try Self.sample("fail_nice/decimal_error.ofx"))
        #expect(decimal.statements.first?.lines.isEmpty == true)

        let emptyBalance = try OFXReader.read(try Self.sample("fail_nice/empty_balance.ofx"))
        #expect(emptyBalance.statements.first?.lines.count == 1)
        #expect(emptyBalance.statements.first?.balances.isEmpty == true)
        #expect(emptyBalance.warnings.contains { $0.message.contains("LEDGERBAL") })
    }
}
