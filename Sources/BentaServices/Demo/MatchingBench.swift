import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The matching benchmark of issue 12 (`benta bench matching`): a generated company with `invoices` open invoices
/// (``ScaleLoader`` without payments), a statement of `lines` money-in lines paying them in the mixed ways of
/// ``StatementLineMaker``, written as a bank file, then timed: reading the file, a raw bulk insert of the same rows
/// into `bank_statement_lines` (the reference: what the database can do), and `importStatement` — the same file
/// read, its lines filed and matched, the sure ones recorded as payments — in the same run.
public struct MatchingBench: Sendable {
    /// What one run measured.
    public struct Figures: Sendable {
        public var invoices: Int
        public var openInvoices: Int
        public var lines: Int
        public var format: BankFileFormat
        public var fileBytes: Int
        public var loadSeconds: Double
        public var readSeconds: Double
        public var rawInsertSeconds: Double
        public var importSeconds: Double
        public var autoMatched: Int
        public var waiting: Int
        public var setAside: Int
        /// The import's time per phase, summed over its batches (filing the lines, reading the candidates,
        /// matching, recording the sure ones), in that order.
        public var phases: [(name: String, seconds: Double)] = []

        /// The import's time over the raw insert's.
        public var ratio: Double { importSeconds / max(rawInsertSeconds, 0.000_001) }

        /// One JSON object with every figure.
        public var json: String {
            String(
                format: "{\"invoices\": %d, \"open_invoices\": %d, \"lines\": %d, \"format\": \"%@\", "
                    + "\"file_bytes\": %d, \"load_seconds\": %.3f, \"read_seconds\": %.3f, "
                    + "\"raw_insert_seconds\": %.3f, \"import_seconds\": %.3f, \"import_over_raw\": %.1f, "
                    + "\"import_lines_per_second\": %.0f, \"auto_matched\": %d, \"waiting\": %d, \"set_aside\": %d, "
                    + "\"phase_seconds\": {%@}}",
                invoices, openInvoices, lines, format.rawValue, fileBytes, loadSeconds, readSeconds, rawInsertSeconds,
                importSeconds, ratio, Double(lines) / max(importSeconds, 0.000_001), autoMatched, waiting, setAside,
                phases.map { String(format: "\"%@\": %.3f", $0.name, $0.seconds) }.joined(separator: ", "))
        }
    }

    let services: Services
    let lines: Int
    let invoices: Int
    let format: BankFileFormat
    let seed: UInt64
    let progress: @Sendable (String) -> Void

    /// A run over an EMPTY database; `format` is the file's (MT940 by default: a 100,000-line camt.053 is larger
    /// than the 50 MiB a bank file may be).
    public init(
        services: Services, lines: Int, invoices: Int, format: BankFileFormat = .mt940, seed: UInt64 = 2026,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.services = services
        self.lines = lines
        self.invoices = invoices
        self.format = format
        self.seed = seed
        self.progress = progress
    }

