import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// Bank statements: imported from any format Benta reads into the review queue, each line once per bank account
/// (a statement imported twice, or two overlapping ones, add no duplicate); a line is then confirmed as a customer's
/// payment (recorded and allocated in the same transaction) or set aside as not a customer payment.
extension PaymentService {
    /// What an import did.
    public struct StatementImport: Sendable, IdempotentDocument {
        public let statements: [ImportedStatement]
        /// The reader's warnings about the file, lines skipped here (another currency, not booked), sure lines left
        /// in the queue, and a statement in another currency than the base, whose lines wait for their rate.
        public let warnings: [String]
        /// How many new lines the matcher confirmed as payments (`autoMatchThreshold`).
        public let autoMatched: Int

        public var idempotencyIdentity: String {
            "statements " + statements.map(\.id.description).joined(separator: ",")
        }
    }

    /// Reads `data` and files its statements' booked lines under the company bank account each statement names
    /// (or `bankAccountID`, for a file that names none, such as most CSV exports). Money in waits in the review
    /// queue, except those whose best match is sure enough (`autoMatch`): those are recorded and allocated as
    /// payments in the same transaction as their line. Money out is set aside. An unreadable file, or a statement
    /// for an account the company has not added, changes nothing (422).
    ///
    /// The lines are filed and matched `linesPerBatch` at a time, each batch in its own transaction: its new lines
    /// in multi-row inserts, their candidates in a fixed number of statements, its automatic confirmations
    /// (payments, allocations, journal entries, audit rows, line statuses, payer accounts) in multi-row
    /// statements, and the statement's progress (``ImportedStatement/importStatus``, lines read, filed and
    /// matched), so the work per line is a share of a few statements, memory holds one batch and anyone reading
    /// the statement sees the import advance. The statements are written first as `importing`; the last
    /// transaction marks them `imported`, writes their audit rows and stores the `Idempotency-Key` answer. When a
    /// batch fails, the batches committed before stay (each consistent on its own) and the statement is `failed`
    /// with the reason; importing the same file again adds only the lines still missing (the dedupe keys). A sure
    /// line whose invoice changed since its candidates were read (another payment settled it first) stays in the
    /// review queue, with a warning.
    public func importStatement(
        _ data: Data, fileName: String, bankAccountID: BankAccount.ID?, profileID: String?, viewer: Viewer
    ) async throws -> StatementImport {
        try await importStatement(
            data, fileName: fileName, bankAccountID: bankAccountID, profileID: profileID, viewer: viewer,
            writes: .batched, linesPerBatch: Self.linesPerBatch)
    }

    /// Lines filed and matched together by an import.
    static let linesPerBatch = 500

    /// How an import writes its lines and its automatic confirmations: in multi-row statements per batch
    /// (`batched`, every import), or row by row through `BankStatementStore.insertIfNew` and `confirm`, the
    /// functions a person's confirmation uses (`oneByOne`: the reference the tests compare the batched rows with).
    enum StatementWrites: Sendable {
        case batched
        case oneByOne
    }

    /// Called after each batch of an import has committed, with its statement and the batch's number (from 1):
    /// the tests read the progress there and inject a failure half-way.
    typealias AfterBatch = @Sendable (_ statement: ImportedStatement.ID, _ batch: Int) async throws -> Void

    /// What one batch's transaction did.
    private struct BatchOutcome: Sendable {
        var filed: Int
        var matched: Int
        var warnings: [String]
        var used: Set<String>
    }

