import BentaCore
import Foundation
import SQLKit

/// The append-only receivables ledger: journal entries are inserted with the document they record and never
/// changed (triggers refuse UPDATE and DELETE).
public struct LedgerStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Inserts a balanced entry and its lines (the entry checked its balance when it was made).
    public func post(_ entry: JournalEntry, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO journal_entries (id, company_id, entry_date, source, source_id, created_at)
            VALUES (\(bind: entry.id.description), \(bind: entry.companyID.description),
                \(bind: entry.date.iso8601String), \(bind: entry.source.rawValue), \(bind: entry.sourceID),
                \(bind: now.millisecondsSince1970))
            """
        ).run()
        for (position, line) in entry.lines.enumerated() {
            try await db.raw(
                """
                INSERT INTO journal_lines (entry_id, position, company_id, ledger_account, party_id, bank_account_id,
                    currency, amount_minor, entry_date, base_currency, base_minor)
                VALUES (\(bind: entry.id.description), \(bind: Int64(position)), \(bind: entry.companyID.description),
                    \(bind: line.account.rawValue), \(bind: line.partyID?.description),
                    \(bind: line.bankAccountID?.description), \(bind: line.amount.currency.code),
                    \(bind: line.amount.minorUnits), \(bind: entry.date.iso8601String),
                    \(bind: line.base?.currency.code), \(bind: line.base?.minorUnits))
                """
            ).run()
        }
    }

    /// The lines of one entry, in their order (what a reversing entry negates).
    public func lines(entryID: String, companyID: Company.ID) async throws -> [JournalLine] {
        try await db.raw(
            """
            SELECT * FROM journal_lines
            WHERE entry_id = \(bind: entryID) AND company_id = \(bind: companyID.description) ORDER BY position
            """
        ).all().map { row in
            guard let account = LedgerAccount(rawValue: try row.string("ledger_account")),
                let currency = Currency(code: try row.string("currency"))
            else { throw CorruptRow(description: "ledger account or currency") }
            var base: Money?
            if let code = try row.optionalString("base_currency") {
                guard let baseCurrency = Currency(code: code) else { throw CorruptRow(description: "base currency") }
                base = Money(minorUnits: try row.int64("base_minor"), currency: baseCurrency)
            }
            return JournalLine(
                account: account, partyID: try row.optionalString("party_id").flatMap(Account.ID.init(string:)),
                bankAccountID: try row.optionalString("bank_account_id").flatMap(BankAccount.ID.init(string:)),
                amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency), base: base)
        }
    }

    /// What is left in `base` of an invoice's receivable: its own entry, its credit notes' and its allocations'
    /// (reversals included) receivable lines; nil when the invoice's entry is not valued in `base`.
    public func receivableLeftInBase(
        of invoiceID: Invoice.ID, companyID: Company.ID, base: Currency
    ) async throws -> Money? {
        let invoice = invoiceID.description
        return try await baseBalance(
            account: .receivables, companyID: companyID, base: base, anchor: invoice,
            entries: """
                entry_id = \(bind: invoice)
                OR entry_id IN (SELECT id FROM invoices WHERE corrects_invoice_id = \(bind: invoice))
                OR entry_id IN (SELECT id FROM payment_allocations WHERE invoice_id = \(bind: invoice))
                """)
    }

    /// What is left in `base` of a payment's credit (positive): its receipt less its allocations (reversals
    /// included); nil when the payment's entry is not valued in `base`.
    public func creditLeftInBase(of paymentID: Payment.ID, companyID: Company.ID, base: Currency) async throws -> Money?
    {
        let payment = paymentID.description
        return try await baseBalance(
            account: .customerCredit, companyID: companyID, base: base, anchor: payment,
            entries: """
                entry_id = \(bind: payment)
                OR entry_id IN (SELECT id FROM payment_allocations WHERE payment_id = \(bind: payment))
                """
        ).map { Money(minorUnits: -$0.minorUnits, currency: $0.currency) }
    }

    /// Σ of the base values of `account`'s lines in the `entries`; nil unless the `anchor` entry's line is valued.
    private func baseBalance(
        account: LedgerAccount, companyID: Company.ID, base: Currency, anchor: String, entries: SQLQueryString
    ) async throws -> Money? {
        var sql: SQLQueryString = """
            SELECT CAST(COALESCE(SUM(base_minor), 0) AS BIGINT) AS balance,
                CAST(COALESCE(SUM(CASE WHEN entry_id = \(bind: anchor) AND base_currency = \(bind: base.code)
                    THEN 1 ELSE 0 END), 0) AS BIGINT) AS anchored
            FROM journal_lines
            WHERE company_id = \(bind: companyID.description) AND ledger_account = \(bind: account.rawValue)
                AND base_currency = \(bind: base.code) AND (
            """
        sql += entries
        sql += ")"
        guard let row = try await db.raw(sql).first(), try row.int64("anchored") > 0 else { return nil }
        return Money(minorUnits: try row.int64("balance"), currency: base)
    }

    /// The balance in the base currency of each ledger account over the lines valued in it (foreign-currency
    /// documents with their rates), up to and including `asOf` when given: the exchange difference's gains
    /// (credit, negative) and losses.
    public func baseBalances(companyID: Company.ID, asOf: CalendarDate? = nil) async throws -> [LedgerBalance] {
        var sql: SQLQueryString = """
            SELECT ledger_account, base_currency, CAST(SUM(base_minor) AS BIGINT) AS balance FROM journal_lines
            WHERE company_id = \(bind: companyID.description) AND base_currency IS NOT NULL
            """
        if let asOf { sql += " AND entry_date <= \(bind: asOf.iso8601String)" }
        sql += " GROUP BY ledger_account, base_currency ORDER BY ledger_account, base_currency"
        return try await db.raw(sql).all().map { row in
            guard let account = LedgerAccount(rawValue: try row.string("ledger_account")),
                let currency = Currency(code: try row.string("base_currency"))
            else { throw CorruptRow(description: "ledger account or base currency") }
            return LedgerBalance(
                account: account, partyID: nil, balance: Money(minorUnits: try row.int64("balance"), currency: currency)
            )
        }
    }

    /// Posts the journal entry of every issued invoice and credit note of the company that has none yet (documents
    /// written in bulk, such as the large demo data set): receivables, sales net of VAT, output VAT — the entries
    /// `InvoiceService` posts one by one, as set-based inserts.
    public func postMissingDocumentEntries(companyID: Company.ID) async throws {
        let company = companyID.description
        try await db.raw(
            """
            INSERT INTO journal_entries (id, company_id, entry_date, source, source_id, created_at)
            SELECT i.id, i.company_id, i.issue_date, i.kind, i.id, COALESCE(i.issued_at, i.updated_at)
            FROM invoices i
            WHERE i.company_id = \(bind: company) AND i.status = 'issued'
                AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.id = i.id)
            """
        ).run()
        let lines: [(position: Int64, account: String, party: Bool, amount: String, nonZero: String)] = [
            (
                0, "receivables", true, "CASE WHEN i.kind = 'invoice' THEN i.total_minor ELSE -i.total_minor END",
                "i.total_minor <> 0"
            ),
            (
                1, "sales", false,
                "CASE WHEN i.kind = 'invoice' THEN -(i.total_minor - i.tax_minor) ELSE i.total_minor - i.tax_minor END",
                "i.total_minor - i.tax_minor <> 0"
            ),
            (
                2, "output_tax", false, "CASE WHEN i.kind = 'invoice' THEN -i.tax_minor ELSE i.tax_minor END",
                "i.tax_minor <> 0"
            ),
        ]
        for line in lines {
            try await db.raw(
                """
                INSERT INTO journal_lines (entry_id, position, company_id, ledger_account, party_id, currency,
                    amount_minor, entry_date)
                SELECT i.id, \(literal: line.position), i.company_id, \(literal: line.account),
                    \(unsafeRaw: line.party ? "i.account_id" : "NULL"), i.currency, \(unsafeRaw: line.amount), i.issue_date
                FROM invoices i
                WHERE i.company_id = \(bind: company) AND i.status = 'issued' AND \(unsafeRaw: line.nonZero)
                    AND NOT EXISTS (
                        SELECT 1 FROM journal_lines l WHERE l.entry_id = i.id AND l.position = \(literal: line.position))
                """
            ).run()
        }
    }

    /// The balance of each (ledger account, currency) of the company, up to and including `asOf` when given.
    public func balances(companyID: Company.ID, asOf: CalendarDate? = nil) async throws -> [LedgerBalance] {
        var sql: SQLQueryString = """
            SELECT ledger_account, currency, CAST(SUM(amount_minor) AS BIGINT) AS balance FROM journal_lines
            WHERE company_id = \(bind: companyID.description)
            """
        if let asOf { sql += " AND entry_date <= \(bind: asOf.iso8601String)" }
        sql += " GROUP BY ledger_account, currency ORDER BY ledger_account, currency"
        return try await db.raw(sql).all().map { row in
            guard let account = LedgerAccount(rawValue: try row.string("ledger_account")),
                let currency = Currency(code: try row.string("currency"))
            else { throw CorruptRow(description: "ledger account or currency") }
            return LedgerBalance(
                account: account, partyID: nil, balance: Money(minorUnits: try row.int64("balance"), currency: currency)
            )
        }
    }

    /// Each customer's balance on one ledger account (receivables or customer credit), non-zero ones only.
    public func partyBalances(companyID: Company.ID, account: LedgerAccount) async throws -> [LedgerBalance] {
        let rows = try await db.raw(
            """
            SELECT party_id, currency, CAST(SUM(amount_minor) AS BIGINT) AS balance FROM journal_lines
            WHERE company_id = \(bind: companyID.description) AND ledger_account = \(bind: account.rawValue)
            GROUP BY party_id, currency HAVING SUM(amount_minor) <> 0
            """
        ).all()
        return try rows.map { row in
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "ledger currency")
            }
            return LedgerBalance(
                account: account, partyID: try row.optionalString("party_id").flatMap(Account.ID.init(string:)),
                balance: Money(minorUnits: try row.int64("balance"), currency: currency))
        }
    }

    /// The entries that do not balance per currency, or whose base-currency values do not balance (the ids);
    /// empty when the ledger is sound.
    public func unbalancedEntries(companyID: Company.ID) async throws -> [String] {
        try await db.raw(
            """
            SELECT entry_id FROM journal_lines WHERE company_id = \(bind: companyID.description)
            GROUP BY entry_id, currency HAVING SUM(amount_minor) <> 0
            UNION
            SELECT entry_id FROM journal_lines
            WHERE company_id = \(bind: companyID.description) AND base_currency IS NOT NULL
            GROUP BY entry_id, base_currency HAVING SUM(base_minor) <> 0
            """
        ).all().map { try $0.string("entry_id") }
    }
}