    /// Generates, writes and times; the database must be empty.
    public func run() async throws -> Figures {
        let accounts = max(200, invoices / 5)
        // Two in a hundred of the generated invoices stay drafts: make enough to have `invoices` issued.
        let profile = ScaleProfile(
            managers: min(50, max(2, accounts / 200)), accounts: accounts, contacts: 0, activities: 0, deals: 0,
            invoices: invoices + invoices / 49 + 1, months: 12)
        progress("Generating \(accounts) accounts and \(profile.invoices) invoices, none paid…")
        let loadStarted = ContinuousClock.now
        let summary = try await ScaleLoader(
            services: services, profile: profile, seed: seed, paysInvoices: false, progress: progress
        ).load()
        let loadSeconds = Self.seconds(since: loadStarted)
        let companyID = summary.companyID
        let users = try await services.users.all(companyID: companyID)
        guard let accountant = users.first(where: { $0.role == .accountant }),
            let admin = users.first(where: { $0.role == .admin })
        else { throw RecordError.notFound(entity: "user") }
        let unpaid = try await services.database.read { db in
            try await BulkInsert(db).unpaidInvoices(companyID: companyID, limit: invoices)
        }
        let open = unpaid.map {
            StatementInvoice(
                number: $0.number, customerID: $0.accountID.description, customerName: $0.accountName, open: $0.total,
                total: $0.total, tax: $0.tax, withholding: .none)
        }
        let today = try await services.invoices.today(companyID: companyID)
        var maker = StatementLineMaker(invoices: open, referencePrefix: "BENCH-")
        let made = maker.lines(count: lines, from: today.adding(days: -30), to: today.adding(days: -1))
        let sum = made.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        let statement = BankStatement(
            identifier: "BENCH 00001/001", account: DemoLoader.statementAccount, currency: .php,
            fromDate: made.first?.bookingDate, toDate: made.last?.bookingDate,
            balances: [
                BankBalance(kind: .opening, amount: .zero(.php), date: made.first?.bookingDate),
                BankBalance(
                    kind: .closing, amount: Money(minorUnits: sum, currency: .php), date: made.last?.bookingDate),
            ], lines: made)
        guard let data = BankStatementWriter.write(statement, as: format, createdAt: services.clock.now()) else {
            throw RecordError.conflict(code: "format", detail: "\(format.rawValue) is not a written format")
        }
        progress(
            "Wrote \(made.count) lines paying \(open.count) open invoices as \(format.rawValue), "
                + "\(data.count / 1024) KiB.")
        let readStarted = ContinuousClock.now
        let file = try BankFileReader.read(data)
        let readSeconds = Self.seconds(since: readStarted)
        let read = file.statements.flatMap(\.lines)
        // The reference: the same rows, straight into the table, under an account of their own so the import
        // after it finds none of them there.
        let reference = try await services.payments.createBankAccount(
            BankAccountDraft(
                name: "Benchmark reference", bank: "Reference", number: "9999-0000-1111", iban: nil, currency: "PHP"),
            viewer: admin.viewer)
        let now = services.clock.now()
        let statementID: ImportedStatement.ID = services.clock.newID()
        let keys = StatementDedupe.keys(
            for: read.map { ($0.bankReference, $0.endToEndID, $0.bookingDate, $0.amount, $0.counterpartyName) })
        let records = zip(read, keys).map { line, key in
            StatementLineRecord(
                id: services.clock.newID(), companyID: companyID, bankAccountID: reference.id,
                statementID: statementID, dedupeKey: key, bookingDate: line.bookingDate, valueDate: line.valueDate,
                amount: line.amount, bankReference: line.bankReference, endToEndID: line.endToEndID,
                counterpartyName: line.counterpartyName, counterpartyAccount: line.counterpartyAccount,
                remittance: line.remittance, creditorReference: line.creditorReference,
                transactionCode: line.transactionCode, isReversal: line.isReversal,
                status: line.amount.isPositive ? .unmatched : .ignored, paymentID: nil, createdAt: now, version: 1)
        }
        let rawStarted = ContinuousClock.now
        try await services.database.transaction { db in
            try await BankStatementStore(db).insert(
                ImportedStatement(
                    id: statementID, companyID: companyID, bankAccountID: reference.id, format: format.rawValue,
                    fileName: "reference", identifier: nil, fromDate: nil, toDate: nil, currency: .php, opening: nil,
                    closing: nil, lineCount: records.count, duplicateCount: 0, warnings: [], importedBy: nil,
                    importedAt: now))
            try await BulkInsert(db).statementLines(records)
        }
        let rawSeconds = Self.seconds(since: rawStarted)
        progress("Raw bulk insert of \(records.count) lines: \(String(format: "%.2f", rawSeconds)) s. Importing…")
        let importStarted = ContinuousClock.now
        let phases = StatementImportPhases()
        let result = try await services.payments.importStatement(
            data, fileName: "bench.\(BankStatementWriter.fileExtension(format))", bankAccountID: nil,
            profileID: nil, viewer: accountant.viewer, writes: .batched, linesPerBatch: PaymentService.linesPerBatch,
            phases: phases)
        let importSeconds = Self.seconds(since: importStarted)
        progress(
            "Import phases: "
                + phases.seconds.map { String(format: "%@ %.2f s", $0.phase.rawValue, $0.seconds) }
                .joined(separator: ", "))
        let setAside = read.filter { !$0.amount.isPositive }.count
        return Figures(
            invoices: summary.issuedInvoices, openInvoices: open.count, lines: read.count, format: format,
            fileBytes: data.count, loadSeconds: loadSeconds, readSeconds: readSeconds, rawInsertSeconds: rawSeconds,
            importSeconds: importSeconds, autoMatched: result.autoMatched,
            waiting: read.count - setAside - result.autoMatched, setAside: setAside,
            phases: phases.seconds.map { ($0.phase.rawValue, $0.seconds) })
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