    /// ``importStatement(_:fileName:bankAccountID:profileID:viewer:)`` writing as `writes` says; `phases`, when
    /// given, adds up the time of each phase of the batches (the matching benchmark prints it); `afterBatch` runs
    /// after each batch commits.
    func importStatement(
        _ data: Data, fileName: String, bankAccountID: BankAccount.ID?, profileID: String?, viewer: Viewer,
        writes: StatementWrites, linesPerBatch: Int, phases: StatementImportPhases? = nil,
        afterBatch: AfterBatch? = nil
    ) async throws -> StatementImport {
        try await requireStatementWriter(viewer)
        var errors = ValidationErrors()
        var profile: BankCSVProfile?
        if let profileID, !profileID.isEmpty {
            // A ready profile, or one of the company's own saved ones.
            profile = try await statementProfile(profileID, viewer: viewer)
            if profile == nil {
                errors.add(field: "profile", code: "invalid_profile", message: "Choose one of the bank CSV profiles.")
            }
        }
        try errors.throwIfAny()
        let file: BankFile
        do {
            file = try BankFileReader.read(data, profile: profile)
        } catch {
            errors.add(
                field: "file", code: error.code == .forbidden ? "forbidden_content" : "invalid_bank_file",
                message: error.description)
            throw errors
        }
        guard !file.statements.isEmpty else {
            errors.add(field: "file", code: "no_statement", message: "The file holds no bank statement.")
            throw errors
        }
        let name = String(fileName.prefix(200))
        let (clock, audit) = (clock, audit)
        let instanceID = instance?.currentID
        // Every statement's account first, and the statements as `importing`: a file naming an account the
        // company has not added changes nothing.
        let (base, started) = try await database.transaction { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let payments = PaymentStore(db)
            var started: [(record: ImportedStatement, account: BankAccount)] = []
            let severalAccounts = Set(file.statements.map { $0.account.key ?? "" }).count > 1
            for (index, statement) in file.statements.enumerated() {
                let account = try await Self.bankAccount(
                    for: statement, given: bankAccountID, severalAccounts: severalAccounts, viewer: viewer,
                    payments: payments, index: index)
                let opening = statement.balances.first { $0.kind == .opening }?.amount
                let closing = statement.balances.last { $0.kind == .closing }?.amount
                let record = ImportedStatement(
                    id: clock.newID(), companyID: viewer.companyID, bankAccountID: account.id,
                    format: file.format.rawValue, fileName: name, identifier: statement.identifier,
                    fromDate: statement.fromDate, toDate: statement.toDate, currency: account.currency,
                    opening: opening?.currency.code == account.currency.code ? opening : nil,
                    closing: closing?.currency.code == account.currency.code ? closing : nil, lineCount: 0,
                    duplicateCount: 0, warnings: file.warnings.map(\.description), importedBy: viewer.userID,
                    importedAt: clock.now(), importStatus: .importing,
                    linesTotal: Self.ownCurrencyLines(of: statement, in: account).count, instanceID: instanceID)
                try await BankStatementStore(db).insert(record)
                started.append((record, account))
            }
            if let bankAccountID, severalAccounts, !started.contains(where: { $0.account.id == bankAccountID }) {
                // Every statement went to the account it names: the one chosen is none of them.
                throw ValidationErrors([
                    FieldError(
                        field: "bank_account_id", code: "other_bank_account",
                        message: "The file's statements are for the accounts "
                            + Set(started.map(\.account.name)).sorted().joined(separator: ", ")
                            + ", not the one chosen.")
                ])
            }
            return (company.settings.baseCurrency, started)
        }
        var imported: [ImportedStatement] = []
        var warnings = file.warnings.map(\.description)
        var matched = 0
        // Invoices confirmed by this import: a later line naming one waits for a person, unless it pays exactly
        // the next unpaid instalment of an instalment invoice (`autoMatch`).
        var used = Set<String>()
        do {
            for (index, (record, account)) in started.enumerated() {
                let statement = file.statements[index]
                let booked = statement.lines.filter(\.isBooked)
                let ownCurrency = Self.ownCurrencyLines(of: statement, in: account)
                if ownCurrency.count < booked.count {
                    warnings.append(
                        "statement \(index + 1): \(booked.count - ownCurrency.count) lines not in "
                            + "\(account.currency.code) were skipped")
                }
                let keys = StatementDedupe.keys(
                    for: ownCurrency.map {
                        ($0.bankReference, $0.endToEndID, $0.bookingDate, $0.amount, $0.counterpartyName)
                    })
                func lineRecord(_ line: BankStatementLine, key: String) -> StatementLineRecord {
                    let amount = Money(minorUnits: line.amount.minorUnits, currency: account.currency)
                    return StatementLineRecord(
                        id: clock.newID(), companyID: viewer.companyID, bankAccountID: account.id,
                        statementID: record.id, dedupeKey: key, bookingDate: line.bookingDate,
                        valueDate: line.valueDate, amount: amount, bankReference: line.bankReference,
                        endToEndID: line.endToEndID, counterpartyName: line.counterpartyName,
                        counterpartyAccount: line.counterpartyAccount, remittance: String(line.remittance.prefix(2000)),
                        creditorReference: line.creditorReference, transactionCode: line.transactionCode,
                        isReversal: line.isReversal,
                        status: amount.isPositive && !line.isReversal ? .unmatched : .ignored,
                        paymentID: nil, createdAt: clock.now(), version: 1)
                }
                var saved = record
                let size = max(1, linesPerBatch)
                for (number, start) in stride(from: 0, to: ownCurrency.count, by: size).enumerated() {
                    let batch = (start..<min(start + size, ownCurrency.count)).map {
                        lineRecord(ownCurrency[$0], key: keys[$0])
                    }
                    let taken = used
                    let outcome = try await database.transaction { db in
                        let new = try await phases.measure(.fileLines) {
                            switch writes {
                            case .batched:
                                let inserted = try await BulkInsert(db).statementLinesIfNew(batch)
                                return batch.filter { inserted.contains($0.id) }
                            case .oneByOne:
                                let store = BankStatementStore(db)
                                var new: [StatementLineRecord] = []
                                for line in batch where try await store.insertIfNew(line) { new.append(line) }
                                return new
                            }
                        }
                        var used = taken
                        let outcome = try await Self.autoMatch(
                            new, base: base, used: &used, writes: writes, viewer: viewer, db: db, clock: clock,
                            audit: audit, phases: phases)
                        try await BankStatementStore(db).addProgress(
                            record.id, lines: new.count, duplicates: batch.count - new.count,
                            matched: outcome.matched)
                        return BatchOutcome(
                            filed: new.count, matched: outcome.matched, warnings: outcome.warnings, used: used)
                    }
                    used = outcome.used
                    saved.lineCount += outcome.filed
                    saved.duplicateCount += batch.count - outcome.filed
                    saved.linesMatched += outcome.matched
                    matched += outcome.matched
                    warnings += outcome.warnings
                    try await afterBatch?(record.id, number + 1)
                }
                if account.currency != base && saved.lineCount > 0 {
                    warnings.append(
                        "statement \(index + 1): its \(account.currency.code) lines wait in the review queue: "
                            + "foreign currency: enter the rate when you confirm each one")
                }
                saved.importStatus = .imported
                imported.append(saved)
            }
            let result = StatementImport(statements: imported, warnings: warnings, autoMatched: matched)
            let finished = imported
            return try await database.transaction { db in
                let store = BankStatementStore(db)
                for statement in finished {
                    try await store.finishImport(statement.id, status: .imported, error: nil)
                    try await audit.record(
                        "bank_statement.imported", entityType: "bank_account",
                        entityID: statement.bankAccountID.description, companyID: viewer.companyID,
                        by: viewer,
                        details: [
                            "lines": "\(statement.lineCount)", "duplicates": "\(statement.duplicateCount)",
                            "file": name,
                        ], changes: Self.statementImported, on: db)
                }
                try await IdempotencyScope.complete(with: result, on: db)
                return result
            }
        } catch {
            let reason = Self.failureReason(error)
            let statements = started.map(\.record)
            try? await database.transaction { db in
                let store = BankStatementStore(db)
                for statement in statements {
                    guard let stored = try await store.statement(statement.id, companyID: viewer.companyID),
                        stored.importStatus == .importing
                    else { continue }
                    let message =
                        "The import stopped after \(stored.linesRead) of \(stored.linesTotal) lines: \(reason) "
                        + "The lines read before are kept; import the same file again to add the rest (lines "
                        + "already imported are skipped)."
                    try await store.finishImport(statement.id, status: .failed, error: String(message.prefix(1000)))
                    try await audit.record(
                        "bank_statement.import_failed", entityType: "bank_account",
                        entityID: statement.bankAccountID.description, companyID: viewer.companyID,
                        by: viewer,
                        details: ["lines": "\(stored.lineCount)", "read": "\(stored.linesRead)", "file": name],
                        on: db)
                }
            }
            throw error
        }
    }

