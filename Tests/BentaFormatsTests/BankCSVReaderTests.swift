import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct BankCSVReaderTests {
    static func read(_ name: String, _ profile: BankCSVProfile) throws -> BankFile {
        let data = try Data(contentsOf: TestFiles.fixture("bank/csv/\(name)"))
        return try BankCSVReader(profile: profile).read(data)
    }

    static func date(_ text: String) throws -> CalendarDate {
        try #require(CalendarDate(iso8601: text))
    }

    static func pesos(_ minorUnits: Int64) -> Money {
        Money(minorUnits: minorUnits, currency: .php)
    }

    // MARK: - Philippine fixtures

    @Test func bdoLegacyFindsHeaderBelowAccountLinesAndChainsNewestFirstRows() throws {
        let file = try Self.read("bdo-legacy.csv", .bdoLegacy)
        #expect(file.format == .csv)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(statement.account.number == "001234567890")
        #expect(statement.account.name == "TALA FOODS TRADING")
        #expect(statement.currency == .php)
        #expect(statement.lines.map(\.amount.minorUnits) == [-15_000, -1_828_200, 123_456_789, 1_234])
        #expect(
            statement.lines.map(\.bookingDate)
                == [
                    try Self.date("2025-03-03"), try Self.date("2025-03-14"), try Self.date("2025-03-31"),
                    try Self.date("2025-03-31"),
                ])
        // The header is line 7; the rows are written newest first on lines 8 to 11.
        #expect(statement.lines.map(\.position) == ["line 11", "line 10", "line 9", "line 8"])
        #expect(statement.lines[1].bankReference == "000123")
        #expect(statement.lines[0].bankReference == nil)
        #expect(statement.lines[2].remittance == "DEPOSIT Bayad mula sa Bituin Hardware INV-2025-0042")
        #expect(
            statement.balances == [
                BankBalance(kind: .opening, amount: Self.pesos(10_000_000), date: try Self.date("2025-03-03")),
                BankBalance(kind: .closing, amount: Self.pesos(131_614_823), date: try Self.date("2025-03-31")),
            ])
        #expect(statement.fromDate == (try Self.date("2025-03-03")))
        #expect(statement.toDate == (try Self.date("2025-03-31")))
        #expect(BankFileRules.balanceWarning(for: statement, position: "") == nil)
    }

    @Test func bdo2025ReadsDayFirstDatesValueDatesAndReferences() throws {
        let file = try Self.read("bdo-2025.csv", .bdo2025)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(statement.account.number == "009876543210")
        #expect(statement.account.name == "BITUIN HARDWARE CORP.")
        #expect(statement.lines.map(\.amount.minorUnits) == [-474_950, 2_500_000, -5_000])
        #expect(statement.lines.map(\.bookingDate.iso8601String) == ["2025-06-02", "2025-06-15", "2025-06-30"])
        #expect(statement.lines.map(\.valueDate?.iso8601String) == ["2025-06-02", "2025-06-16", "2025-06-30"])
        #expect(statement.lines.map(\.bankReference) == ["BP25153XYZ99", "FT25166ABC01", "SC2518100001"])
        #expect(statement.lines[1].remittance == "Padala mula kay Juan Dela Cruz SI-000123")
        #expect(statement.balances.map(\.amount.minorUnits) == [5_500_000, 7_520_050])
    }

    @Test func bpiRowWithInvalidDateIsWarnedAndSkipped() throws {
        let file = try Self.read("bpi.csv", .bpi)
        let statement = try #require(file.statements.first)
        #expect(statement.lines.map(\.amount.minorUnits) == [1_250_000, -780_025, -15_000])
        #expect(statement.lines.map(\.bookingDate.iso8601String) == ["2025-03-03", "2025-03-05", "2025-03-10"])
        #expect(statement.lines.map(\.bankReference) == ["FT0303A1", "104501", "BC0310"])
        #expect(statement.lines[2].remittance == "Bank charge / singil ng bangko")
        #expect(file.warnings.count == 1)
        let warning = try #require(file.warnings.first)
        #expect(warning.code == .skipped)
        #expect(warning.position == "line 5")
        #expect(warning.message.contains("02/30/2025"))
        // The skipped row was the last one, so the chain through the others still gives the balances.
        #expect(statement.balances.map(\.amount.minorUnits) == [5_000_000, 5_454_975])
        #expect(statement.account.key == nil)
    }

    @Test func gcashOrdersByTimeAndReadsPesoSigns() throws {
        let file = try Self.read("gcash.csv", .gcash)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(statement.lines.map(\.amount.minorUnits) == [300_000, -200_000, 150_000])
        #expect(statement.lines.map(\.bookingDate.iso8601String) == ["2025-03-30", "2025-03-31", "2025-03-31"])
        #expect(statement.lines.map(\.bankReference) == ["1003456789010", "1003456789011", "1003456789012"])
        #expect(statement.lines[2].remittance == "Received GCash from JUAN D. - bayad sa INV-0042")
        #expect(statement.balances.map(\.amount.minorUnits) == [75_075, 325_075])
    }

    @Test func profileAccountIsUsedWhenTheFileNamesNone() throws {
        var profile = BankCSVProfile.gcash
        profile.account = "09171234567"
        let statement = try #require(try Self.read("gcash.csv", profile).statements.first)
        #expect(statement.account.number == "09171234567")
        profile.account = "ch93 0076 2011 6238 5295 7"
        let withIBAN = try #require(try Self.read("gcash.csv", profile).statements.first)
        #expect(withIBAN.account.iban == "CH9300762011623852957")
    }

    // MARK: - Errors

    @Test func fileWithoutTheDateColumnIsMalformed() throws {
        // GCash's "Date and Time" is not BPI's "Date".
        let error = #expect(throws: BankFileError.self) { try Self.read("gcash.csv", .bpi) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("\"Date\"") == true)
    }

    @Test func headerMissingAnAmountColumnIsMalformed() throws {
        let text = "Date,Description,Debit,Balance\n03/03/2025,Bayad,100.00,100.00\n"
        let error = #expect(throws: BankFileError.self) { try BankCSVReader(profile: .bpi).read(text: text) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("Credit") == true)
        #expect(error?.position == "line 1")
    }

    @Test func fileWhereNoRowReadsIsMalformed() throws {
        let text = "Date,Description,Amount\n31/31/2025,Bayad,100.00\n03/03/2025,Bayad,abc\n"
        let error = #expect(throws: BankFileError.self) { try BankCSVReader(profile: .generic).read(text: text) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("No transaction row") == true)
    }

    @Test func brokenQuoteIsMalformedAtItsLineInTheFile() throws {
        let text = "Account Number:,0012\n\nDate,Description,Amount\n2025-03-03,\"Bayad,1.00\n"
        let error = #expect(throws: BankFileError.self) { try BankCSVReader(profile: .generic).read(text: text) }
        #expect(error?.code == .malformed)
        #expect(error?.message.hasPrefix("Line 4, column 2") == true)
    }

    @Test func headerBeyondThirtyLinesIsNotFound() throws {
        let text = String(repeating: "Account info,x\n", count: 30) + "Date,Description,Amount\n2025-03-03,A,1.00\n"
        #expect(throws: BankFileError.self) { try BankCSVReader(profile: .generic).read(text: text) }
        let found = try BankCSVReader(profile: .generic).read(text: String(text.dropFirst(15)))
        #expect(found.statements.first?.lines.first?.position == "line 31")
    }

    // MARK: - Order from the running balance

    @Test func rowsShuffledWithinADayAreOrderedByTheirBalances() throws {
        let text = """
            Date,Description,Amount,Balance
            2025-03-02,Third,-30.00,40.00
            2025-03-01,First,100.00,100.00
            2025-03-02,Fourth,5.00,45.00
            2025-03-02,Second,-30.00,70.00
            """
        var profile = BankCSVProfile.generic
        profile.balanceColumn = "Balance"
        let file = try BankCSVReader(profile: profile).read(text: text)
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(statement.lines.map(\.remittance) == ["First", "Second", "Third", "Fourth"])
        #expect(statement.balances.map(\.amount.minorUnits) == [0, 4_500])
    }

    @Test func balancesThatDoNotChainAreWarnedAndDatesOrderTheRows() throws {
        let text = """
            Date,Description,Amount,Balance
            2025-03-02,Second,-30.00,70.00
            2025-03-01,First,100.00,999.00
            """
        var profile = BankCSVProfile.generic
        profile.balanceColumn = "Balance"
        let file = try BankCSVReader(profile: profile).read(text: text)
        #expect(file.warnings.map(\.code) == [.balanceMismatch])
        let statement = try #require(file.statements.first)
        #expect(statement.lines.map(\.remittance) == ["First", "Second"])
        #expect(statement.balances.isEmpty)
    }

    @Test func balancesAllowingTwoOrdersAreWarned() throws {
        let text = """
            Date,Description,Amount,Balance
            2025-03-01,Out,-20.00,80.00
            2025-03-01,In,20.00,100.00
            """
        var profile = BankCSVProfile.generic
        profile.balanceColumn = "Balance"
        let file = try BankCSVReader(profile: profile).read(text: text)
        #expect(file.warnings.count == 1)
        #expect(file.warnings.first?.message.contains("more than one order") == true)
        #expect(file.statements.first?.lines.map(\.remittance) == ["Out", "In"])
        #expect(file.statements.first?.balances.isEmpty == true)
    }

    @Test func withoutBalancesNewestFirstFilesAreReversed() throws {
        let text = """
            Date,Description,Amount
            03/05/2025,Later same day,-1.00
            03/05/2025,Earlier same day,2.00
            03/01/2025,First,3.00
            """
        let file = try BankCSVReader(profile: .generic).read(text: text)
        #expect(file.statements.first?.lines.map(\.remittance) == ["First", "Earlier same day", "Later same day"])
        #expect(file.statements.first?.balances.isEmpty == true)
    }

    @Test func indicatorColumnGivesTheSign() throws {
        let text = """
            Date,Transaction ID,Description,Amount,Type,Balance
            03/01/2025,T1,Deposit / Deposito,"1,000.00",CR,"1,000.00"
            03/02/2025,T2,ATM withdrawal,250.50,DR,749.50
            03/03/2025,T3,Transfer in,10.00,credit,759.50
            """
        let file = try BankCSVReader(profile: .unionbank).read(text: text)
        #expect(file.warnings.isEmpty)
        #expect(file.statements.first?.lines.map(\.amount.minorUnits) == [100_000, -25_050, 1_000])
        #expect(file.statements.first?.balances.map(\.amount.minorUnits) == [0, 75_950])
    }

    @Test func extraDecimalsAreRoundedHalfUpWithAWarning() throws {
        let text = "Date,Description,Amount\n2025-03-01,Fee,-0.125\n"
        let file = try BankCSVReader(profile: .generic).read(text: text)
        #expect(file.statements.first?.lines.first?.amount.minorUnits == -13)
        #expect(file.warnings.map(\.code) == [.amountRounded])
    }

    @Test func mostCommonDatePatternReadsEveryRow() throws {
        // dd/MM reads all three rows; MM/dd (listed first in the generic profile) only the first, so dd/MM wins and
        // "03/04/2025" is 3 April, not 4 March.
        let text = "Date,Description,Amount\n03/04/2025,A,1.00\n13/04/2025,B,1.00\n25/04/2025,C,1.00\n"
        let file = try BankCSVReader(profile: .generic).read(text: text)
        #expect(
            file.statements.first?.lines.map(\.bookingDate.iso8601String) == ["2025-04-03", "2025-04-13", "2025-04-25"])
    }

    // MARK: - Profile guessing

    @Test(arguments: [
        (["Date", "Description", "Reference/Check No", "Debit", "Credit", "Balance"], "ph.bpi"),
        (["Date and Time", "Description", "Reference No.", "Debit", "Credit", "Balance"], "ph.gcash"),
        (
            [
                "Transaction Date", "Value Date", "Description", "Reference Number", "Debit", "Credit",
                "Running Balance",
            ],
            "ph.bdo.2025"
        ),
        (["Posting Date", "Description", "Debit", "Credit", "Running Balance", "Check Number"], "ph.bdo.legacy"),
        (["Transaction Date", "Check No.", "Description", "Withdrawal", "Deposit", "Balance"], "ph.metrobank"),
        (["Date", "Reference ID", "Description", "Amount", "Balance"], "ph.maya"),
        (["date", " DESCRIPTION ", "Amount"], "generic"),
    ])
    func guessesTheProfileFromHeaderNames(header: [String], id: String) {
        #expect(BankCSVReader.guessProfile(headerCells: header)?.id == id)
    }

    @Test func guessesNothingForAnUnknownHeader() {
        #expect(BankCSVReader.guessProfile(headerCells: ["Company", "Email"]) == nil)
        // BDO's date, description, debit and credit are there, but not its value date, reference and balance.
        let capitalOne = ["Transaction Date", "Posted Date", "Card No.", "Description", "Category", "Debit", "Credit"]
        #expect(BankCSVReader.guessProfile(headerCells: capitalOne) == nil)
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("1,234.56", BankCSVProfile.NumberFormat.DecimalSeparator.point, Int64?.some(123_456)),
        ("11'373.94", .point, 1_137_394),
        ("11’373.94", .point, 1_137_394),
        ("1.234,56", .comma, 123_456),
        ("1 234,56", .comma, 123_456),
        ("(1,000.00)", .point, -100_000),
        ("₱1,000.00", .point, 100_000),
        ("-₱1,000.00", .point, -100_000),
        ("PHP 1,000.00", .point, 100_000),
        ("1000.00-", .point, -100_000),
        ("−1,000.00", .point, -100_000),
        ("$1,036.47", .point, 103_647),
        ("€ -5,00", .comma, -500),
        ("+12", .point, 1_200),
        (".50", .point, 50),
        ("1,234,567.89", .point, 123_456_789),
        ("1.234,56", .point, nil),
        ("1,23", .point, nil),
        ("12a", .point, nil),
        ("--5", .point, nil),
        ("(-5)", .point, nil),
        ("", .point, nil),
        ("₱", .point, nil),
        ("1.2.3", .point, nil),
    ])
    func amountsParseExactly(text: String, separator: BankCSVProfile.NumberFormat.DecimalSeparator, expected: Int64?) {
        var rounded = false
        let format = BankCSVProfile.NumberFormat(decimalSeparator: separator)
        let amount = format.amount(text, currency: .php, rounded: &rounded)
        #expect(amount?.minorUnits == expected)
        #expect(!rounded)
        if expected != nil { #expect(amount?.currency == .php) }
    }

    // MARK: - Dates

    @Test(
        arguments: [
            ("yyyy-MM-dd", "2025-03-31", "2025-03-31"),
            ("MM/dd/yyyy", "03/31/2025", "2025-03-31"),
            ("dd/MM/yyyy", "31/03/2025", "2025-03-31"),
            ("dd.MM.yyyy", "31.03.2019", "2019-03-31"),
            ("dd-MM-yyyy", "30-06-2025", "2025-06-30"),
            ("MMM d, yyyy", "Mar 31, 2025", "2025-03-31"),
            ("MMM d, yyyy", "MAR 1, 2025", "2025-03-01"),
            ("MMM d, yyyy", "September 9, 2024", "2024-09-09"),
            ("d MMM yyyy", "5 Jan 2025", "2025-01-05"),
            ("yyyyMMdd", "20250331", "2025-03-31"),
            ("M/d/yy", "3/5/25", "2025-03-05"),
            ("yyyy-MM-dd", "2025-03-31 14:05", "2025-03-31"),
            ("MM/dd/yyyy", "02/29/2024", "2024-02-29"),
            ("yyyy-MM-dd", "2025-02-30", nil),
            ("MM/dd/yyyy", "02/29/2025", nil),
            ("dd/MM/yyyy", "03/31/2025", nil),
            ("MMM d, yyyy", "Mrz 31, 2025", nil),
            ("yyyy-MM-dd", "2025-3-31", nil),
            ("yyyy-MM-dd", "2025-03-31 late", nil),
            ("yyyy-MM-dd", "2025-03-31 25:00", nil),
            ("yyyyMMdd", "2025033", nil),
        ] as [(String, String, String?)])
    func datePatternsReadOnlyRealDates(pattern: String, text: String, expected: String?) throws {
        let parsed = try #require(BankDatePattern(pattern))
        #expect(parsed.date(from: text)?.iso8601String == expected)
    }

    @Test func timesOfDayAreRead() throws {
        let pattern = try #require(BankDatePattern("yyyy-MM-dd"))
        #expect(pattern.parse("2025-03-31 14:05")?.secondsOfDay == 14 * 3600 + 5 * 60)
        #expect(pattern.parse("2025-03-31T14:05:09Z")?.secondsOfDay == 14 * 3600 + 5 * 60 + 9)
        #expect(pattern.parse("2025-03-31 2:05 PM")?.secondsOfDay == 14 * 3600 + 5 * 60)
        #expect(pattern.parse("2025-03-31 12:05 AM")?.secondsOfDay == 5 * 60)
        #expect(pattern.parse("2025-03-31")?.secondsOfDay == nil)
    }

    @Test(arguments: ["yyyy-MM", "qq/MM/yyyy", "yyyy-MM-dd-dd", "", "hh:mm"])
    func invalidDatePatternsAreRefused(pattern: String) {
        #expect(BankDatePattern(pattern) == nil)
    }

    // MARK: - Profile JSON and validation

    @Test(arguments: BankCSVProfile.ready)
    func readyProfilesRoundTripThroughJSON(profile: BankCSVProfile) throws {
        try profile.validate()
        let data = try JSONEncoder().encode(profile)
        #expect(try JSONDecoder().decode(BankCSVProfile.self, from: data) == profile)
    }

    @Test func profileJSONUsesSnakeCaseKeys() throws {
        var profile = BankCSVProfile.unionbank
        profile.delimiter = ";"
        profile.numberFormat = BankCSVProfile.NumberFormat(decimalSeparator: .comma)
        let data = try JSONEncoder().encode(profile)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["date_column"] as? String == "Date")
        #expect(object["balance_column"] as? String == "Balance")
        #expect(object["delimiter"] as? String == ";")
        #expect(object["currency"] as? String == "PHP")
        #expect((object["number_format"] as? [String: Any])?["decimal_separator"] as? String == ",")
        let amount = try #require(object["amount"] as? [String: Any])
        #expect(amount["kind"] as? String == "amount_with_indicator")
        #expect(amount["indicator_column"] as? String == "Type")
        #expect(amount["credit_values"] as? [String] == ["CR", "Credit"])
        #expect(try JSONDecoder().decode(BankCSVProfile.self, from: data) == profile)
    }

    @Test func debitCreditProfileMissingAColumnIsRefusedOnDecode() throws {
        let json = """
            {"id": "own", "name": "Own bank", "date_column": "Date", "description_column": "Details",
             "amount": {"kind": "debit_credit", "debit_column": "Debit"},
             "date_formats": ["MM/dd/yyyy"], "currency": "PHP"}
            """
        let error = #expect(throws: ValidationErrors.self) {
            try JSONDecoder().decode(BankCSVProfile.self, from: Data(json.utf8))
        }
        #expect(error?.fields == ["amount.credit_column"])
        #expect(error?.errors.first?.code == "required")
    }

    @Test func validationReportsEveryProblemAtOnce() {
        var profile = BankCSVProfile.bpi
        profile.name = "  "
        profile.dateFormats = ["MM/dd/yyyy", "qq.yyyy"]
        profile.amount = .amountWithIndicator("Amount", "", creditValues: [])
        profile.delimiter = "\""
        let error = #expect(throws: ValidationErrors.self) { try profile.validate() }
        #expect(
            error?.fields == [
                "name", "delimiter", "amount.indicator_column", "amount.credit_values", "date_formats[1]",
            ])
        #expect(error?["date_formats[1]"].first?.code == "invalid_pattern")
    }

    @Test func unknownAmountKindIsRefusedOnDecode() {
        let json = """
            {"id": "own", "name": "Own", "date_column": "Date", "description_column": "Details",
             "amount": {"kind": "guess"}, "date_formats": ["MM/dd/yyyy"], "currency": "PHP"}
            """
        let error = #expect(throws: ValidationErrors.self) {
            try JSONDecoder().decode(BankCSVProfile.self, from: Data(json.utf8))
        }
        #expect(error?.fields == ["amount.kind"])
    }
}

