import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct CamtReaderTests {
    static func read(_ name: String) throws -> BankFile {
        try CamtReader.read(Data(contentsOf: TestFiles.fixture("bank/camt/\(name)")))
    }

    static func php(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .php) }

    static func date(_ text: String) -> CalendarDate? { CalendarDate(iso8601: text) }

    static func error(_ body: () throws(BankFileError) -> BankFile) -> BankFileError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: - A camt.053 v08 statement (Fixtures/bank/camt/tala-foods-053-v08.xml)

    @Test func statementHeaderAccountAndBalancesAreRead() throws {
        let file = try Self.read("tala-foods-053-v08.xml")
        #expect(file.format == .camt053)
        #expect(file.warnings == [])
        let statement = try #require(file.statements.first)
        #expect(file.statements.count == 1)
        #expect(statement.identifier == "TALA-0012345678-2026-03-31")
        #expect(
            statement.account
                == BankAccountReference(
                    number: "0012345678", bankIdentifier: "BNORPHMM", name: "Tala Foods Trading Inc. - Operating"))
        #expect(statement.currency == .php)
        #expect(statement.createdAt == Date(timeIntervalSince1970: 1_774_951_500))  // 2026-03-31T10:05:00Z
        #expect(statement.fromDate == Self.date("2026-03-01"))
        #expect(statement.toDate == Self.date("2026-03-31"))
        #expect(
            statement.balances == [
                BankBalance(kind: .opening, amount: Self.php(15_000_000), date: Self.date("2026-03-01")),
                BankBalance(kind: .closing, amount: Self.php(23_676_050), date: Self.date("2026-03-31")),
                BankBalance(kind: .available, amount: Self.php(23_676_050), date: Self.date("2026-03-31")),
            ])
    }

    @Test func customerPaymentsCarryInvoiceNumbersAndCounterparties() throws {
        let lines = try #require(Self.read("tala-foods-053-v08.xml").statements.first).lines
        try #require(lines.count == 6)
        #expect(
            lines[0]
                == BankStatementLine(
                    amount: Self.php(5_600_000), bookingDate: Self.date("2026-03-05")!,
                    valueDate: Self.date("2026-03-05"), bankReference: "BDO-20260305-0001",
                    endToEndID: "BITUIN-PAY-0042", counterpartyName: "Bituin Hardware Corp.",
                    counterpartyAccount: "3005551234", remittance: "Bayad sa INV-2026-000123",
                    transactionCode: "PMNT/RCDT/DMCT", position: "statement 1, entry 1"))
        // NOTPROVIDED is no end-to-end id; the RF reference is both the creditor reference and remittance text.
        #expect(
            lines[1]
                == BankStatementLine(
                    amount: Self.php(1_120_000), bookingDate: Self.date("2026-03-09")!,
                    valueDate: Self.date("2026-03-10"), bankReference: "BDO-20260309-0007",
                    counterpartyName: "Peñafrancia Bakeshop & Café",
                    remittance: "INV-2026-000124 RF52TALA2026000124", creditorReference: "RF52TALA2026000124",
                    transactionCode: "PMNT/RCDT/ESCT", position: "statement 1, entry 2"))
    }

    @Test func batchEntryIsSplitIntoItsTransactions() throws {
        let lines = try #require(Self.read("tala-foods-053-v08.xml").statements.first).lines
        try #require(lines.count == 6)
        let batch = Array(lines[2...3])
        #expect(batch.map(\.amount) == [Self.php(1_230_025), Self.php(1_300_025)])
        #expect(batch.map(\.bookingDate) == [Self.date("2026-03-16"), Self.date("2026-03-16")])
        // The first has its own transaction id; the second gets the entry's reference with its number.
        #expect(batch.map(\.bankReference) == ["INSTAPAY-88001", "BDO-20260316-0101#2"])
        #expect(batch.map(\.endToEndID) == ["KAPIHAN-0316-1", "SARISARI-0316"])
        #expect(batch.map(\.counterpartyName) == ["Kapihan sa Cebu", "Sari-sari Store ni Aling Nena"])
        #expect(batch.map(\.counterpartyAccount) == [nil, "1098-7654-32"])
        #expect(batch.map(\.remittance) == ["INV-2026-000125", "INV-2026-000126 <huling bayad>"])
        #expect(
            batch.map(\.position) == ["statement 1, entry 3, transaction 1", "statement 1, entry 3, transaction 2"])
        #expect(batch.allSatisfy { $0.transactionCode == "PMNT/RCDT/BOOK" && $0.isBooked && !$0.isReversal })
    }

    @Test func paymentOutNamesThePayeeAndAReturnIsAReversal() throws {
        let lines = try #require(Self.read("tala-foods-053-v08.xml").statements.first).lines
        try #require(lines.count == 6)
        #expect(lines[4].amount == Self.php(-224_000))
        #expect(lines[4].counterpartyName == "Manila Electric Company")
        #expect(lines[4].counterpartyAccount == "MERALCO-0001")
        #expect(lines[4].transactionCode == "BILLS")
        #expect(lines[4].valueDate == nil)
        #expect(!lines[4].isReversal)
        #expect(lines[5].amount == Self.php(-350_000))
        #expect(lines[5].isReversal)
        #expect(lines[5].remittance == "INV-2026-000120 Return AM04 Kulang ang pondo")
        // A returned direct debit goes back to the customer who paid it.
        #expect(lines[5].counterpartyName == "Bituin Hardware Corp.")
        #expect(lines[5].endToEndID == "TALA-DD-000120")
    }

    // MARK: - A camt.053 v02 statement with problems (Fixtures/bank/camt/mismatch-053-v02.xml)

    @Test func problemsAreWarningsInFileOrder() throws {
        let file = try Self.read("mismatch-053-v02.xml")
        #expect(file.warnings.map(\.code) == [.amountRounded, .batchMismatch, .balanceMismatch])
        #expect(
            file.warnings.map(\.position) == [
                "statement 1, entry 1", "statement 1, entry 2", "statement 1 (BITUIN-USD-APR)",
            ])
        #expect(
            file.warnings.last?.message
                == "opening balance plus the lines is 15750.13 PHP, the closing balance is 16000.00 PHP")
    }

    @Test func flatShapesRoundingAndAnUnsplittableBatch() throws {
        let statement = try #require(Self.read("mismatch-053-v02.xml").statements.first)
        #expect(
            statement.account
                == BankAccountReference(
                    iban: "PH12345678901234", bankIdentifier: "MBTCPHMM", name: "Bituin Hardware Corp."))
        #expect(statement.balances.map(\.kind) == [.opening, .other, .closing])
        #expect(statement.balances.map(\.amount) == [Self.php(1_000_000), Self.php(-12_540), Self.php(1_600_000)])
        let lines = statement.lines
        try #require(lines.count == 3)
        // 1500.125 is rounded half up; the wrapped Ustrd is one line of text, &#x2013; an en dash.
        #expect(lines[0].amount == Self.php(150_013))
        #expect(lines[0].counterpartyName == "Tala Foods Trading Inc.")
        #expect(lines[0].remittance == "Payment for INV-2026-000130 – salamat")
        // Three transactions, one without an amount: kept as the entry, with every invoice number.
        #expect(lines[1].amount == Self.php(450_000))
        #expect(lines[1].bankReference == "MB-0410-02")
        #expect(lines[1].counterpartyName == "Kapihan sa Cebu")
        #expect(lines[1].remittance == "INV-2026-000131 INV-2026-000132 INV-2026-000133")
        #expect(lines[1].position == "statement 1, entry 2")
        // No transaction details: the entry's additional information is the remittance.
        #expect(lines[2].amount == Self.php(-25_000))
        #expect(lines[2].remittance == "Service charge April")
        #expect(lines[2].transactionCode == "FEE")
        #expect(lines[2].counterpartyName == nil)
    }

    // MARK: - camt.052 and camt.054

    @Test func reportWithPrefixesHasPendingLines() throws {
        let file = try Self.read("report-052-v08.xml")
        #expect(file.format == .camt052)
        let statement = try #require(file.statements.first)
        #expect(statement.identifier == "TALA-RPT-0415-1200")
        #expect(
            statement.balances == [
                BankBalance(kind: .other, amount: Self.php(9_800_000), date: Self.date("2026-04-15"))
            ])
        try #require(statement.lines.count == 2)
        #expect(statement.lines[0].isBooked)
        #expect(statement.lines[0].bookingDate == Self.date("2026-04-15"))
        #expect(statement.lines[0].counterpartyName == "Bituin Hardware Corp.")
        #expect(!statement.lines[1].isBooked)
        #expect(statement.lines[1].bookingDate == Self.date("2026-04-16"))
        #expect(statement.lines[1].remittance == "Incoming PESONet INV-2026-000141")
        #expect(file.warnings.map(\.code) == [.other])
        #expect(file.warnings.first?.position == "statement 1, entry 2")
    }

    @Test func notificationWithReversalIndicator() throws {
        let file = try Self.read("notification-054-v04.xml")
        #expect(file.format == .camt054)
        let line = try #require(file.statements.first?.lines.first)
        #expect(line.amount == Self.php(-98_000))
        #expect(line.isReversal)
        #expect(line.bankReference == "NTF-77-REV")
        #expect(line.endToEndID == "KAPIHAN-0430")
        #expect(line.counterpartyName == "Kapihan sa Cebu")
        #expect(file.warnings == [])
    }

    @Test func aLargeStatementReadsEveryEntry() throws {
        let count = 5_000
        var xml = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><Stmt>"
        xml += "<Id>BIG</Id><Acct><Id><Othr><Id>0012345678</Id></Othr></Id><Ccy>PHP</Ccy></Acct>"
        for index in 1...count {
            xml += """
                <Ntry><Amt Ccy="PHP">\(index).25</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>2026-06-01</Dt></BookgDt><AcctSvcrRef>R\(index)</AcctSvcrRef>
                <NtryDtls><TxDtls><RmtInf><Ustrd>INV-2026-\(index)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                """
        }
        xml += "</Stmt></BkToCstmrStmt></Document>"
        let lines = try #require(CamtReader.read(Data(xml.utf8)).statements.first).lines
        #expect(lines.count == count)
        // Σ (index × 100 + 25) for index 1…5000.
        #expect(lines.reduce(Int64(0)) { $0 + $1.amount.minorUnits } == 1_250_250_000 + 125_000)
        #expect(lines.last?.remittance == "INV-2026-5000")
        #expect(lines.last?.bankReference == "R5000")
    }

    // MARK: - Files that are not read

    @Test func otherISOMessageIsUnsupported() throws {
        let data = try Data(contentsOf: TestFiles.fixture("bank/camt/payment-initiation.xml"))
        let error = Self.error { () throws(BankFileError) in try CamtReader.read(data) }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("CstmrCdtTrfInitn") == true)
    }

    @Test func otherXMLIsUnrecognisedAndBrokenXMLMalformed() {
        let html = Self.error { () throws(BankFileError) in try CamtReader.read(Data("<html><body/></html>".utf8)) }
        #expect(html?.code == .unrecognised)
        let broken = Self.error { () throws(BankFileError) in
            try CamtReader.read(Data("<Document>\n<BkToCstmrStmt>\n</Document>".utf8))
        }
        #expect(broken?.code == .malformed)
        #expect(broken?.position == "line 3")
    }

    @Test func messageWithoutStatementIsMalformed() {
        let empty = Self.error { () throws(BankFileError) in
            try CamtReader.read(Data("<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>".utf8))
        }
        #expect(empty?.code == .malformed)
        #expect(empty?.message.contains("<Stmt>") == true)
    }

    @Test(arguments: [
        ("2015-03-10T18:43:50+01:00", "2015-03-10", 1_426_009_430.0),
        ("2025-07-24T06:10:29.000000000", "2025-07-24", 1_753_337_429.0),
        ("2014-01-03T22:01:36.0-02:30", "2014-01-03", 1_388_795_496.0),
        ("2026-03-31T00:00:00Z", "2026-03-31", 1_774_915_200.0),
    ])
    func dateTimesKeepTheirWrittenDateAndTheirInstant(text: String, date: String, seconds: Double) throws {
        let parsed = try #require(CamtReader.parseDateTime(text))
        #expect(parsed.date == Self.date(date))
        #expect(parsed.instant == Date(timeIntervalSince1970: seconds))
    }

    @Test func unknownCurrencyHasTwoDecimals() throws {
        let currency = try #require(CamtReader.currency("RON"))
        #expect(currency == Currency(code: "RON", minorUnitDigits: 2, symbol: "RON"))
        #expect(CamtReader.currency("JPY")?.minorUnitDigits == 0)
        #expect(CamtReader.currency("P1") == nil)
    }
}

