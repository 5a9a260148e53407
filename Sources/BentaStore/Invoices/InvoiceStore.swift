import BentaCore
import Foundation
import SQLKit

/// Invoices and credit notes with their lines. An invoice is visible exactly when its account is. Issued documents
/// are never changed: `updateDraft` only touches drafts, `issue` only turns a draft into an issued document.
public struct InvoiceStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func find(_ id: Invoice.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Invoice? {
        guard
            let invoice = try await db.firstSeenThroughAccount(
                "invoices", alias: "i", where: "i.id = \(bind: id.description)", viewer: viewer, forUpdate: forUpdate,
                decode: Self.decode)
        else { return nil }
        return try await withLines([invoice]).first
    }

    /// Newest first, keyset-paged by id. The head's (whole company's) list walks `invoices_list`, which holds each
    /// invoice's kind, status and due date, so the status and overdue filters pass over the rest without reading
    /// their rows (migration 48). A manager's list (unless it is one account's, one deal's or one invoice's credit
    /// notes) is read as a union: the invoices of the accounts they own and of each of their teams' shared
    /// accounts, each walked newest first on its own index (`invoices_owner_page`, `invoices_team_page`, migration 48,
    /// over the copies of the account's owner and team that migration 47 keeps on each invoice) and cut to the page,
    /// then merged; the same invoices as ``VisibilitySQL/accounts(_:alias:)`` sees through their accounts.
    ///
    /// `issuedLines: false` leaves the lines of issued documents out (a list that shows no line, as the invoice
    /// list page: an issued document's totals are its frozen figures); a draft's lines are always read, its totals
    /// are computed from them.
    public func list(
        viewer: Viewer, filter: InvoiceFilter, page: PageRequest, issuedLines: Bool = true
    ) async throws -> Page<Invoice> {
        let company: SQLQueryString = "i.company_id = \(bind: viewer.companyID.description)"
        let found: Page<Invoice>
        switch viewer.scope {
        case .wholeCompany:
            // Every invoice of the company (an invoice is of its account's company): no account to read.
            let sql: SQLQueryString = "SELECT i.* FROM invoices i WHERE " + company + Self.conditions(filter)
            found = try await db.newestFirstPage(sql, alias: "i", page: page, decode: Self.decode)
        case .ownedOrShared(let user)
        where filter.accountID == nil && filter.dealID == nil && filter.correctsInvoiceID == nil:
            let parts = try await VisibilitySQL.ownedOrSharedParts(
                user: user, alias: "i", ownerColumn: AccountVisibilityColumns.ownerColumn,
                teamColumn: AccountVisibilityColumns.teamColumn, db: db)
            let members = parts.map { visible in
                "SELECT i.* FROM invoices i WHERE " + company + " AND " + visible + Self.conditions(filter)
            }
            found = try await db.newestFirstUnionPage(members, alias: "i", page: page, decode: Self.decode)
        case .ownedOrShared:
            // One account's, deal's or invoice's few invoices, seen through the account.
            var sql: SQLQueryString = "SELECT i.* FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE "
            sql += company + " AND " + VisibilitySQL.accounts(viewer) + Self.conditions(filter)
            found = try await db.newestFirstPage(sql, alias: "i", page: page, decode: Self.decode)
        }
        guard !issuedLines else { return Page(items: try await withLines(found.items), nextCursor: found.nextCursor) }
        let drafts = try await withLines(found.items.filter { $0.issued == nil })
        let lined = Dictionary(uniqueKeysWithValues: drafts.map { ($0.id, $0) })
        return Page(items: found.items.map { lined[$0.id] ?? $0 }, nextCursor: found.nextCursor)
    }

    /// The list's filters as conditions on the invoice `i`, each starting with " AND ".
    private static func conditions(_ filter: InvoiceFilter) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let kind = filter.kind { sql += " AND i.kind = \(bind: kind.rawValue)" }
        if let account = filter.accountID { sql += " AND i.account_id = \(bind: account.description)" }
        if let owner = filter.ownerID { sql += " AND i.owner_id = \(bind: owner.description)" }
        if let deal = filter.dealID { sql += " AND i.deal_id = \(bind: deal.description)" }
        if let status = filter.status { sql += " AND i.status = \(bind: status.rawValue)" }
        if let corrected = filter.correctsInvoiceID {
            sql += " AND i.corrects_invoice_id = \(bind: corrected.description)"
        }
        if let day = filter.mayBeOverdueOn?.iso8601String {
            // Necessary for overdue, so the page reads on past the paid and not yet due ones in SQL (issue 11: the
            // overdue list read page after page of them at a million records). Open: nothing dated after every
            // possible day is left out of what settled it, so this is the balance's open amount.
            sql += " AND i.kind = 'invoice' AND i.status = 'issued'"
            sql += " AND (COALESCE(i.due_date, i.issue_date) < \(bind: day)"
            sql += " OR EXISTS (SELECT 1 FROM invoice_instalments ii WHERE ii.invoice_id = i.id"
            sql += " AND ii.due_date < \(bind: day))) AND i.total_minor > "
            sql += InvoiceSettlementSQL.settled(asOf: "9999-12-31")
        }
        return sql
    }

    /// Per invoice, in one statement: the issued credit notes' totals, and the cash and withholding allocated to it
    /// (reversals subtracted); what an invoice's open amount is made of. Also the withholding of its live
    /// allocations (neither a reversal nor reversed) that no BIR Form 2307 covers yet, and the instalments it was
    /// issued with (rows of their own in the same statement, told apart by their `seq`).
    public func settlementTotals(of invoices: [Invoice.ID]) async throws -> [Invoice.ID: SettlementTotals] {
        guard !invoices.isEmpty else { return [:] }
        let ids = invoices.map(\.description)
        let rows = try await db.raw(
            """
            SELECT invoice_id, CAST(SUM(credited) AS BIGINT) AS credited, CAST(SUM(cash) AS BIGINT) AS cash,
                CAST(SUM(withheld) AS BIGINT) AS withheld, CAST(SUM(pending) AS BIGINT) AS pending,
                CAST(NULL AS BIGINT) AS seq, CAST(NULL AS TEXT) AS due_date, CAST(NULL AS BIGINT) AS amount_minor,
                CAST(NULL AS TEXT) AS currency
            FROM (
                SELECT corrects_invoice_id AS invoice_id, total_minor AS credited, 0 AS cash, 0 AS withheld,
                    0 AS pending
                FROM invoices WHERE kind = 'credit_note' AND status = 'issued'
                    AND corrects_invoice_id IN (\(binds: ids))
                UNION ALL
                SELECT pa.invoice_id, 0, pa.cash_minor, pa.withheld_minor,
                    CASE WHEN pa.withheld_minor > 0 AND pa.reverses_id IS NULL
                        AND NOT EXISTS (SELECT 1 FROM payment_allocations r WHERE r.reverses_id = pa.id)
                        AND NOT EXISTS (SELECT 1 FROM certificate_allocations c WHERE c.allocation_id = pa.id)
                    THEN pa.withheld_minor ELSE 0 END
                FROM payment_allocations pa
                WHERE pa.invoice_id IN (\(binds: ids))
            ) t GROUP BY invoice_id
            UNION ALL
            SELECT invoice_id, 0, 0, 0, 0, seq, due_date, amount_minor, currency FROM invoice_instalments
            WHERE invoice_id IN (\(binds: ids))
            """
        ).all()
        var result: [Invoice.ID: SettlementTotals] = [:]
        for row in rows {
            let id: Invoice.ID = try row.id("invoice_id")
            var figures = result[id] ?? SettlementTotals(credited: 0, cash: 0, withheld: 0)
            if try row.optionalInt64("seq") != nil {
                figures.instalments.append(try Self.decodeInstalment(row))
            } else {
                figures.credited = try row.int64("credited")
                figures.cash = try row.int64("cash")
                figures.withheld = try row.int64("withheld")
                figures.pendingWithholding = try row.int64("pending")
            }
            result[id] = figures
        }
        for id in result.keys { result[id]?.instalments.sort { $0.sequence < $1.sequence } }
        return result
    }

    /// The issued credit notes' totals per corrected invoice.
    public func creditedTotals(of invoices: [Invoice.ID]) async throws -> [Invoice.ID: Int64] {
        guard !invoices.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT corrects_invoice_id, CAST(SUM(total_minor) AS BIGINT) AS credited FROM invoices
            WHERE kind = 'credit_note' AND status = 'issued'
                AND corrects_invoice_id IN (\(binds: invoices.map(\.description)))
            GROUP BY corrects_invoice_id
            """
        ).all()
        var result: [Invoice.ID: Int64] = [:]
        for row in rows { result[try row.id("corrects_invoice_id")] = try row.int64("credited") }
        return result
    }

    /// What the issued credit notes of `invoice` took back so far: per line, per (category, rate) group, in all.
    public func credits(of invoice: Invoice.ID, currency: Currency) async throws -> InvoiceCredits {
        let id = invoice.description
        let lineRows = try await db.raw(
            """
            SELECT c.line_position, c.quantity, c.amount_minor FROM invoice_line_credits c
            JOIN invoices n ON n.id = c.credit_note_id
            WHERE c.invoice_id = \(bind: id) AND n.status = 'issued'
            ORDER BY c.credit_note_id, c.note_position
            """
        ).all()
        let lines = try lineRows.map { row in
            guard let quantity = DecimalText.parse(try row.string("quantity")) else {
                throw CorruptRow(description: "credited quantity")
            }
            return LineCredit(
                lineIndex: Int(try row.int64("line_position")), quantity: quantity,
                amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency))
        }
        let taxRows = try await db.raw(
            """
            SELECT c.tax_category, c.rate_percent, c.taxable_minor, c.tax_minor FROM invoice_tax_credits c
            JOIN invoices n ON n.id = c.credit_note_id
            WHERE c.invoice_id = \(bind: id) AND n.status = 'issued'
            ORDER BY c.credit_note_id, c.tax_category, c.rate_percent
            """
        ).all()
        let taxes = try taxRows.map { row in
            guard let category = TaxCategory(rawValue: try row.string("tax_category")),
                let rate = DecimalText.parse(try row.string("rate_percent"))
            else { throw CorruptRow(description: "credited tax group") }
            return TaxBreakdown(
                taxCategory: category, ratePercent: rate,
                taxableBase: Money(minorUnits: try row.int64("taxable_minor"), currency: currency),
                taxAmount: Money(minorUnits: try row.int64("tax_minor"), currency: currency))
        }
        let total = try await creditedTotals(of: [invoice])[invoice] ?? 0
        return InvoiceCredits(lines: lines, taxes: taxes, total: Money(minorUnits: total, currency: currency))
    }

    /// Records what the credit note `note` of `invoice` takes back: the invoice line of each of its lines, and its
    /// (category, rate) groups.
    public func recordCredits(
        note: Invoice.ID, invoice: Invoice.ID, lines: [LineCredit], taxes: [TaxBreakdown]
    ) async throws {
        for (position, credit) in lines.enumerated() {
            try await db.raw(
                """
                INSERT INTO invoice_line_credits (credit_note_id, note_position, invoice_id, line_position, quantity,
                    amount_minor)
                VALUES (\(bind: note.description), \(bind: Int64(position)), \(bind: invoice.description),
                    \(bind: Int64(credit.lineIndex)), \(bind: DecimalText.format(credit.quantity)),
                    \(bind: credit.amount.minorUnits))
                """
            ).run()
        }
        for row in taxes {
            try await db.raw(
                """
                INSERT INTO invoice_tax_credits (credit_note_id, invoice_id, tax_category, rate_percent, taxable_minor,
                    tax_minor)
                VALUES (\(bind: note.description), \(bind: invoice.description), \(bind: row.taxCategory.rawValue),
                    \(bind: DecimalText.format(row.ratePercent)), \(bind: row.taxableBase.minorUnits),
                    \(bind: row.taxAmount.minorUnits))
                """
            ).run()
        }
    }

    /// Issued invoices and credit notes of a kind with an issue date in `[from, to)`, in number order (the sales
    /// book); the company's own records, whoever owns them.
    public func register(
        companyID: Company.ID, kind: InvoiceKind, from: CalendarDate, to: CalendarDate
    ) async throws -> [Invoice] {
        let invoices = try await db.raw(
            """
            SELECT * FROM invoices WHERE company_id = \(bind: companyID.description) AND kind = \(bind: kind.rawValue)
                AND status = 'issued' AND issue_date >= \(bind: from.iso8601String)
                AND issue_date < \(bind: to.iso8601String)
            ORDER BY branch, sequence
            """
        ).all().map(Self.decode)
        return try await withLines(invoices)
    }

    public func insert(_ invoice: Invoice) async throws {
        let f = invoice.fields
        let totals = try invoice.totals()
        try await db.raw(
            """
            INSERT INTO invoices (id, company_id, kind, branch, number, sequence, status, account_id, contact_id,
                owner_id, deal_id, contract_id, corrects_invoice_id, currency, prices_include_tax, payment_terms,
                exchange_rate, exchange_rate_date, notes, reason, adjustments_json, fixed_tax_json, issue_date,
                due_date,
                payment_reference, seller_json, buyer_json, total_without_tax_minor, tax_minor, total_minor,
                vatable_minor, zero_rated_minor, exempt_minor, created_by, issued_at, created_at, updated_at, version,
                account_owner_id, account_team_id)
            VALUES (\(bind: invoice.id.description), \(bind: invoice.companyID.description),
                \(bind: invoice.kind.rawValue), \(bind: invoice.branch), NULL, NULL, 'draft',
                \(bind: invoice.accountID.description), \(bind: f.contactID?.description),
                \(bind: invoice.ownerID.description), \(bind: invoice.dealID?.description), \(bind: invoice.contractID),
                \(bind: invoice.correctsInvoiceID?.description), \(bind: f.currency.code), \(bind: f.pricesIncludeTax),
                \(bind: f.paymentTerms.code), \(bind: f.exchangeRate.map(DecimalText.format)),
                \(bind: f.exchangeRateDate?.iso8601String), \(bind: f.notes), \(bind: f.reason),
                \(bind: try jsonText(f.adjustments)), \(bind: try jsonText(f.fixedTaxAmounts)), NULL, NULL, NULL,
                NULL, NULL,
                \(bind: totals.totalWithoutTax.minorUnits), \(bind: totals.totalTax.minorUnits),
                \(bind: totals.totalWithTax.minorUnits), \(bind: totals.vatableSales.minorUnits),
                \(bind: totals.zeroRatedSales.minorUnits), \(bind: totals.exemptSales.minorUnits),
                \(bind: invoice.createdBy?.description), NULL, \(bind: invoice.createdAt.millisecondsSince1970),
                \(bind: invoice.updatedAt.millisecondsSince1970), \(bind: invoice.version),
            """
                + AccountVisibilityColumns.values(accountID: invoice.accountID.description) + ")"
        ).run()
        try await LineStore.replaceLines(of: invoice, on: db)
    }

    /// Saves a changed draft at `expectedVersion`; false when it changed meanwhile or is no longer a draft.
    public func updateDraft(_ invoice: Invoice, expectedVersion: Int64, linesChanged: Bool) async throws -> Bool {
        let f = invoice.fields
        let totals = try invoice.totals()
        let saved = try await db.raw(
            """
            UPDATE invoices SET account_id = \(bind: invoice.accountID.description),
                contact_id = \(bind: f.contactID?.description), owner_id = \(bind: invoice.ownerID.description),
                currency = \(bind: f.currency.code), prices_include_tax = \(bind: f.pricesIncludeTax),
                payment_terms = \(bind: f.paymentTerms.code), exchange_rate = \(bind: f.exchangeRate.map(DecimalText.format)),
                exchange_rate_date = \(bind: f.exchangeRateDate?.iso8601String), notes = \(bind: f.notes),
                reason = \(bind: f.reason), adjustments_json = \(bind: try jsonText(f.adjustments)),
                fixed_tax_json = \(bind: try jsonText(f.fixedTaxAmounts)),
                total_without_tax_minor = \(bind: totals.totalWithoutTax.minorUnits),
                tax_minor = \(bind: totals.totalTax.minorUnits), total_minor = \(bind: totals.totalWithTax.minorUnits),
                vatable_minor = \(bind: totals.vatableSales.minorUnits),
                zero_rated_minor = \(bind: totals.zeroRatedSales.minorUnits),
                exempt_minor = \(bind: totals.exemptSales.minorUnits),
                updated_at = \(bind: invoice.updatedAt.millisecondsSince1970), version = \(bind: invoice.version)
            WHERE id = \(bind: invoice.id.description) AND version = \(bind: expectedVersion) AND status = 'draft'
            RETURNING id
            """
        ).all()
        guard !saved.isEmpty else { return false }
        if linesChanged { try await LineStore.replaceLines(of: invoice, on: db) }
        return true
    }

    /// Turns a draft into an issued document with its number, dates, reference, parties and the figures it states
    /// (`invoice.issued`, required); once.
    public func issue(_ invoice: Invoice, expectedVersion: Int64) async throws -> Bool {
        guard let issued = invoice.issued, let sequence = invoice.sequence else {
            throw CorruptRow(description: "an issued document without its figures or sequence")
        }
        return
            !(try await db.raw(
                """
                UPDATE invoices SET status = 'issued', number = \(bind: invoice.number), sequence = \(bind: sequence),
                    issue_date = \(bind: invoice.issueDate?.iso8601String), due_date = \(bind: invoice.dueDate?.iso8601String),
                    payment_reference = \(bind: invoice.paymentReference),
                    seller_json = \(bind: try invoice.seller.map(jsonText)), buyer_json = \(bind: try invoice.buyer.map(jsonText)),
                    issued_json = \(bind: try jsonText(issued)),
                    total_without_tax_minor = \(bind: issued.totals.totalWithoutTax.minorUnits),
                    tax_minor = \(bind: issued.totals.totalTax.minorUnits), total_minor = \(bind: issued.totals.totalWithTax.minorUnits),
                    vatable_minor = \(bind: issued.totals.vatableSales.minorUnits),
                    zero_rated_minor = \(bind: issued.totals.zeroRatedSales.minorUnits),
                    exempt_minor = \(bind: issued.totals.exemptSales.minorUnits),
                    issued_at = \(bind: invoice.issuedAt?.millisecondsSince1970),
                    updated_at = \(bind: invoice.updatedAt.millisecondsSince1970), version = \(bind: invoice.version)
                WHERE id = \(bind: invoice.id.description) AND version = \(bind: expectedVersion) AND status = 'draft'
                RETURNING id
                """
            ).all().isEmpty)
    }

    /// Discards a draft (an issued document is never deleted).
    public func deleteDraft(_ id: Invoice.ID) async throws -> Bool {
        try await db.raw("DELETE FROM invoice_lines WHERE invoice_id = \(bind: id.description)").run()
        let deleted = try await db.raw(
            "DELETE FROM invoices WHERE id = \(bind: id.description) AND status = 'draft' RETURNING id"
        ).all()
        return !deleted.isEmpty
    }

    private func withLines(_ invoices: [Invoice]) async throws -> [Invoice] {
        try await LineStore.withLines(invoices, on: db)
    }

    static func decode(_ row: any SQLRow) throws -> Invoice {
        guard let currency = Currency(code: try row.string("currency")),
            let kind = InvoiceKind(rawValue: try row.string("kind")),
            let status = InvoiceStatus(rawValue: try row.string("status")),
            let terms = PaymentTerms.parse(try row.string("payment_terms"))
        else { throw CorruptRow(description: "invoice currency, kind, status or terms") }
        let fields = InvoiceFields(
            contactID: try row.optionalID("contact_id"), currency: currency,
            pricesIncludeTax: try row.bool("prices_include_tax"), paymentTerms: terms,
            adjustments: try row.json("adjustments_json", as: [DocumentAllowanceCharge].self),
            exchangeRate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse),
            exchangeRateDate: try row.optionalString("exchange_rate_date").flatMap(CalendarDate.init(iso8601:)),
            notes: try row.optionalString("notes"), reason: try row.optionalString("reason"),
            fixedTaxAmounts: try row.json("fixed_tax_json", as: [FixedTaxAmount].self))
        return Invoice(
            id: try row.id("id"), companyID: try row.id("company_id"), kind: kind, branch: try row.string("branch"),
            accountID: try row.id("account_id"), ownerID: try row.id("owner_id"), fields: fields, status: status,
            number: try row.optionalString("number"), sequence: try row.decode(column: "sequence", as: Int64?.self),
            paymentReference: try row.optionalString("payment_reference"),
            issueDate: try row.optionalString("issue_date").flatMap(CalendarDate.init(iso8601:)),
            dueDate: try row.optionalString("due_date").flatMap(CalendarDate.init(iso8601:)),
            seller: try row.optionalString("seller_json").map {
                try StoredJSON.decode(InvoiceParty.self, from: $0)
            },
            buyer: try row.optionalString("buyer_json").map {
                try StoredJSON.decode(InvoiceParty.self, from: $0)
            },
            correctsInvoiceID: try row.optionalID("corrects_invoice_id"), dealID: try row.optionalID("deal_id"),
            contractID: try row.optionalString("contract_id"), createdBy: try row.optionalID("created_by"),
            issuedAt: try row.optionalDate("issued_at"),
            issued: try row.optionalString("issued_json").map {
                try StoredJSON.decode(IssuedFigures.self, from: $0)
            },
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}

extension Invoice: LinedRecord {
    static var lineTable: LineStore.Table { .invoice }
    var lineParentID: String { id.description }
    var lineCurrency: Currency { fields.currency }
    var lineItems: [LineItem] {
        get { fields.lines }
        set { fields.lines = newValue }
    }
}

/// The company's invoicing settings; defaults from its country until an admin saves them.
public struct InvoiceSettingsStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func find(companyID: Company.ID) async throws -> InvoiceSettings? {
        guard
            let row = try await db.raw(
                "SELECT * FROM invoice_settings WHERE company_id = \(bind: companyID.description)"
            ).first()
        else { return nil }
        guard let profile = CountryProfile(rawValue: try row.string("profile")),
            let terms = PaymentTerms.parse(try row.string("default_payment_terms"))
        else { throw CorruptRow(description: "invoice settings") }
        return InvoiceSettings(
            profile: profile, pricesIncludeTax: try row.bool("prices_include_tax"), defaultPaymentTerms: terms,
            title: try row.string("title"), acknowledgementNumber: try row.optionalString("acknowledgement_number"),
            acknowledgementDate: try row.optionalString("acknowledgement_date").flatMap(CalendarDate.init(iso8601:)),
            version: try row.int64("version"))
    }

    /// Inserts or replaces the settings when they are still at `expectedVersion` (0 = never saved).
    public func save(
        _ settings: InvoiceSettings, companyID: Company.ID, expectedVersion: Int64, now: Date
    ) async throws -> Bool {
        let ack = settings.acknowledgementDate?.iso8601String
        if expectedVersion == 0 {
            try await db.raw(
                """
                INSERT INTO invoice_settings (company_id, profile, prices_include_tax, default_payment_terms, title,
                    acknowledgement_number, acknowledgement_date, updated_at, version)
                VALUES (\(bind: companyID.description), \(bind: settings.profile.rawValue),
                    \(bind: settings.pricesIncludeTax), \(bind: settings.defaultPaymentTerms.code),
                    \(bind: settings.title), \(bind: settings.acknowledgementNumber), \(bind: ack),
                    \(bind: now.millisecondsSince1970), 1)
                """
            ).run()
            return true
        }
        return
            !(try await db.raw(
                """
                UPDATE invoice_settings SET profile = \(bind: settings.profile.rawValue),
                    prices_include_tax = \(bind: settings.pricesIncludeTax),
                    default_payment_terms = \(bind: settings.defaultPaymentTerms.code), title = \(bind: settings.title),
                    acknowledgement_number = \(bind: settings.acknowledgementNumber), acknowledgement_date = \(bind: ack),
                    updated_at = \(bind: now.millisecondsSince1970), version = version + 1
                WHERE company_id = \(bind: companyID.description) AND version = \(bind: expectedVersion)
                RETURNING company_id
                """
            ).all().isEmpty)
    }
}

/// What has reduced an invoice's open amount, in its minor units.
public struct SettlementTotals: Sendable, Hashable {
    public var credited: Int64
    public var cash: Int64
    public var withheld: Int64
    /// The withholding of live allocations still waiting for their BIR Form 2307.
    public var pendingWithholding: Int64
    /// The instalments the invoice was issued with, in order (empty for a draft or a credit note).
    public var instalments: [InvoiceInstalment]

    public init(
        credited: Int64, cash: Int64, withheld: Int64, pendingWithholding: Int64 = 0,
        instalments: [InvoiceInstalment] = []
    ) {
        self.credited = credited
        self.cash = cash
        self.withheld = withheld
        self.pendingWithholding = pendingWithholding
        self.instalments = instalments
    }
}
