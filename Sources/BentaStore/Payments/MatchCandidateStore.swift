import BentaCore
import Foundation
import SQLKit

/// The open invoices a batch of bank lines may pay, found through indexes instead of loading every open invoice:
/// (a) the invoices whose number the remittance text names (`invoices_match_number`), (b) the open invoices of the
/// customers who paid from the line's account before (`payer_accounts`, `invoices_match_customer`), and (c) the
/// issued invoices whose total is the line's amount gross or net of a standard withholding
/// (`invoices_match_amount`). A fixed number of statements per chunk of lines, never one per line or candidate;
/// each look-up is capped, so a line brings at most `maximumCandidatesPerLine` invoices per kind of look-up.
///
/// Also the payer accounts confirmed per customer: confirming a line remembers the account it came from.
public struct MatchCandidateStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The most invoices one line brings through each kind of look-up.
    public static let maximumCandidatesPerLine = 200
    /// The most open invoices looked at per customer found by the payer account.
    public static let maximumInvoicesPerPayer = 50
    /// Lines looked up together in one set of statements.
    static let linesPerChunk = 500
    /// Invoice-number-like tokens taken from one remittance text.
    static let maximumTokensPerLine = 64
    /// Ids bound in one `IN (...)` list.
    static let idsPerStatement = 500

    /// The candidates of every line of `lines` (the union, each invoice once), with their open amounts (one
    /// aggregate per 500 invoices), VAT-exclusive open base, the customers' payer accounts and usual withholding.
    /// Fully settled invoices are left out.
    public func candidates(for lines: [MatchLine], companyID: Company.ID) async throws -> [MatchCandidate] {
        var rows: [Invoice.ID: InvoiceRow] = [:]
        var order: [Invoice.ID] = []
        func keep(_ found: [InvoiceRow]) {
            for row in found where rows[row.id] == nil {
                rows[row.id] = row
                order.append(row.id)
            }
        }
        let company = companyID.description
        for start in stride(from: 0, to: lines.count, by: Self.linesPerChunk) {
            let chunk = Array(lines[start..<min(start + Self.linesPerChunk, lines.count)])
            let cap = Self.maximumCandidatesPerLine * chunk.count
            let numbers = Array(Set(chunk.flatMap { Self.numberTokens(in: $0.remittanceText) }))
            if !numbers.isEmpty {
                keep(
                    try await invoiceRows(
                        where: "i.company_id = \(bind: company) AND i.number IN (\(binds: numbers.sorted()))",
                        limit: cap))
            }
            let keys = Array(Set(chunk.map { BankAccount.normalizedNumber($0.counterpartyAccount) })).filter {
                !$0.isEmpty
            }
            if !keys.isEmpty {
                let customers = try await db.raw(
                    """
                    SELECT DISTINCT account_id FROM payer_accounts
                    WHERE company_id = \(bind: company) AND account_key IN (\(binds: keys.sorted()))
                    """
                ).all().map { try $0.string("account_id") }
                if !customers.isEmpty {
                    keep(try await openInvoices(of: customers.sorted(), limit: cap))
                }
            }
            let totals = Set(chunk.flatMap { Self.candidateTotals(for: $0.amount.minorUnits) })
            if !totals.isEmpty {
                keep(
                    try await invoiceRows(
                        where: """
                            i.company_id = \(bind: company) AND i.kind = 'invoice' AND i.status = 'issued'
                                AND i.total_minor IN (\(binds: totals.sorted()))
                            """, limit: cap))
            }
        }
        return try await candidates(from: order.compactMap { rows[$0] })
    }

    /// Remembers that `customer` pays from the account `counterpartyAccount` (normalised); nothing when it is known.
    public func rememberPayerAccount(
        _ counterpartyAccount: String, customer: Account.ID, companyID: Company.ID, at now: Date
    ) async throws {
        let key = BankAccount.normalizedNumber(counterpartyAccount)
        guard !key.isEmpty else { return }
        try await db.raw(
            """
            INSERT INTO payer_accounts (company_id, account_key, account_id, confirmed_at)
            VALUES (\(bind: companyID.description), \(bind: key), \(bind: customer.description),
                \(bind: now.millisecondsSince1970))
            ON CONFLICT (company_id, account_key, account_id) DO NOTHING
            """
        ).run()
    }

    /// An invoice as a batch of confirmations finds it once its row is locked: its customer, whether it is an
    /// issued invoice, and its open amount (total − issued credit notes − cash − withholding).
    public struct LockedInvoice: Sendable {
        public var id: Invoice.ID
        public var customerID: Account.ID
        public var isIssuedInvoice: Bool
        public var open: Money
    }

    /// Locks the rows of `invoices` (in id order, so two batches never wait on each other in a circle; nothing to
    /// lock on SQLite, whose writers run one at a time) and reads their open amounts as this transaction now sees
    /// them: one statement for the rows and one aggregate per 500 invoices.
    public func lockedInvoices(_ invoices: [Invoice.ID]) async throws -> [Invoice.ID: LockedInvoice] {
        var result: [Invoice.ID: LockedInvoice] = [:]
        let ids = Array(Set(invoices)).sorted { $0.description < $1.description }
        for start in stride(from: 0, to: ids.count, by: Self.idsPerStatement) {
            let chunk = Array(ids[start..<min(start + Self.idsPerStatement, ids.count)])
            var sql: SQLQueryString = """
                SELECT id, account_id, kind, status, currency, total_minor FROM invoices
                WHERE id IN (\(binds: chunk.map(\.description))) ORDER BY id
                """
            sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db))
            let rows = try await db.raw(sql).all()
            let settled = try await InvoiceStore(db).settlementTotals(of: chunk)
            for row in rows {
                let id: Invoice.ID = try row.id("id")
                let code = try row.string("currency")
                guard let currency = Currency(code: code) ?? BankStatementStore.fallback(code) else {
                    throw CorruptRow(description: "invoice currency")
                }
                let figures = settled[id] ?? SettlementTotals(credited: 0, cash: 0, withheld: 0)
                let (kind, status) = (try row.string("kind"), try row.string("status"))
                result[id] = LockedInvoice(
                    id: id, customerID: try row.id("account_id"),
                    isIssuedInvoice: kind == "invoice" && status == "issued",
                    open: Money(
                        minorUnits: try row.int64("total_minor") - figures.credited - figures.cash - figures.withheld,
                        currency: currency))
            }
        }
        return result
    }

    // MARK: Look-ups

    /// An issued invoice as the matcher needs it, before its open amount is known.
    struct InvoiceRow {
        var id: Invoice.ID
        var number: String
        var customerID: Account.ID
        var customerName: String
        var currency: Currency
        var total: Int64
        var tax: Int64
        var dueDate: CalendarDate
        var creditorReference: String?
    }

    private func invoiceRows(where condition: SQLQueryString, limit: Int) async throws -> [InvoiceRow] {
        var sql: SQLQueryString = """
            SELECT i.id, i.number, i.account_id, a.name AS account_name, i.currency, i.total_minor, i.tax_minor,
                COALESCE(i.due_date, i.issue_date) AS due, i.payment_reference
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.kind = 'invoice' AND i.status = 'issued' AND 
            """
        sql += condition
        // No ORDER BY: sorting by id would make the planner walk the company's invoices by id instead of the index
        // of the number or the total.
        sql += " LIMIT \(bind: Int64(limit))"
        return try await db.raw(sql).all().map(Self.decodeRow)
    }

    /// The oldest issued invoices of `customers` not yet settled by allocations (credit notes are counted after),
    /// at most `maximumInvoicesPerPayer` per customer.
    private func openInvoices(of customers: [String], limit: Int) async throws -> [InvoiceRow] {
        try await db.raw(
            """
            SELECT * FROM (
                SELECT i.id, i.number, i.account_id, a.name AS account_name, i.currency, i.total_minor, i.tax_minor,
                    COALESCE(i.due_date, i.issue_date) AS due, i.payment_reference,
                    ROW_NUMBER() OVER (PARTITION BY i.account_id ORDER BY i.due_date, i.id) AS place
                FROM invoices i JOIN accounts a ON a.id = i.account_id
                WHERE i.account_id IN (\(binds: customers)) AND i.kind = 'invoice' AND i.status = 'issued'
                    AND i.total_minor > COALESCE((SELECT SUM(p.cash_minor + p.withheld_minor)
                        FROM payment_allocations p WHERE p.invoice_id = i.id), 0)
            ) t WHERE t.place <= \(bind: Int64(Self.maximumInvoicesPerPayer))
            ORDER BY t.id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.decodeRow)
    }

    /// The rows as candidates: open amounts from one aggregate per chunk, payer accounts and withholding defaults
    /// of their customers in one statement each per chunk.
    private func candidates(from rows: [InvoiceRow]) async throws -> [MatchCandidate] {
        guard !rows.isEmpty else { return [] }
        var settled: [Invoice.ID: SettlementTotals] = [:]
        let invoices = InvoiceStore(db)
        for start in stride(from: 0, to: rows.count, by: Self.idsPerStatement) {
            let chunk = rows[start..<min(start + Self.idsPerStatement, rows.count)].map(\.id)
            settled.merge(try await invoices.settlementTotals(of: chunk)) { $1 }
        }
        let customers = Array(Set(rows.map(\.customerID.description))).sorted()
        var payers: [String: [String]] = [:]
        var rates: [String: [Decimal]] = [:]
        for start in stride(from: 0, to: customers.count, by: Self.idsPerStatement) {
            let chunk = Array(customers[start..<min(start + Self.idsPerStatement, customers.count)])
            for row in try await db.raw(
                """
                SELECT account_id, account_key FROM payer_accounts WHERE account_id IN (\(binds: chunk))
                ORDER BY account_id, account_key
                """
            ).all() {
                payers[try row.string("account_id"), default: []].append(try row.string("account_key"))
            }
            for row in try await db.raw(
                "SELECT account_id, rates_json FROM account_withholding WHERE account_id IN (\(binds: chunk))"
            ).all() {
                rates[try row.string("account_id")] = try row.json(
                    "rates_json", as: [WithholdingProfile.Rate].self
                ).map(\.ratePercent)
            }
        }
        var result: [MatchCandidate] = []
        for row in rows {
            let figures = settled[row.id] ?? SettlementTotals(credited: 0, cash: 0, withheld: 0)
            let open = row.total - figures.credited - figures.cash - figures.withheld
            guard open > 0 else { continue }
            let base = try AllocationRules.vatExclusiveBase(
                settling: Money(minorUnits: open, currency: row.currency),
                total: Money(minorUnits: row.total, currency: row.currency),
                tax: Money(minorUnits: row.tax, currency: row.currency))
            result.append(
                MatchCandidate(
                    invoiceID: row.id.description, invoiceNumber: row.number, customerID: row.customerID.description,
                    customerName: row.customerName, currency: row.currency,
                    openAmount: Money(minorUnits: open, currency: row.currency), openVATExclusiveBase: base,
                    dueDate: row.dueDate, creditorReference: row.creditorReference,
                    payerAccounts: payers[row.customerID.description] ?? [],
                    usualWithholdingRates: rates[row.customerID.description] ?? []))
        }
        return result
    }

    static func decodeRow(_ row: any SQLRow) throws -> InvoiceRow {
        let code = try row.string("currency")
        guard let currency = Currency(code: code) ?? BankStatementStore.fallback(code),
            let due = CalendarDate(iso8601: try row.string("due"))
        else { throw CorruptRow(description: "invoice currency or due date") }
        return InvoiceRow(
            id: try row.id("id"), number: try row.string("number"), customerID: try row.id("account_id"),
            customerName: try row.string("account_name"), currency: currency, total: try row.int64("total_minor"),
            tax: try row.int64("tax_minor"), dueDate: due,
            creditorReference: try row.optionalString("payment_reference"))
    }

    // MARK: What a line may name or amount to

    /// The invoice numbers `text` may name, as numbers are stored: each word as written (upper-cased, surrounding
    /// punctuation dropped) and 2 to 4 consecutive letter-or-digit runs joined by "-" ("inv 2026 000123" →
    /// "INV-2026-000123"). At most `maximumTokensPerLine`.
    static func numberTokens(in text: String) -> [String] {
        var tokens: [String] = []
        var seen = Set<String>()
        func add(_ token: String) {
            guard token.count >= 4, token.count <= 60, token.contains(where: \.isNumber),
                tokens.count < maximumTokensPerLine, seen.insert(token).inserted
            else { return }
            tokens.append(token)
        }
        let upper = text.uppercased()
        for word in upper.split(whereSeparator: \.isWhitespace) {
            add(String(word).trimmingCharacters(in: .punctuationCharacters.union(.symbols)))
        }
        let runs = upper.unicodeScalars.split { !($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }
        for start in runs.indices {
            for count in 2...4 where start + count <= runs.count {
                add(runs[start..<start + count].joined(separator: "-"))
            }
        }
        return tokens
    }

    /// The invoice totals a line of `amount` may settle in full: the amount itself, and each total whose open
    /// amount net of 1%, 2%, 5%+1% or 5%+2% of its VAT-exclusive base (12% VAT included, or none) is the amount,
    /// within two minor units of rounding either way.
    static func candidateTotals(for amount: Int64) -> [Int64] {
        guard amount > 0 else { return [] }
        var totals: Set<Int64> = [amount]
        for withheld in PaymentMatcher.standardWithholdingRates.map({ $0.reduce(Decimal(0), +) / 100 }) {
            for vatFactor in [Decimal(string: "1.12")!, Decimal(1)] {
                let total = Decimal(amount) / (1 - withheld / vatFactor)
                let centre = NSDecimalNumber(decimal: Rounding.roundHalfUp(total, scale: 0)).int64Value
                for offset in Int64(-2)...2 { totals.insert(centre + offset) }
            }
        }
        return totals.sorted()
    }
}
