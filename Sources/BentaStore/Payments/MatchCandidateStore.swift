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

    /// The candidates of every line of `lines` (the union, each invoice once), with their open amounts,
    /// VAT-exclusive open base, the customers' payer accounts among the lines' and usual withholding. Fully settled
    /// invoices are left out.
    ///
    /// Two statements per chunk of lines, however many candidates they bring: the payer accounts the lines come
    /// from (`payer_accounts`' key), then one statement that finds the invoices through the three indexes (number,
    /// customer, total) and reads each one's open amount (its allocations and credit notes, through their invoice
    /// indexes) and its customer's withholding in the same pass; plus, only when an instalment invoice is among
    /// them, one for the instalments.
    ///
    /// `amounts` says whose invoices the amount look-up reads: every customer's (the proposals a person reviews),
    /// or, for an import's decisions, only the customers of the invoices the lines name by number (and every
    /// customer's for a line that may hold an RF reference). An invoice found by its amount alone never decides a
    /// line — it scores at most 65, so it neither passes the threshold nor comes within the margin of a proposal
    /// that does — except as one of several invoices of a customer the line names; so the import decides as it
    /// would with every customer's, without reading the thousands of invoices that share a common total.
    public func candidates(
        for lines: [MatchLine], companyID: Company.ID, amounts: AmountLookUp = .everyCustomer
    ) async throws -> [MatchCandidate] {
        var rows: [Invoice.ID: InvoiceRow] = [:]
        var order: [Invoice.ID] = []
        var payers: [String: Set<String>] = [:]
        let keys = lines.map {
            LineKeys(
                numbers: Self.numberTokens(in: $0.remittanceText),
                totals: Self.candidateTotals(for: $0.amount.minorUnits),
                account: BankAccount.normalizedNumber($0.counterpartyAccount),
                everyCustomer: amounts == .everyCustomer || Self.mayHoldCreditorReference($0.remittanceText))
        }
        for chunk in Self.chunks(of: keys) {
            let cap = Self.maximumCandidatesPerLine * chunk.count
            let numbers = Set(chunk.flatMap(\.numbers)).sorted()
            let accounts = Set(chunk.map(\.account)).filter { !$0.isEmpty }.sorted()
            let totals = Set(chunk.filter(\.everyCustomer).flatMap(\.totals))
            let namedTotals = Set(chunk.filter { !$0.everyCustomer }.flatMap(\.totals)).subtracting(totals)
            var customers: [String] = []
            if !accounts.isEmpty {
                var seen = Set<String>()
                for row in try await db.raw(
                    """
                    SELECT account_key, account_id FROM payer_accounts
                    WHERE company_id = \(bind: companyID.description) AND account_key IN (\(binds: accounts))
                    """
                ).all() {
                    let customer = try row.string("account_id")
                    payers[customer, default: []].insert(try row.string("account_key"))
                    if seen.insert(customer).inserted { customers.append(customer) }
                }
            }
            for row in try await invoiceRows(
                companyID: companyID, numbers: numbers, customers: customers.sorted(), totals: totals.sorted(),
                namedCustomersTotals: namedTotals.sorted(), limit: cap)
            where rows[row.id] == nil {
                rows[row.id] = row
                order.append(row.id)
            }
        }
        return try await candidates(from: order.compactMap { rows[$0] }, payers: payers)
    }

    /// Whose invoices the amount look-up of ``candidates(for:companyID:amounts:)`` reads.
    public enum AmountLookUp: Sendable, Equatable {
        /// Every customer's issued invoices of the amount.
        case everyCustomer
        /// Only those of the customers whose invoices the lines name by number.
        case namedCustomers
    }

    /// Whether `text` may hold an RF creditor reference ("RF" and two check digits, spaces and dashes ignored).
    static func mayHoldCreditorReference(_ text: String) -> Bool {
        let compact = Array(BankAccount.normalizedNumber(text).utf8)
        guard compact.count >= 5 else { return false }
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        return (0...(compact.count - 5)).contains {
            compact[$0] == UInt8(ascii: "R") && compact[$0 + 1] == UInt8(ascii: "F") && digits.contains(compact[$0 + 2])
                && digits.contains(compact[$0 + 3])
        }
    }

    /// Whether a customer has paid from `counterpartyAccount` (normalised) before.
    public func isKnownPayerAccount(_ counterpartyAccount: String, companyID: Company.ID) async throws -> Bool {
        let key = BankAccount.normalizedNumber(counterpartyAccount)
        guard !key.isEmpty else { return false }
        return try await db.raw(
            """
            SELECT 1 AS known FROM payer_accounts
            WHERE company_id = \(bind: companyID.description) AND account_key = \(bind: key) LIMIT 1
            """
        ).first() != nil
    }

    /// The most accounts the payer-name look-up reads; more than this sharing the name's words is no one name.
    static let maximumNamesRead = 200

    /// The customers (accounts not merged away) whose name or registered name is `name` once both are
    /// `NameSimilarity.normalized` — found through the full-text index by the normalised name's words, never by a
    /// scan. Empty when `maximumNamesRead` accounts share the words (then no name is one customer's).
    public func customers(named name: String, companyID: Company.ID) async throws -> [Account.ID] {
        let payer = NameSimilarity.normalized(name)
        guard payer.count >= 3 else { return [] }
        let search = SearchStore.textFilter(.account, column: "a.id", text: payer, companyID: companyID, db: db)
        let sql: SQLQueryString =
            "SELECT a.id, a.name, a.registered_name FROM " + search.from + "accounts a WHERE " + search.condition
            + " AND a.company_id = \(bind: companyID.description) AND a.merged_into_id IS NULL"
            + " LIMIT \(bind: Int64(Self.maximumNamesRead))"
        let rows = try await db.raw(sql).all()
        guard rows.count < Self.maximumNamesRead else { return [] }
        var found: [Account.ID] = []
        for row in rows {
            let names = [try row.string("name"), try row.optionalString("registered_name") ?? ""]
            if names.contains(where: { NameSimilarity.normalized($0) == payer }) { found.append(try row.id("id")) }
        }
        return found.sorted { $0.description < $1.description }
    }

    /// The open invoices of `customer` as candidates: its `maximumInvoicesPerPayer` oldest not settled by
    /// allocations, as the payer-account look-up reads them.
    public func openInvoices(of customer: Account.ID, companyID: Company.ID) async throws -> [MatchCandidate] {
        try await candidates(
            from: try await invoiceRows(
                companyID: companyID, numbers: [], customers: [customer.description], totals: [],
                namedCustomersTotals: [], limit: Self.maximumInvoicesPerPayer),
            payers: [:])
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

    /// The most values bound in one statement (SQLite allows 32,766): a chunk of lines that would bind more is
    /// looked up in halves.
    static let maximumBinds = 30_000

    /// What one line is looked up by: the invoice numbers its text may name, the totals its amount may settle,
    /// its payer account (normalised).
    struct LineKeys {
        var numbers: [String]
        var totals: [Int64]
        var account: String
        /// Whether the line's totals are looked up among every customer's invoices.
        var everyCustomer: Bool
    }

    /// `lines` in chunks of `linesPerChunk`, each split in halves until its look-up binds at most `maximumBinds`.
    static func chunks(of lines: [LineKeys]) -> [ArraySlice<LineKeys>] {
        var result: [ArraySlice<LineKeys>] = []
        func add(_ chunk: ArraySlice<LineKeys>) {
            let binds = chunk.reduce(8) { $0 + $1.numbers.count + $1.totals.count + 1 }
            if binds > maximumBinds, chunk.count > 1 {
                let middle = chunk.startIndex + chunk.count / 2
                add(chunk[chunk.startIndex..<middle])
                add(chunk[middle..<chunk.endIndex])
            } else {
                result.append(chunk)
            }
        }
        for start in stride(from: 0, to: lines.count, by: linesPerChunk) {
            add(lines[start..<min(start + linesPerChunk, lines.count)])
        }
        return result
    }

    /// An issued invoice as the matcher needs it, with what is settled on it.
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
        /// Issued credit notes, and cash + withholding allocated (reversals negative).
        var credited: Int64
        var allocated: Int64
        /// The instalments it was issued with (a count; the rows are read only for invoices of two or more).
        var instalments: Int64
        /// The customer's withholding default as stored (`account_withholding.rates_json`), if any.
        var ratesJSON: String?
    }

    /// One statement: the issued invoices (a) whose number is one of `numbers`, (b) of `customers` (payers
    /// known by their account) among their `maximumInvoicesPerPayer` oldest not settled by allocations, (c) whose
    /// total is one of `totals`, (d) of the customers of (a) whose total is one of `namedCustomersTotals` — each
    /// look-up capped at `limit` and answered by its index — with their settled amounts and customer's withholding
    /// default.
    private func invoiceRows(
        companyID: Company.ID, numbers: [String], customers: [String], totals: [Int64],
        namedCustomersTotals: [Int64], limit: Int
    ) async throws -> [InvoiceRow] {
        let company = companyID.description
        var lookUps: [SQLQueryString] = []
        var sql: SQLQueryString = "WITH "
        if !numbers.isEmpty {
            // `|| ''` keeps kind and status out of the index choice: with them SQLite's planner walks every
            // issued invoice of the company on the amounts' index (company, kind, status, total) instead of
            // looking the numbers up on theirs — a scan of all open invoices per batch.
            sql += """
                named (id, account_id) AS (SELECT i.id, i.account_id FROM invoices i
                    WHERE i.company_id = \(bind: company) AND i.number IN (\(binds: numbers))
                        AND i.kind || '' = 'invoice' AND i.status || '' = 'issued'
                    LIMIT \(bind: Int64(limit))),

                """
            lookUps.append("SELECT id FROM named")
            if !namedCustomersTotals.isEmpty {
                // `+` keeps the total's index out: the customers' index reads their few invoices.
                lookUps.append(
                    """
                    SELECT id FROM (SELECT i.id FROM invoices i
                        WHERE i.account_id IN (SELECT account_id FROM named)
                            AND i.kind = 'invoice' AND i.status = 'issued'
                            AND +i.total_minor IN (\(binds: namedCustomersTotals))
                        LIMIT \(bind: Int64(limit))) r
                    """)
            }
        }
        if !customers.isEmpty {
            lookUps.append(
                """
                SELECT id FROM (SELECT t.id FROM (
                    SELECT i.id, ROW_NUMBER() OVER (PARTITION BY i.account_id ORDER BY i.due_date, i.id) AS place
                    FROM invoices i
                    WHERE i.account_id IN (\(binds: customers)) AND i.kind = 'invoice' AND i.status = 'issued'
                        AND i.total_minor > COALESCE((SELECT SUM(p.cash_minor + p.withheld_minor)
                            FROM payment_allocations p WHERE p.invoice_id = i.id), 0)
                ) t WHERE t.place <= \(bind: Int64(Self.maximumInvoicesPerPayer))
                ORDER BY t.id LIMIT \(bind: Int64(limit))) c
                """)
        }
        if !totals.isEmpty {
            // No ORDER BY: sorting by id would make the planner walk the company's invoices by id instead of the
            // index of the total.
            lookUps.append(
                """
                SELECT id FROM (SELECT i.id FROM invoices i
                    WHERE i.company_id = \(bind: company) AND i.kind = 'invoice' AND i.status = 'issued'
                        AND i.total_minor IN (\(binds: totals))
                    LIMIT \(bind: Int64(limit))) a
                """)
        }
        guard let first = lookUps.first else { return [] }
        sql += "found (id) AS ("
        sql += first
        for lookUp in lookUps.dropFirst() {
            sql += " UNION "
            sql += lookUp
        }
        sql += """
            )
            SELECT i.id, i.number, i.account_id, a.name AS account_name, i.currency, i.total_minor, i.tax_minor,
                COALESCE(i.due_date, i.issue_date) AS due, i.payment_reference,
                CAST(COALESCE((SELECT SUM(c.total_minor) FROM invoices c
                    WHERE c.corrects_invoice_id = i.id AND c.kind = 'credit_note' AND c.status = 'issued'), 0)
                    AS BIGINT) AS credited,
                CAST(COALESCE((SELECT SUM(p.cash_minor + p.withheld_minor) FROM payment_allocations p
                    WHERE p.invoice_id = i.id), 0) AS BIGINT) AS allocated,
                CAST((SELECT COUNT(*) FROM invoice_instalments s WHERE s.invoice_id = i.id) AS BIGINT) AS instalments,
                w.rates_json
            FROM found f JOIN invoices i ON i.id = f.id JOIN accounts a ON a.id = i.account_id
                LEFT JOIN account_withholding w ON w.account_id = i.account_id
            WHERE i.kind = 'invoice' AND i.status = 'issued'
            """
        return try await db.raw(sql).all().map(Self.decodeRow)
    }

    /// The rows as candidates: open amount = total − credited − allocated (settled ones left out), the
    /// VAT-exclusive open base, the payer accounts of `payers` and the usual withholding; the next open
    /// instalment of an invoice issued with several (one more statement, only when there is one).
    private func candidates(
        from rows: [InvoiceRow], payers: [String: Set<String>]
    ) async throws -> [MatchCandidate] {
        let open = rows.filter { $0.total - $0.credited - $0.allocated > 0 }
        guard !open.isEmpty else { return [] }
        var parts: [Invoice.ID: [InvoiceInstalment]] = [:]
        let split = open.filter { $0.instalments > 1 }.map(\.id)
        for start in stride(from: 0, to: split.count, by: Self.idsPerStatement) {
            let chunk = split[start..<min(start + Self.idsPerStatement, split.count)].map(\.description)
            for row in try await db.raw(
                """
                SELECT invoice_id, seq, due_date, amount_minor, currency FROM invoice_instalments
                WHERE invoice_id IN (\(binds: chunk)) ORDER BY invoice_id, seq
                """
            ).all() {
                parts[try row.id("invoice_id"), default: []].append(try InvoiceStore.decodeInstalment(row))
            }
        }
        // Many invoices share a total, a customer's withholding and its JSON: each is worked out once.
        var rates: [String: [Decimal]] = [:]
        var bases: [BaseKey: Money] = [:]
        var result: [MatchCandidate] = []
        for row in open {
            let settled = row.credited + row.allocated
            let openAmount = row.total - settled
            let key = BaseKey(currency: row.currency.code, open: openAmount, total: row.total, tax: row.tax)
            let base: Money
            if let known = bases[key] {
                base = known
            } else {
                base = try AllocationRules.vatExclusiveBase(
                    settling: Money(minorUnits: openAmount, currency: row.currency),
                    total: Money(minorUnits: row.total, currency: row.currency),
                    tax: Money(minorUnits: row.tax, currency: row.currency))
                bases[key] = base
            }
            var usual: [Decimal] = []
            if let json = row.ratesJSON {
                if let known = rates[json] {
                    usual = known
                } else {
                    usual = try StoredJSON.decode([WithholdingProfile.Rate].self, from: json)
                        .map(\.ratePercent)
                    rates[json] = usual
                }
            }
            var nextInstalment: Money?
            if let instalments = parts[row.id], instalments.count > 1 {
                let due = InstalmentSchedule.openParts(of: instalments, settled: settled).first { $0 > 0 }
                nextInstalment = due.map { Money(minorUnits: $0, currency: row.currency) }
            }
            result.append(
                MatchCandidate(
                    invoiceID: row.id.description, invoiceNumber: row.number, customerID: row.customerID.description,
                    customerName: row.customerName, currency: row.currency,
                    openAmount: Money(minorUnits: openAmount, currency: row.currency), openVATExclusiveBase: base,
                    dueDate: row.dueDate, creditorReference: row.creditorReference,
                    payerAccounts: (payers[row.customerID.description] ?? []).sorted(),
                    usualWithholdingRates: usual, nextInstalment: nextInstalment))
        }
        return result
    }

    /// What a VAT-exclusive open base depends on.
    struct BaseKey: Hashable {
        var currency: String
        var open: Int64
        var total: Int64
        var tax: Int64
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
            creditorReference: try row.optionalString("payment_reference"), credited: try row.int64("credited"),
            allocated: try row.int64("allocated"), instalments: try row.int64("instalments"),
            ratesJSON: try row.optionalString("rates_json"))
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
