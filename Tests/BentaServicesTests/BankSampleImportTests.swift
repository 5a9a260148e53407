import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// Issue 12: "every valid sample in ../shared/testdata/bank/ imports" — each camt, MT940, OFX and CSV sample goes
/// through the real statement import into a database on each engine (conformance: skipped by name without the
/// samples folder, failed when `BENTA_REQUIRE_SAMPLES=1`). `expectedRefusals` lists the samples that must be refused,
/// each with its reason class; every other sample must import: file every booked line of each statement (none a
/// duplicate) and end `imported`. So the test fails when a valid sample stops importing and when a listed one starts
/// to. A refused sample is refused with a clear error on `file` and leaves no statement behind. Each sample gets a
/// company of its own, so samples that share an account do not dedupe each other.
@Suite(.timeLimit(.minutes(20))) struct BankSampleImportTests {
    /// The samples of each format, sorted by path (the camt XSDs aside).
    static func samples() -> [URL] {
        Samples.files(in: "bank/camt", withExtensions: ["xml"])
            + Samples.files(in: "bank/mt940", withExtensions: ["sta", "txt"])
            + Samples.files(in: "bank", withExtensions: ["ofx"])
            + Samples.files(in: "bank/csv", withExtensions: ["csv"])
    }

    /// The samples their folders mark as broken: refused with a clear error, or read with a warning.
    static func isMarkedBroken(_ url: URL) -> Bool {
        let name = url.lastPathComponent
        return url.path.contains("/fail_nice/") || ["wrong", "invalid", "broken"].contains { name.contains($0) }
    }

    /// The sample's path below `bank/`, for messages.
    static func name(_ url: URL) -> String {
        let parts = url.pathComponents
        guard let index = parts.lastIndex(of: "bank") else { return url.lastPathComponent }
        return parts[(index + 1)...].joined(separator: "/")
    }

    /// A company of its own with an admin (who has every duty), for one sample.
    static func company(_ world: TestWorld, index: Int) async throws -> User {
        let company = try await world.services.companies.create(
            settings: CompanySettings(
                name: "Sample \(index)", registeredName: "Sample \(index) Inc.", registeredAddress: "Makati City",
                tin: try TaxpayerID(parsing: "009123456"), isVATRegistered: true, country: .PH, baseCurrency: .php,
                timeZone: TimeZone(identifier: "Asia/Manila") ?? .gmt, defaultLanguage: .english))
        return try await world.services.users.add(
            companyID: company.id, email: "sample\(index)@samples.test", name: "Sample Admin \(index)", role: .admin,
            password: TestWorld.password)
    }

    /// The company bank accounts the file's statements name (one per account and currency), or one account for a
    /// file whose statements name none, given to the import.
    static func bankAccounts(
        for file: BankFile, world: TestWorld, viewer: Viewer
    ) async throws -> BankAccount.ID? {
        var made: Set<String> = []
        var unnamed = false
        for statement in file.statements {
            let currency = statement.currency ?? statement.lines.first?.amount.currency ?? .php
            let iban = statement.account.iban.flatMap { BankAccountDraft.isValidIBAN($0) ? $0 : nil }
            let number = iban == nil ? statement.account.number ?? statement.account.key : nil
            guard iban != nil || number != nil else {
                unnamed = true
                continue
            }
            let key = (iban ?? number ?? "") + " " + currency.code
            guard made.insert(key).inserted else { continue }
            _ = try await world.services.payments.createBankAccount(
                BankAccountDraft(
                    name: "Sample \(made.count)", bank: "Sample bank", number: number.map { String($0.prefix(40)) },
                    iban: iban, currency: currency.code), viewer: viewer)
        }
        guard unnamed else { return nil }
        let currency = file.statements.first?.currency ?? file.statements.first?.lines.first?.amount.currency ?? .php
        return try await world.services.payments.createBankAccount(
            BankAccountDraft(
                name: "Unnamed", bank: "Sample bank", number: "SAMPLE-0001", iban: nil,
                currency: currency.code), viewer: viewer
        ).id
    }

    /// Every line filed under a statement, read page by page.
    static func filedLines(
        _ statementID: ImportedStatement.ID, payments: PaymentService, viewer: Viewer
    ) async throws -> Int {
        var count = 0
        var cursor: String?
        repeat {
            let page = try await payments.statementLines(
                viewer: viewer, status: nil, statementID: statementID,
                page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        return count
    }

    /// Why a sample is refused.
    enum Refusal: String, CaseIterable {
        /// A file its folder marks as wrong or invalid (fails its schema, or is no MT940 at all).
        case broken = "broken file"
        /// A parser unit test's snippet: one field, or one `:61:` line, with no statement (`:20:`, account, balances)
        /// around it.
        case fragment = "MT940 fragment, not a statement"
        /// An OFX investment statement (Benta reads bank and credit-card statements).
        case investment = "investment statement"
        /// An OFX answer that is only the bank server's error.
        case serverError = "server error, no statement"
        /// An OFX answer holding no statement (signon only, an account list, a transfer).
        case noStatement = "no statement in the file"
        /// A statement in a currency withdrawn from ISO 4217 (DEM): no company bank account can be kept in it.
        case withdrawnCurrency = "withdrawn currency"
        /// A CSV export no profile can read: it has no header row to name its columns (`mint_headerless`).
        case needsCustomProfile = "CSV export without a header row"

        /// Whether `observed` is this refusal.
        func accepts(_ observed: Observed) -> Bool {
            switch (self, observed) {
            case (.broken, .readerRefused): true
            case (.fragment, .readerRefused(let error)): error.code == .unrecognised
            case (.investment, .readerRefused(let error)):
                error.code == .unsupported && error.message.contains("investment")
            case (.serverError, .readerRefused(let error)):
                error.code == .unsupported && error.message.contains("server")
            case (.noStatement, .noStatement): true
            case (.withdrawnCurrency, .currencyRefused): true
            case (.needsCustomProfile, .readerRefused(let error)):
                // No ready profile's columns are there, or the one whose columns are cannot read its dates.
                (error.code == .unrecognised && error.message.contains("profile"))
                    || (error.code == .malformed && error.message.contains("date"))
            default: false
            }
        }
    }

    /// What happened to a sample.
    enum Observed: CustomStringConvertible {
        case imported
        case readerRefused(BankFileError)
        case noStatement
        case currencyRefused
        case importRefused(String)

        var description: String {
            switch self {
            case .imported: "imported"
            case .readerRefused(let error): "refused by the reader (\(error.code.rawValue)): \(error.message)"
            case .noStatement: "refused: no statement"
            case .currencyRefused: "no company bank account in its currency"
            case .importRefused(let reason): "refused by the import: \(reason)"
            }
        }
    }

    /// The samples that must be refused, by their path below `bank/`, with the reason; every other sample imports.
    static let expectedRefusals: [String: Refusal] = {
        var list: [String: Refusal] = [
            "camt/genkgo-camt/data/camt053.v2.wrong.xml": .broken,
            "mt940/wolph-mt940/self-provided/invalid_statement.sta": .broken,
            "mt940/wolph-mt940/self-provided/empty_non_swift.sta": .fragment,
            "mt940/wolph-mt940/self-provided/account_identification.sta": .fragment,
            "mt940/wolph-mt940/self-provided/sparkassen.sta": .fragment,
            "mt940/wolph-mt940/cmxl/mt940.sta": .withdrawnCurrency,
            "mt940/wolph-mt940/self-provided/raphaelm.sta": .withdrawnCurrency,
            "ofx/ofxparse/error_message.ofx": .serverError,
            "ofx/ofxparse/signon_fail.ofx": .serverError,
            "ofx/ofxparse/account_listing_aggregation.ofx": .noStatement,
            "ofx/ofxparse/bank_small.ofx": .noStatement,
            "ofx/ofxparse/signon_success.ofx": .noStatement,
            "ofx/ofxparse/signon_success_no_message.ofx": .noStatement,
            "csv/csv2ofx/expected/default_w_splits.ofx": .noStatement,
            "csv/csv2ofx/expected/mint.ofx": .noStatement,
        ]
        for name in [
            "amount_formats", "currency_in_25", "empty_86", "empty_entry_date", "empty_line", "missing_crlf_at_end",
        ] {
            list["mt940/wolph-mt940/betterplace/\(name).sta"] = .fragment
        }
        for name in [
            "account_balance_credit", "account_balance_debit", "account_identification_iban",
            "account_identification_legacy", "available_balance", "closing_balance", "reference", "statement_details",
            "statement_line", "statement_number",
        ] {
            list["mt940/wolph-mt940/cmxl/\(name).sta"] = .fragment
        }
        for name in [
            "fidelity-savings", "fidelity", "investment_401k", "investment_medium", "td_ameritrade", "tiaacref",
            "vanguard", "vanguard401k",
        ] {
            list["ofx/ofxparse/\(name).ofx"] = .investment
        }
        list["csv/csv2ofx/input/mint_headerless.csv"] = .needsCustomProfile
        return list
    }()

    /// The company's own profile each csv2ofx export is imported with (no ready profile fits them), written from
    /// each file's header and first rows; saved through the service before the import names it.
    static let savedProfiles: [String: BankCSVProfile] = {
        func profile(
            _ name: String, delimiter: Character? = nil, date: String, description: String, payee: String? = nil,
            reference: String? = nil, amount: BankCSVProfile.AmountConvention, balance: String? = nil,
            formats: [String], decimal: BankCSVProfile.NumberFormat.DecimalSeparator = .point, currency: Currency
        ) -> BankCSVProfile {
            BankCSVProfile(
                id: "new", name: name, delimiter: delimiter, dateColumn: date, descriptionColumn: description,
                payeeColumn: payee, referenceColumn: reference, amount: amount, balanceColumn: balance,
                dateFormats: formats, numberFormat: BankCSVProfile.NumberFormat(decimalSeparator: decimal),
                currency: currency)
        }
        let usd = Currency(code: "USD") ?? .php
        let eur = Currency(code: "EUR") ?? .php
        let schwab = profile(
            "Schwab checking", date: "Date", description: "Description", reference: "CheckNumber",
            amount: .debitCredit("Withdrawal", "Deposit"), balance: "RunningBalance", formats: ["MM/dd/yyyy"],
            currency: usd)
        let mint = profile(
            "Mint", date: "Date", description: "Description",
            amount: .amountWithIndicator("Amount", "Transaction Type", creditValues: ["credit"]),
            formats: ["M/d/yy"], currency: usd)
        let stripe = profile(
            "Stripe", date: "created", description: "description", reference: "id", amount: .signedAmount("amount"),
            formats: ["yyyy-MM-dd"], currency: Currency(code: "CAD") ?? .php)
        var list: [String: BankCSVProfile] = [
            "amazon": profile(
                "Amazon orders", date: "date", description: "items", reference: "order id",
                amount: .signedAmount("total"), formats: ["yyyy-MM-dd"], currency: usd),
            "capitalone": profile(
                "Capital One", date: "Transaction Date", description: "Description",
                amount: .debitCredit("Debit", "Credit"), formats: ["yyyy-MM-dd"], currency: usd),
            "creditunion": profile(
                "Credit union", date: "Date", description: "Description", reference: "Check Number",
                amount: .signedAmount("Amount"), formats: ["M/d/yy"], currency: usd),
            "gls": profile(
                "GLS Bank", delimiter: ";", date: "Buchungstag", description: "Buchungstext",
                amount: .signedAmount("Betrag"), balance: "Kontostand", formats: ["dd.MM.yyyy"], decimal: .comma,
                currency: eur),
            "ingesp": profile(
                "ING Spain", date: "date", description: "desc", amount: .signedAmount("amount"), balance: "balance",
                formats: ["dd/MM/yyyy"], currency: eur),
            "mint": mint, "mint_extra": mint,
            "n26-fr": profile(
                "N26", date: "Booking Date", description: "Type", payee: "Partner Name",
                amount: .signedAmount("Amount (EUR)"), formats: ["yyyy-MM-dd"], currency: eur),
            "outbank": profile(
                "Outbank", delimiter: ";", date: "Date", description: "Reason", payee: "Name",
                amount: .signedAmount("Amount"), formats: ["M/d/yy"], decimal: .comma, currency: eur),
            "payoneer": profile(
                "Payoneer", date: "Transaction Date", description: "Description", reference: "Transaction ID",
                amount: .debitCredit("Debit Amount", "Credit Amount"), balance: "Running Balance",
                formats: ["MM/dd/yyyy"], currency: usd),
            "pcmastercard": profile(
                "PC Mastercard", date: "Date", description: "Merchant Name", amount: .signedAmount("Amount"),
                formats: ["MM/dd/yyyy"], currency: Currency(code: "CAD") ?? .php),
            "schwab-checking": schwab, "stripe-all": stripe, "stripe-default": stripe,
            "ubs-ch-fr_trimmed": profile(
                "UBS", delimiter: ";", date: "Date de valeur", description: "Description 1", payee: "Description 2",
                reference: "N° de transaction", amount: .debitCredit("Débit", "Crédit"), balance: "Solde",
                formats: ["dd.MM.yyyy"], currency: Currency(code: "CHF") ?? .php),
            "xero": profile(
                "Xero journal", date: "JournalDate", description: "Description", reference: "Reference",
                amount: .signedAmount("NetAmount"), formats: ["dd-MMM-yy"], currency: usd),
        ]
        for index in 1...7 { list["schwab-checking-baltest-case\(index)"] = schwab }
        return Dictionary(uniqueKeysWithValues: list.map { ("csv/csv2ofx/input/\($0.key).csv", $0.value) })
    }()

    /// Takes one sample through the reader and the import into its own company; checks what every import and
    /// every refusal must hold (all booked lines filed, or a clear error and nothing left behind).
    static func observe(
        _ url: URL, index: Int, world: TestWorld
    ) async throws -> Observed {
        let payments = world.services.payments
        let name = Self.name(url)
        let data = try Data(contentsOf: url)
        let viewer = try await Self.company(world, index: index).viewer
        func refusedOnFile() async throws {
            do {
                _ = try await payments.importStatement(
                    data, fileName: url.lastPathComponent, bankAccountID: nil, profileID: nil, viewer: viewer)
                Issue.record("\(name): imported, but the reader finds no statement in it")
            } catch let errors as ValidationErrors {
                #expect(errors["file"].count == 1, "\(name): \(errors)")
                #expect(errors["file"].allSatisfy { !$0.message.isEmpty }, "\(name)")
            }
            let left = try await payments.statements(viewer: viewer, page: PageRequest())
            #expect(left.items.isEmpty, "\(name): a refused file left a statement")
        }
        // A csv2ofx export: saved as the company's own profile first, then named by the import.
        var profileID: String?
        var profile: BankCSVProfile?
        if let layout = Self.savedProfiles[name] {
            let saved = try await payments.createBankCSVProfile(layout, viewer: viewer)
            profile = saved.profile
            profileID = saved.record.id.description
        }
        let file: BankFile
        do {
            file = try BankFileReader.read(data, profile: profile)
        } catch {
            try await refusedOnFile()
            return .readerRefused(error)
        }
        if file.statements.isEmpty {
            try await refusedOnFile()
            return .noStatement
        }
        let given: BankAccount.ID?
        do {
            given = try await Self.bankAccounts(for: file, world: world, viewer: viewer)
        } catch let errors as ValidationErrors where errors["currency"].map(\.code) == ["invalid_currency"] {
            return .currencyRefused
        }
        let result: PaymentService.StatementImport
        do {
            result = try await payments.importStatement(
                data, fileName: url.lastPathComponent, bankAccountID: given, profileID: profileID, viewer: viewer)
        } catch {
            return .importRefused("\(error)")
        }
        #expect(result.statements.count == file.statements.count, "\(name)")
        for (statement, read) in zip(result.statements, file.statements) {
            let booked = read.lines.filter(\.isBooked).count
            let stored = try await payments.statement(statement.id, viewer: viewer)
            #expect(stored.importStatus == .imported, "\(name): \(stored.importStatus)")
            #expect(stored.lineCount == booked, "\(name): filed \(stored.lineCount) of \(booked)")
            #expect(stored.duplicateCount == 0, "\(name)")
            #expect(stored.linesTotal == booked, "\(name)")
            let filed = try await Self.filedLines(statement.id, payments: payments, viewer: viewer)
            #expect(filed == booked, "\(name): \(filed) lines in the queue, \(booked) in the file")
        }
        if Self.isMarkedBroken(url) {
            #expect(!file.warnings.isEmpty, "\(name) is marked broken but read without a warning")
        }
        return .imported
    }

    @Test(.conformance, arguments: TestEngine.available)
    func everyValidSampleImportsAndEveryBrokenOneIsRefused(engine: TestEngine) async throws {
        let files = Self.samples()
        #expect(files.count >= 100, "only \(files.count) bank samples found")
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var imported = 0
            var refused: [Refusal: Int] = [:]
            var seen = Set<String>()
            for (index, url) in files.enumerated() {
                let name = Self.name(url)
                seen.insert(name)
                let observed = try await Self.observe(url, index: index, world: world)
                switch (Self.expectedRefusals[name], observed) {
                case (nil, .imported):
                    imported += 1
                case (nil, let observed):
                    Issue.record("\(name) should import: \(observed)")
                case (let expected?, let observed) where expected.accepts(observed):
                    refused[expected, default: 0] += 1
                case (let expected?, let observed):
                    Issue.record("\(name) should be refused as \(expected.rawValue): \(observed)")
                }
            }
            let missing = Set(Self.expectedRefusals.keys).subtracting(seen)
            #expect(missing.isEmpty, "listed samples not found: \(missing.sorted())")
            let byClass = Refusal.allCases.compactMap { refusal in
                refused[refusal].map { "\(refusal.rawValue) \($0)" }
            }
            let viaSaved = Set(Self.savedProfiles.keys).intersection(seen).count
            #expect(viaSaved == Self.savedProfiles.count, "csv2ofx samples not found")
            print(
                "bank samples on \(engine): \(imported) of \(files.count) samples import "
                    + "(\(viaSaved) through saved profiles), "
                    + "\(refused.values.reduce(0, +)) rightly refused (\(byClass.joined(separator: ", "))), 0 crashes")
        }
    }
}