    /// A statement's booked lines in its bank account's currency: the lines an import files. A line of a
    /// statement that names no currency (the readers' XXX, with two decimals: the trailing part of an MT940 file
    /// after its last balance) is in the account's currency when that has two decimals too.
    static func ownCurrencyLines(of statement: BankStatement, in account: BankAccount) -> [BankStatementLine] {
        statement.lines.filter { line in
            let code = line.amount.currency.code
            return line.isBooked
                && (code == account.currency.code
                    || (code == "XXX" && line.amount.currency.minorUnitDigits == account.currency.minorUnitDigits))
        }
    }

    /// Why an import stopped, in a sentence for the statement.
    static func failureReason(_ error: any Error) -> String {
        let text: String
        if let errors = error as? ValidationErrors {
            text = errors.errors.map(\.message).joined(separator: " ")
        } else {
            text = String(describing: error)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed.hasSuffix(".") ? trimmed : trimmed + "."
    }

    /// The company bank account a statement is for: the one it names (IBAN or number), else the one given.
    ///
    /// A file of several accounts' statements (`severalAccounts`: MT940 files often hold each account's day one
    /// after the other) files each statement under the company account it names; the account given is for its
    /// statements that name none. A statement naming an account the company has not added refuses the whole file
    /// (`unknown_bank_account`, naming the statement and its account, nothing written): the accountant adds the
    /// account and imports the same file again, rather than finding part of a day's money missing. In a file of
    /// one account, the account given takes a statement naming an account the company has not added (the file's
    /// own number is often written differently), and is refused when the statement names another company account.
    static func bankAccount(
        for statement: BankStatement, given: BankAccount.ID?, severalAccounts: Bool = false, viewer: Viewer,
        payments: PaymentStore, index: Int
    ) async throws -> BankAccount {
        var named: [BankAccount] = []
        if let iban = statement.account.iban {
            named = try await payments.bankAccount(matchKey: iban, companyID: viewer.companyID)
        }
        if named.isEmpty, let number = statement.account.number {
            named = try await payments.bankAccount(
                matchKey: BankAccount.normalizedNumber(number), companyID: viewer.companyID)
        }
        if named.isEmpty, let key = statement.account.key {
            // Files often wrap the number (MT940 `BIC/number CUR`, OFX `BANKID/ACCTID`): a company account whose
            // number (at least 6 characters) appears in the file's is the one.
            let written = BankAccount.normalizedNumber(key)
            named = try await payments.bankAccounts(companyID: viewer.companyID).filter {
                $0.matchKey.count >= 6 && written.contains($0.matchKey)
            }
        }
        if let currency = statement.currency, named.count > 1 {
            named = named.filter { $0.currency.code == currency.code }
        }
        if let given {
            guard let account = try await payments.bankAccount(given, companyID: viewer.companyID) else {
                throw ValidationErrors([
                    FieldError(
                        field: "bank_account_id", code: "invalid_bank_account",
                        message: "Choose one of the company's bank accounts.")
                ])
            }
            if named.contains(where: { $0.id == account.id }) { return account }
            if severalAccounts, let own = named.first { return own }
            if !named.isEmpty {
                throw ValidationErrors([
                    FieldError(
                        field: "bank_account_id", code: "other_bank_account",
                        message: "The file is for account \(statement.account.key ?? ""), not \(account.name).")
                ])
            }
            if !severalAccounts || statement.account.key == nil { return account }
        }
        guard let account = named.first else {
            throw ValidationErrors([
                FieldError(
                    field: "bank_account_id", code: "unknown_bank_account",
                    message: "Statement \(index + 1) is for account \(statement.account.key ?? "(not named)"); add "
                        + (severalAccounts
                            ? "it under bank accounts and import the file again (the file holds several accounts' "
                                + "statements; nothing was imported)."
                            : "it under bank accounts, or choose the account the file is for."))
            ])
        }
        return account
    }

    /// The company's imported statements, newest first.
    public func statements(viewer: Viewer, page: PageRequest) async throws -> Page<ImportedStatement> {
        try Self.requireFinance(viewer, reading: true)
        let now = clock.now()
        return try await database.read { db in
            var found = try await BankStatementStore(db).statements(companyID: viewer.companyID, page: page)
            found.items = try await Self.markingStopped(found.items, on: db, now: now, instance: instance)
            return found
        }
    }

    /// One imported statement, with its import's progress while it runs (finance roles).
    public func statement(_ id: ImportedStatement.ID, viewer: Viewer) async throws -> ImportedStatement {
        try Self.requireFinance(viewer, reading: true)
        let now = clock.now()
        guard
            let statement = try await database.read({ db -> ImportedStatement? in
                guard let stored = try await BankStatementStore(db).statement(id, companyID: viewer.companyID)
                else { return nil }
                return try await Self.markingStopped([stored], on: db, now: now, instance: instance).first
            })
        else { throw RecordError.notFound(entity: "bank_statement") }
        return statement
    }

    /// The review queue (or any status), newest first, optionally one statement's.
    public func statementLines(
        viewer: Viewer, status: StatementLineStatus?, statementID: ImportedStatement.ID?, page: PageRequest
    ) async throws -> Page<StatementLineRecord> {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in
            try await BankStatementStore(db).lines(
                companyID: viewer.companyID, status: status, statementID: statementID, page: page)
        }
    }