extension BankCSVReaderTests {
    /// csv2ofx's sample exports (conformance: skipped without the samples), each read through a profile written here
    /// and compared row by row with csv2ofx's own OFX/QIF output for the same file.
    @Suite(.timeLimit(.minutes(20))) struct Csv2ofxSamples {
        static let folder = "bank/csv/csv2ofx"

        static func read(_ name: String, _ profile: BankCSVProfile) throws -> BankFile {
            try BankCSVReader(profile: profile).read(Data(contentsOf: Samples.url("\(folder)/input/\(name)")))
        }

        /// (date yyyyMMdd, amount text) per transaction of a csv2ofx OFX file, in its order.
        static func expectedOFX(_ name: String) throws -> [(date: String, amount: String)] {
            let text = try String(contentsOf: Samples.url("\(folder)/expected/\(name)"), encoding: .utf8)
            let dates = text.matches(of: try Regex(#"<DTPOSTED>(\d{8})"#)).map { String($0.output[1].substring ?? "") }
            let amounts = text.matches(of: try Regex(#"<TRNAMT>(-?[0-9.]+)"#)).map {
                String($0.output[1].substring ?? "")
            }
            #expect(dates.count == amounts.count)
            return Array(zip(dates, amounts)).map { (date: $0.0, amount: $0.1) }
        }

        /// (date yyyyMMdd, amount text) per transaction of a csv2ofx QIF file with ISO dates.
        static func expectedQIF(_ name: String) throws -> [(date: String, amount: String)] {
            let text = try String(contentsOf: Samples.url("\(folder)/expected/\(name)"), encoding: .utf8)
            let pattern = try Regex(#"(?m)^D(\d{4})-(\d{2})-(\d{2})\n(?:[^\^\n]*\n)*?T(-?[0-9.]+)$"#)
            return text.matches(of: pattern).map { match in
                let parts = (1...4).map { String(match.output[$0].substring ?? "") }
                return (date: parts[0] + parts[1] + parts[2], amount: parts[3])
            }
        }

        /// Our lines back in file order (by their line number), as (yyyyMMdd, minor units).
        static func fileOrder(_ file: BankFile) throws -> [(date: String, minorUnits: Int64)] {
            let lines = try #require(file.statements.first).lines
            return
                lines
                .sorted { (Int($0.position.dropFirst(5)) ?? 0) < (Int($1.position.dropFirst(5)) ?? 0) }
                .map { ($0.bookingDate.iso8601String.replacingOccurrences(of: "-", with: ""), $0.amount.minorUnits) }
        }

        static func expectSameRows(
            _ file: BankFile, _ expected: [(date: String, amount: String)], currency: Currency
        ) throws {
            let ours = try fileOrder(file)
            #expect(ours.count == expected.count)
            for (our, theirs) in zip(ours, expected) {
                #expect(our.date == theirs.date)
                #expect(our.minorUnits == (try Money(decimalString: theirs.amount, currency: currency)).minorUnits)
            }
        }

        static let schwab = BankCSVProfile(
            id: "test.schwab", name: "Schwab checking", dateColumn: "Date", descriptionColumn: "Description",
            referenceColumn: "CheckNumber", amount: .debitCredit("Withdrawal", "Deposit"),
            balanceColumn: "RunningBalance", dateFormats: ["MM/dd/yyyy"], currency: .usd)

        @Test(.conformance, arguments: 1...6)
        func schwabBaltestCasesGiveOneOrderAndOneClosingBalance(number: Int) throws {
            let file = try Self.read("schwab-checking-baltest-case\(number).csv", Self.schwab)
            #expect(file.warnings.isEmpty)
            let statement = try #require(file.statements.first)
            #expect(statement.lines.map(\.amount.minorUnits) == [-5_727, -7_500, -10_300, 2_000])
            #expect(
                statement.lines.map(\.remittance) == [
                    "PAYPAL INST XFER 220803~ Tran: ACHDW", "Check Paid #558", "BMO HARRIS BANK",
                    "Deposit Mobile Banking",
                ])
            #expect(statement.lines.map(\.bankReference) == [nil, "558", nil, nil])
            #expect(
                statement.balances.map(\.amount) == [
                    Money(minorUnits: 109_374, currency: .usd), Money(minorUnits: 87_847, currency: .usd),
                ])
            #expect(statement.balances.map(\.kind) == [.opening, .closing])
            let dates = statement.lines.map(\.bookingDate)
            #expect(dates == dates.sorted())
            try Self.expectSameRows(
                file, try Self.expectedOFX("schwab-checking-baltest-case\(number).ofx"), currency: .usd)
        }

        @Test(.conformance) func schwabBaltestCase7IsAmbiguousAndSaysSo() throws {
            // A $20 check and a $20 deposit on one day: either order chains (858.47 → 878.47 or 878.47 → 858.47),
            // so neither a closing balance nor an order can be known; csv2ofx also leaves out the balance.
            let file = try Self.read("schwab-checking-baltest-case7.csv", Self.schwab)
            #expect(file.warnings.map(\.code) == [.balanceMismatch])
            let statement = try #require(file.statements.first)
            #expect(statement.balances.isEmpty)
            #expect(statement.lines.map(\.amount.minorUnits) == [-2_000, 2_000])
            try Self.expectSameRows(file, try Self.expectedOFX("schwab-checking-baltest-case7.ofx"), currency: .usd)
        }

        @Test(.conformance) func ubsFrenchSemicolonsApostrophesAndDotDates() throws {
            let profile = BankCSVProfile(
                id: "test.ubs", name: "UBS (French)", delimiter: ";", dateColumn: "Date de valeur",
                descriptionColumn: "Description 1", payeeColumn: "Description 2", referenceColumn: "N° de transaction",
                memoColumns: ["Description 2", "Description 3"], amount: .debitCredit("Débit", "Crédit"),
                balanceColumn: "Solde", dateFormats: ["dd.MM.yyyy"], currency: try #require(Currency(code: "CHF")))
            let file = try Self.read("ubs-ch-fr_trimmed.csv", profile)
            try Self.expectSameRows(file, try Self.expectedQIF("ubs-ch-fr.qif"), currency: profile.currency)
            let statement = try #require(file.statements.first)
            // The trimmed sample's balances (11'373.94, 11'613.94, 11'413.94) do not chain: warned, dates order it.
            #expect(file.warnings.map(\.code) == [.balanceMismatch])
            #expect(statement.balances.isEmpty)
            #expect(statement.lines.map(\.bookingDate.iso8601String) == ["2019-02-28", "2019-03-31", "2019-04-27"])
            #expect(statement.lines.map(\.amount.minorUnits) == [24_000, -1_000, -20_000])
            #expect(statement.lines[0].counterpartyName == "ASSOCIATION FOO-BAR")
            #expect(statement.lines[0].bankReference == "3456789ZT1234567")
            #expect(
                statement.lines[0].remittance
                    == "Virement postal ASSOCIATION FOO-BAR BVD DE QUELQUE-PART 1, 1201 GENEVE, CH")
        }

        @Test(.conformance) func ingSpainDayFirstDatesAndSignedAmounts() throws {
            let profile = BankCSVProfile(
                id: "test.ing", name: "ING Spain", dateColumn: "date", descriptionColumn: "desc",
                memoColumns: ["notes"], amount: .signedAmount("amount"), balanceColumn: "balance",
                dateFormats: ["dd/MM/yyyy"], currency: .eur)
            let file = try Self.read("ingesp.csv", profile)
            let ours = try Self.fileOrder(file)
            let expected = try Self.expectedOFX("ingesp.ofx")
            #expect(ours.count == 10)
            #expect(ours.count == expected.count)
            for (index, (our, theirs)) in zip(ours, expected).enumerated() {
                #expect(our.minorUnits == (try Money(decimalString: theirs.amount, currency: .eur)).minorUnits)
                // csv2ofx guesses "08/04/2022" (row 2) month first; the file is day first throughout.
                #expect(our.date == (index == 1 ? "20220408" : theirs.date))
            }
            #expect(expected[1].date == "20220804")
            // The sample is a selection of rows from a year: the balances do not chain.
            #expect(file.warnings.map(\.code) == [.balanceMismatch])
            #expect(file.statements.first?.lines.first?.remittance == "Abono por campaña Abono Shopping NARANJA:GALP")
        }

        @Test(.conformance) func n26SignedEuroAmounts() throws {
            let profile = BankCSVProfile(
                id: "test.n26", name: "N26", dateColumn: "Booking Date", valueDateColumn: "Value Date",
                descriptionColumn: "Type", payeeColumn: "Partner Name", memoColumns: ["Payment Reference"],
                amount: .signedAmount("Amount (EUR)"), dateFormats: ["yyyy-MM-dd"], currency: .eur)
            let file = try Self.read("n26-fr.csv", profile)
            #expect(file.warnings.isEmpty)
            try Self.expectSameRows(file, try Self.expectedOFX("n26.ofx"), currency: .eur)
            let line = try #require(file.statements.first?.lines.first)
            #expect(line.counterpartyName == "Compte courant")
            #expect(line.valueDate == nil)
            #expect(line.remittance == "Credit Transfer")
        }

        @Test(.conformance) func stripeChargesOrderedByTimeOfDay() throws {
            let profile = BankCSVProfile(
                id: "test.stripe", name: "Stripe payments", dateColumn: "created", descriptionColumn: "description",
                referenceColumn: "id", amount: .signedAmount("amount"), dateFormats: ["yyyy-MM-dd"],
                currency: try #require(Currency(code: "CAD")))
            let file = try Self.read("stripe-default.csv", profile)
            #expect(file.warnings.isEmpty)
            try Self.expectSameRows(file, try Self.expectedOFX("stripe-default.ofx"), currency: profile.currency)
            let lines = try #require(file.statements.first).lines
            // 2021-02-02 23:21 and 23:54, 2021-02-03 06:53 and 13:12, then 2021-03-16.
            #expect(lines.map(\.position) == ["line 5", "line 4", "line 3", "line 2", "line 6"])
            #expect(lines.first?.bankReference == "ch_1IGYBPBI9JK85yVZ0OID8QTG")
            #expect(lines.map(\.amount.minorUnits) == [2_500, 2_500, 2_750, 2_500, 1_000])
        }
    }
}