/// The genkgo/camt samples and their JSON snapshots, and a real German statement (conformance: skipped without the
/// samples folder).
@Suite(.timeLimit(.minutes(20))) struct CamtConformanceTests {
    static let folder = "bank/camt/genkgo-camt/data"

    static func number(_ value: Any?) -> Int64? {
        if let text = value as? String { return Int64(text) }
        if let number = value as? NSNumber { return number.int64Value }
        return nil
    }

    /// genkgo's balance type names as Benta's kinds.
    static func kind(_ type: String?) -> BankBalance.Kind {
        switch type {
        case "opening": .opening
        case "closing": .closing
        case "closing_available": .available
        case "forward_available": .forwardAvailable
        default: .other
        }
    }

    /// The lines of a statement grouped by the entry they came from, in order.
    static func entries(of statement: BankStatement) -> [[BankStatementLine]] {
        var groups: [[BankStatementLine]] = []
        var last: String?
        for line in statement.lines {
            let entry = line.position.components(separatedBy: ", transaction").first ?? line.position
            if entry == last, !groups.isEmpty {
                groups[groups.count - 1].append(line)
            } else {
                groups.append([line])
                last = entry
            }
        }
        return groups
    }

    @Test(.conformance) func everySampleButTheWrongOneReads() throws {
        let files = Samples.files(in: Self.folder, withExtensions: ["xml"])
        #expect(files.count == 26)
        for url in files where url.lastPathComponent != "camt053.v2.wrong.xml" {
            let file = try CamtReader.read(Data(contentsOf: url))
            #expect(!file.statements.isEmpty, "\(url.lastPathComponent)")
        }
    }

    @Test(.conformance) func theWrongSampleFailsClearly() throws {
        let data = try Data(contentsOf: Samples.url("\(Self.folder)/camt053.v2.wrong.xml"))
        do {
            let file = try CamtReader.read(data)
            #expect(file.statements.allSatisfy { $0.lines.isEmpty })
        } catch {
            #expect(error.code == .malformed)
            #expect(!error.message.isEmpty)
        }
    }

    @Test(.conformance) func linesAndBalancesMatchTheSnapshots() throws {
        let files = Samples.files(in: Self.folder, withExtensions: ["json"])
        #expect(files.count == 25)
        var comparedEntries = 0
        var comparedBalances = 0
        for url in files {
            let name = url.lastPathComponent
            let snapshot = try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "\(name)")
            let file = try CamtReader.read(Data(contentsOf: url.deletingPathExtension().appendingPathExtension("xml")))
            let records = snapshot["getRecords"] as? [Any] ?? []
            #expect(file.statements.count == records.count, "\(name)")
            var statementIndex = -1
            var entryIndex = 0
            for case let entry as [String: Any] in snapshot["getEntries"] as? [Any] ?? [] {
                // An entry's record is written out the first time it appears, "__RECURSIVITY__" after that.
                if let record = entry["getRecord"] as? [String: Any] {
                    let identifier = record["getId"] as? String
                    statementIndex = try #require(
                        file.statements.firstIndex { $0.identifier == identifier }, "\(name): \(identifier ?? "-")")
                    entryIndex = 0
                    let statement = file.statements[statementIndex]
                    let balances = record["getBalances"] as? [[String: Any]] ?? []
                    #expect(statement.balances.count == balances.count, "\(name)")
                    for (balance, expected) in zip(statement.balances, balances) {
                        let amount = expected["getAmount"] as? [String: Any]
                        let currency = (amount?["getCurrency"] as? [String: Any])?["getCode"] as? String
                        #expect(balance.amount.minorUnits == Self.number(amount?["getAmount"]), "\(name)")
                        #expect(balance.amount.currency.code == currency, "\(name)")
                        #expect(balance.kind == Self.kind(expected["getType"] as? String), "\(name)")
                        if let date = (expected["getDate"] as? [String: Any])?["0"] as? String {
                            #expect(balance.date?.iso8601String == String(date.prefix(10)), "\(name)")
                        }
                        comparedBalances += 1
                    }
                }
                try #require(statementIndex >= 0, "\(name)")
                let index = (entry["getIndex"] as? Int) ?? entryIndex
                entryIndex += 1
                let groups = Self.entries(of: file.statements[statementIndex])
                let lines = try #require(index < groups.count ? groups[index] : nil, "\(name): entry \(index)")
                let amount = entry["getAmount"] as? [String: Any]
                let currency = (amount?["getCurrency"] as? [String: Any])?["getCode"] as? String
                #expect(lines.reduce(0) { $0 + $1.amount.minorUnits } == Self.number(amount?["getAmount"]), "\(name)")
                #expect(lines.allSatisfy { $0.amount.currency.code == currency }, "\(name)")
                if let booked = (entry["getBookingDate"] as? [String: Any])?["0"] as? String {
                    #expect(lines.allSatisfy { $0.bookingDate.iso8601String == String(booked.prefix(10)) }, "\(name)")
                }
                if let reference = entry["getAccountServicerReference"] as? String {
                    if lines.count == 1 {
                        #expect(lines[0].bankReference == reference, "\(name)")
                    } else {
                        #expect(lines.allSatisfy { $0.bankReference?.hasPrefix(reference) == true }, "\(name)")
                    }
                }
                let status = entry["getStatus"] as? String
                #expect(lines.allSatisfy { $0.isBooked == (status != "PDNG" && status != "INFO") }, "\(name)")
                #expect(
                    lines.allSatisfy { $0.isReversal == (entry["getReversalIndicator"] as? Bool ?? false) }, "\(name)")
                comparedEntries += 1
            }
        }
        // Every snapshot but the one without entries names one entry; the balances are those of its statement.
        #expect(comparedEntries == 24)
        #expect(comparedBalances > 40)
    }

    @Test(.conformance) func germanStatementSplitsItsBatchAndFlagsItsReturn() throws {
        let file = try CamtReader.read(Data(contentsOf: Samples.url("bank/camt/actualbudget/camt.053.xml")))
        let statement = try #require(file.statements.first)
        #expect(statement.account.iban == "DE14740618130000033626")
        #expect(statement.account.bankIdentifier == "GENODEF1PFK")
        let euro = { (minorUnits: Int64) in Money(minorUnits: minorUnits, currency: .eur) }
        #expect(statement.lines.map(\.amount) == [60, 50, -8985, 120, -8000, 225, 120].map(euro))
        let batch = statement.lines.filter { $0.position.hasPrefix("statement 1, entry 6,") }
        #expect(batch.map(\.amount) == [euro(225), euro(120)])
        #expect(batch.map(\.remittance) == ["Lastschrift 2. Zahlung TAN:747216", "Lastschrift 1. Zahlung TAN:747216"])
        #expect(batch.map(\.counterpartyName) == ["Testkonto Nummer 2", "Testkonto Nummer 2"])
        let returned = statement.lines[3]
        #expect(returned.isReversal)
        #expect(returned.remittance.contains("MD06"))
        #expect(statement.lines.filter(\.isReversal).count == 1)
        // The Swiss QR reference is a creditor reference.
        #expect(statement.lines[4].creditorReference == "002462")
        #expect(statement.lines[4].counterpartyName == "Rega")
        #expect(file.warnings.map(\.code) == [.balanceMismatch])
    }

    /// Our own fixtures are valid camt by the official XSDs (xmllint; the XSDs come with the samples).
    @Test(
        .conformance,
        arguments: [
            ("tala-foods-053-v08.xml", "camt.053.001.08.xsd"),
            ("report-052-v08.xml", "camt.052.001.08.xsd"),
            ("notification-054-v04.xml", "camt.054.001.04.xsd"),
        ])
    func ourFixturesPassTheSchema(fixture: String, schema: String) async throws {
        let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let xmllint else {
            #expect(
                !TestFiles.requiresValidators, "xmllint is not installed and BENTA_REQUIRE_VALIDATORS=1 requires it")
            print("skipped: xmllint is not installed (apt-get install libxml2-utils)")
            return
        }
        let xsd = try Samples.url("bank/camt/genkgo-camt/xsd/\(schema)")
        let run = try await ChildProcess.run(
            xmllint, ["--noout", "--nonet", "--schema", xsd.path, TestFiles.fixture("bank/camt/\(fixture)").path])
        #expect(run.status == 0, "\(run.errorText)")
    }
}