    /// Confirms an unmatched line as `accountID`'s payment: records it (amount, booking date, bank account and
    /// reference from the line) with the allocations given, marks the line matched and remembers its counterparty
    /// account as the customer's payer account — one transaction.
    ///
    /// A line in another currency than the company's base needs `exchangeRate` (how many units of the base one unit
    /// was converted at; `exchange_rate` / `required_for_foreign_currency` otherwise, and nothing is written): the
    /// payment carries it and its allocations post their exchange differences, as `record` does. A rate given for
    /// a base-currency line is ignored.
    public func confirmLine(
        _ lineID: StatementLineRecord.ID, accountID: String, allocations: [AllocationDraft],
        exchangeRate: String = "", viewer: Viewer
    ) async throws -> PaymentDetail {
        try await requireStatementWriter(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let store = BankStatementStore(db)
            guard let line = try await store.line(lineID, companyID: viewer.companyID, forUpdate: true) else {
                throw RecordError.notFound(entity: "statement_line")
            }
            guard line.status == .unmatched, line.amount.isPositive else {
                throw RecordError.conflict(
                    code: "line_not_open", detail: "This line is already \(line.status.rawValue).")
            }
            let payment = try await Self.confirm(
                line, accountID: accountID, allocations: allocations, base: company.settings.baseCurrency,
                exchangeRate: exchangeRate, viewer: viewer, db: db, clock: clock, audit: audit)
            return try await Self.detail(of: payment, on: db)
        }
    }

    /// Sets an unmatched line aside as not a customer payment (bank charges, own transfers).
    public func ignoreLine(_ lineID: StatementLineRecord.ID, viewer: Viewer) async throws -> StatementLineRecord {
        try await requireStatementWriter(viewer)
        let audit = audit
        return try await database.transaction { db in
            let store = BankStatementStore(db)
            guard let line = try await store.line(lineID, companyID: viewer.companyID, forUpdate: true) else {
                throw RecordError.notFound(entity: "statement_line")
            }
            guard line.status == .unmatched,
                let settled = try await store.move(
                    line.id, from: .unmatched, to: .ignored, paymentID: nil, expectedVersion: line.version)
            else {
                throw RecordError.conflict(
                    code: "line_not_open", detail: "This line is already \(line.status.rawValue).")
            }
            try await audit.record(
                "bank_statement.line_ignored", entityType: "bank_account", entityID: line.bankAccountID.description,
                companyID: viewer.companyID, by: viewer, details: ["line": line.id.description], on: db)
            return settled
        }
    }
}
