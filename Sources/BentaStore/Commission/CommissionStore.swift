import BentaCore
import Foundation
import SQLKit

/// Commission plans (append-only versions) and statements with their lines (migration 24).
///
/// A draft statement is replaced in place by a re-run (same id, revision raised, lines written again); an approved
/// one is refused any change by the database's triggers. Every lookup is scoped to one company; which manager's
/// statements a viewer may read is the service's rule.
public struct CommissionStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Plans

    /// Adds a plan version; its `version` must be one more than the subject's latest (the unique key refuses a
    /// concurrent duplicate).
    public func insert(_ plan: CommissionPlanVersion) async throws {
        try await db.raw(
            """
            INSERT INTO commission_plans (id, company_id, subject, user_id, version, content_json, effective_from,
                reason, author_id, created_at)
            VALUES (\(bind: plan.id.description), \(bind: plan.companyID.description), \(bind: plan.subject.key),
                \(bind: plan.subject.userID?.description), \(bind: plan.version), \(bind: try jsonText(plan.plan)),
                \(bind: plan.effectiveFrom.text), \(bind: plan.reason), \(bind: plan.authorID?.description),
                \(bind: plan.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Every version of the subject's plan, newest first (a plan changes a few times a year).
    public func planVersions(
        companyID: Company.ID, subject: CommissionPlanVersion.Subject
    ) async throws -> [CommissionPlanVersion] {
        try await db.raw(
            """
            SELECT * FROM commission_plans
            WHERE company_id = \(bind: companyID.description) AND subject = \(bind: subject.key)
            ORDER BY version DESC
            """
        ).all().map(Self.decodePlan)
    }

    /// The version in force for `month`: the manager's own latest version effective from `month` or earlier, else
    /// the company default's; nil when neither exists.
    public func planInForce(
        companyID: Company.ID, userID: User.ID, month: PlanMonth
    ) async throws -> CommissionPlanVersion? {
        try await db.raw(
            """
            SELECT * FROM commission_plans
            WHERE company_id = \(bind: companyID.description)
                AND subject IN (\(bind: userID.description), 'default')
                AND effective_from <= \(bind: month.text)
            ORDER BY CASE WHEN subject = 'default' THEN 1 ELSE 0 END, version DESC
            LIMIT 1
            """
        ).first().map(Self.decodePlan)
    }

    /// The versions in force for `month` of every subject at once (one statement): each manager's own and the
    /// company default, as ``planInForce(companyID:userID:month:)`` picks them. A manager's plan is
    /// `users[id] ?? companyDefault`.
    public func plansInForce(
        companyID: Company.ID, month: PlanMonth
    ) async throws -> (companyDefault: CommissionPlanVersion?, users: [User.ID: CommissionPlanVersion]) {
        var latest: [String: CommissionPlanVersion] = [:]
        for row in try await db.raw(
            """
            SELECT * FROM commission_plans
            WHERE company_id = \(bind: companyID.description) AND effective_from <= \(bind: month.text)
            """
        ).all() {
            let plan = try Self.decodePlan(row)
            if let known = latest[plan.subject.key], known.version > plan.version { continue }
            latest[plan.subject.key] = plan
        }
        var users: [User.ID: CommissionPlanVersion] = [:]
        for plan in latest.values {
            if let id = plan.subject.userID { users[id] = plan }
        }
        return (latest[CommissionPlanVersion.Subject.companyDefault.key], users)
    }

    // MARK: Statements

    /// A statement of the company; `forUpdate` locks its row.
    public func statement(
        _ id: StoredCommissionStatement.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws -> StoredCommissionStatement? {
        var sql: SQLQueryString = """
            SELECT * FROM commission_statements
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            """
        sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db))
        return try await db.raw(sql).first().map(Self.decodeStatement)
    }

    /// The manager's statement of `month` (its latest revision), if a run made one; `forUpdate` locks it.
    public func statement(
        companyID: Company.ID, userID: User.ID, month: PlanMonth, forUpdate: Bool = false
    ) async throws -> StoredCommissionStatement? {
        var sql: SQLQueryString = """
            SELECT * FROM commission_statements
            WHERE company_id = \(bind: companyID.description) AND user_id = \(bind: userID.description)
                AND month = \(bind: month.text)
            ORDER BY revision DESC LIMIT 1
            """
        sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db))
        return try await db.raw(sql).first().map(Self.decodeStatement)
    }

    /// The statements of one month (one per manager run), or of one manager (one per month), or both; newest month
    /// first, then by manager. A month holds one statement per manager and a manager one per month, so the list is
    /// bounded by the company's managers or by the months commission has been run.
    public func statements(
        companyID: Company.ID, month: PlanMonth?, userID: User.ID?
    ) async throws -> [StoredCommissionStatement] {
        var sql: SQLQueryString =
            "SELECT * FROM commission_statements WHERE company_id = \(bind: companyID.description)"
        if let month { sql += " AND month = \(bind: month.text)" }
        if let userID { sql += " AND user_id = \(bind: userID.description)" }
        sql += " ORDER BY month DESC, user_id, revision DESC"
        return try await db.raw(sql).all().map(Self.decodeStatement)
    }

    /// The manager's approved statements of the months from `from` up to and excluding `before`, oldest first.
    public func approvedStatements(
        companyID: Company.ID, userID: User.ID, from: PlanMonth, before: PlanMonth
    ) async throws -> [StoredCommissionStatement] {
        try await db.raw(
            """
            SELECT * FROM commission_statements
            WHERE company_id = \(bind: companyID.description) AND user_id = \(bind: userID.description)
                AND status = 'approved' AND month >= \(bind: from.text) AND month < \(bind: before.text)
            ORDER BY month
            """
        ).all().map(Self.decodeStatement)
    }

    /// The manager's latest approved statement of a month before `month`.
    public func lastApproved(
        companyID: Company.ID, userID: User.ID, before month: PlanMonth
    ) async throws -> StoredCommissionStatement? {
        try await db.raw(
            """
            SELECT * FROM commission_statements
            WHERE company_id = \(bind: companyID.description) AND user_id = \(bind: userID.description)
                AND status = 'approved' AND month < \(bind: month.text)
            ORDER BY month DESC LIMIT 1
            """
        ).first().map(Self.decodeStatement)
    }

    /// The month's statements of every manager, as ``statements(companyID:month:userID:)`` orders them, and each
    /// manager's latest approved statement of an earlier month (what a statement of the month carries in), in one
    /// statement: the leaderboard's read, whatever the number of managers.
    public func statementsWithCarried(
        companyID: Company.ID, month: PlanMonth
    ) async throws -> (month: [StoredCommissionStatement], lastApproved: [User.ID: StoredCommissionStatement]) {
        let company = companyID.description
        var result: (month: [StoredCommissionStatement], lastApproved: [User.ID: StoredCommissionStatement]) = (
            [], [:]
        )
        for row in try await db.raw(
            """
            SELECT *, 0 AS carried FROM commission_statements
            WHERE company_id = \(bind: company) AND month = \(bind: month.text)
            UNION ALL
            SELECT s.*, 1 AS carried FROM commission_statements s
                JOIN (SELECT user_id, MAX(month) AS last_month FROM commission_statements
                    WHERE company_id = \(bind: company) AND status = 'approved' AND month < \(bind: month.text)
                    GROUP BY user_id) l ON l.user_id = s.user_id AND l.last_month = s.month
            WHERE s.company_id = \(bind: company) AND s.status = 'approved'
            ORDER BY carried, month DESC, user_id, revision DESC
            """
        ).all() {
            let stored = try Self.decodeStatement(row)
            if try row.int64("carried") == 0 {
                result.month.append(stored)
            } else {
                result.lastApproved[stored.userID] = stored
            }
        }
        return result
    }

    /// The manager's statements of months after `month` (drafts and approved): where adjustments of `month` may
    /// already sit.
    public func statements(
        companyID: Company.ID, userID: User.ID, after month: PlanMonth
    ) async throws -> [StoredCommissionStatement] {
        try await db.raw(
            """
            SELECT * FROM commission_statements
            WHERE company_id = \(bind: companyID.description) AND user_id = \(bind: userID.description)
                AND month > \(bind: month.text)
            ORDER BY month
            """
        ).all().map(Self.decodeStatement)
    }

    /// Inserts a new statement with its lines.
    public func insert(_ stored: StoredCommissionStatement) async throws {
        let totals = stored.statement
        try await db.raw(
            """
            INSERT INTO commission_statements (id, company_id, user_id, month, revision, status, content_json,
                currency, target_minor, credited_sales_minor, earned_minor, payable_minor, created_by, created_at,
                approved_by, approved_at)
            VALUES (\(bind: stored.id.description), \(bind: stored.companyID.description),
                \(bind: stored.userID.description), \(bind: stored.month.text), \(bind: stored.revision),
                \(bind: stored.status.rawValue), \(bind: try jsonText(totals)), \(bind: totals.plan.currency.code),
                \(bind: totals.target.minorUnits), \(bind: totals.creditedSales.minorUnits),
                \(bind: totals.earned.minorUnits), \(bind: totals.payable.minorUnits),
                \(bind: stored.createdBy?.description), \(bind: stored.createdAt.millisecondsSince1970),
                \(bind: totals.approval?.approvedBy), \(bind: totals.approval.map { $0.approvedAt.millisecondsSince1970 }))
            """
        ).run()
        try await insertLines(of: stored)
    }

    /// Replaces a draft by a new run's statement: same id, the revision and content of `stored`, the lines written
    /// again. The triggers refuse it when the stored statement is approved.
    public func replaceDraft(_ stored: StoredCommissionStatement) async throws {
        let totals = stored.statement
        try await db.raw(
            "DELETE FROM commission_statement_lines WHERE statement_id = \(bind: stored.id.description)"
        ).run()
        try await db.raw(
            """
            UPDATE commission_statements SET revision = \(bind: stored.revision),
                content_json = \(bind: try jsonText(totals)), currency = \(bind: totals.plan.currency.code),
                target_minor = \(bind: totals.target.minorUnits),
                credited_sales_minor = \(bind: totals.creditedSales.minorUnits),
                earned_minor = \(bind: totals.earned.minorUnits), payable_minor = \(bind: totals.payable.minorUnits),
                created_by = \(bind: stored.createdBy?.description),
                created_at = \(bind: stored.createdAt.millisecondsSince1970)
            WHERE id = \(bind: stored.id.description) AND status = 'draft'
            """
        ).run()
        try await insertLines(of: stored)
    }

    /// Marks a draft approved with the approved content; false when it was not a draft any more.
    public func approve(_ stored: StoredCommissionStatement) async throws -> Bool {
        guard let approval = stored.statement.approval else { return false }
        return
            !(try await db.raw(
                """
                UPDATE commission_statements SET status = 'approved', content_json = \(bind: try jsonText(stored.statement)),
                    approved_by = \(bind: approval.approvedBy),
                    approved_at = \(bind: approval.approvedAt.millisecondsSince1970)
                WHERE id = \(bind: stored.id.description) AND status = 'draft'
                RETURNING id
                """
            ).all().isEmpty)
    }

    private func insertLines(of stored: StoredCommissionStatement) async throws {
        for (seq, line) in stored.statement.lines.enumerated() {
            let kind: String
            let sourceID: String?
            let date: String?
            switch line.source {
            case .credit(let event):
                (kind, sourceID, date) = (event.sourceKind.rawValue, event.sourceID, event.date.iso8601String)
            case .cap:
                (kind, sourceID, date) = ("cap", nil, nil)
            case .adjustment(let adjustment):
                (kind, sourceID, date) = ("adjustment", adjustment.correctsMonth.text, nil)
            }
            var bandIndex: Int64?
            if case .band(let index) = line.rateSource { bandIndex = Int64(index) }
            try await db.raw(
                """
                INSERT INTO commission_statement_lines (statement_id, seq, source_kind, source_id, line_date,
                    currency, basis_minor, band_index, band_from, band_to, rate_percent, amount_minor)
                VALUES (\(bind: stored.id.description), \(bind: Int64(seq)), \(bind: kind), \(bind: sourceID),
                    \(bind: date), \(bind: line.amount.currency.code), \(bind: line.basis.minorUnits),
                    \(bind: bandIndex), \(bind: line.band.map { "\($0.from)" }),
                    \(bind: line.band.flatMap { $0.to.map { "\($0)" } }), \(bind: "\(line.ratePercent)"),
                    \(bind: line.amount.minorUnits))
                """
            ).run()
        }
    }

    /// The stored lines of a statement as (source kind, source id, amount in minor units), in order; what the
    /// statement's content says, kept in columns for queries and checks.
    public func lineSummaries(
        of id: StoredCommissionStatement.ID
    ) async throws -> [(kind: String, sourceID: String?, amountMinor: Int64)] {
        try await db.raw(
            """
            SELECT source_kind, source_id, amount_minor FROM commission_statement_lines
            WHERE statement_id = \(bind: id.description) ORDER BY seq
            """
        ).all().map { row in
            (try row.string("source_kind"), try row.optionalString("source_id"), try row.int64("amount_minor"))
        }
    }

    // MARK: Sources

    /// The invoice each of the given credit notes corrects, by credit note id (ids that are not credit notes are
    /// absent).
    public func correctedInvoices(creditNoteIDs: [String], companyID: Company.ID) async throws -> [String: String] {
        guard !creditNoteIDs.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for row in try await db.raw(
            """
            SELECT id, corrects_invoice_id FROM invoices
            WHERE company_id = \(bind: companyID.description) AND kind = 'credit_note'
                AND id IN (\(binds: creditNoteIDs)) AND corrects_invoice_id IS NOT NULL
            """
        ).all() {
            result[try row.string("id")] = try row.string("corrects_invoice_id")
        }
        return result
    }

    /// What a clawback needs of each issued invoice in `invoiceIDs` as of `date`: due date, totals, the stored
    /// exchange rate and the open amount (total − credit notes issued through `date` − cash and withholding
    /// allocated through `date`, reversals included). One statement; ids that are not issued invoices of the
    /// company are absent.
    public func clawbackInvoices(
        _ invoiceIDs: [String], companyID: Company.ID, asOf date: CalendarDate
    ) async throws -> [String: ClawbackInvoice] {
        guard !invoiceIDs.isEmpty else { return [:] }
        let day = date.iso8601String
        var result: [String: ClawbackInvoice] = [:]
        for row in try await db.raw(
            """
            SELECT i.id, i.due_date, i.currency, i.exchange_rate, i.total_minor, i.total_without_tax_minor,
                CAST(COALESCE((SELECT SUM(c.total_minor) FROM invoices c
                    WHERE c.corrects_invoice_id = i.id AND c.kind = 'credit_note' AND c.status = 'issued'
                        AND c.issue_date <= \(bind: day)), 0) AS BIGINT) AS credited,
                CAST(COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
                    WHERE pa.invoice_id = i.id AND pa.allocated_on <= \(bind: day)), 0) AS BIGINT) AS settled
            FROM invoices i
            WHERE i.company_id = \(bind: companyID.description) AND i.kind = 'invoice' AND i.status = 'issued'
                AND i.id IN (\(binds: invoiceIDs))
            """
        ).all() {
            let id = try row.string("id")
            let code = try row.string("currency")
            guard let currency = Currency(code: code) else {
                throw CorruptRow(description: "invoice currency: \(code)")
            }
            let total = try row.int64("total_minor")
            result[id] = ClawbackInvoice(
                invoiceID: id, dueDate: try row.optionalString("due_date").flatMap(CalendarDate.init(iso8601:)),
                total: Money(minorUnits: total, currency: currency),
                totalWithoutTax: Money(minorUnits: try row.int64("total_without_tax_minor"), currency: currency),
                open: Money(
                    minorUnits: total - (try row.int64("credited")) - (try row.int64("settled")), currency: currency),
                exchangeRate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse))
        }
        return result
    }

    /// The manager's open deals in `currency` expected to close in `month`, by expected close date (a manager has
    /// a handful of deals closing in a month; the owner index covers the query), each classified new or existing
    /// customer as `CreditEventStore` classifies a deal won on its expected close date (one index seek per deal in
    /// the same statement).
    public func openDeals(
        companyID: Company.ID, ownerID: User.ID, month: PlanMonth, currency: Currency
    ) async throws -> [CommissionEstimateDeal] {
        try await db.raw(
            """
            SELECT id, title, amount_minor, expected_close,
                \(unsafeRaw: CreditEventStore.firstInvoice(account: "deals.account_id")) AS first_invoice
            FROM deals
            WHERE company_id = \(bind: companyID.description) AND owner_id = \(bind: ownerID.description)
                AND status = 'open' AND expected_close >= \(bind: month.firstDay.iso8601String)
                AND expected_close <= \(bind: month.lastDay.iso8601String) AND currency = \(bind: currency.code)
            ORDER BY expected_close, id
            """
        ).all().map { row in
            let text = try row.string("expected_close")
            guard let date = CalendarDate(iso8601: text) else { throw CorruptRow(description: "deal close: \(text)") }
            return CommissionEstimateDeal(
                dealID: try row.string("id"), title: try row.string("title"),
                amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency), expectedClose: date,
                isNewCustomer: try CreditEventStore.isNewCustomer(row, anchor: date))
        }
    }

    static func decodePlan(_ row: any SQLRow) throws -> CommissionPlanVersion {
        let key = try row.string("subject")
        guard let subject = CommissionPlanVersion.Subject(key: key) else {
            throw CorruptRow(description: "commission plan subject: \(key)")
        }
        let monthText = try row.string("effective_from")
        guard let month = PlanMonth(parsing: monthText) else {
            throw CorruptRow(description: "commission plan month: \(monthText)")
        }
        return CommissionPlanVersion(
            id: try row.id("id"), companyID: try row.id("company_id"), subject: subject,
            version: try row.int64("version"), plan: try row.json("content_json", as: CommissionPlan.self),
            effectiveFrom: month, reason: try row.string("reason"), authorID: try row.optionalID("author_id"),
            createdAt: try row.date("created_at"))
    }

    static func decodeStatement(_ row: any SQLRow) throws -> StoredCommissionStatement {
        let statusText = try row.string("status")
        let monthText = try row.string("month")
        guard let status = StoredCommissionStatement.Status(rawValue: statusText),
            let month = PlanMonth(parsing: monthText)
        else { throw CorruptRow(description: "commission statement status or month: \(statusText) \(monthText)") }
        return StoredCommissionStatement(
            id: try row.id("id"), companyID: try row.id("company_id"), userID: try row.id("user_id"), month: month,
            revision: try row.int64("revision"), status: status,
            statement: try row.json("content_json", as: CommissionStatement.self),
            createdBy: try row.optionalID("created_by"), createdAt: try row.date("created_at"))
    }
}
