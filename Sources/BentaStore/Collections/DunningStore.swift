import BentaCore
import Foundation
import SQLKit

/// The dunning ladder per company (`dunning_policies`), the steps taken (`dunning_steps`, append-only, one per
/// invoice and level) and what the daily run reads: the invoices to decide on, in keyset batches with every fact
/// the decision needs in a fixed number of statements, and the open promises to pay with the money paid toward them.
public struct DunningStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Policy

    /// The company's saved ladder and its version; nil when none was saved (the standard ladder applies).
    public func policy(companyID: Company.ID) async throws -> (policy: DunningPolicy, version: Int64)? {
        guard
            let row = try await db.raw(
                "SELECT policy, version FROM dunning_policies WHERE company_id = \(bind: companyID.description)"
            ).first()
        else { return nil }
        return (try row.json("policy", as: DunningPolicy.self), try row.int64("version"))
    }

    /// Saves the ladder if the stored version is still `expectedVersion` (0: none saved yet); false when not.
    public func savePolicy(
        _ policy: DunningPolicy, companyID: Company.ID, by user: User.ID, expectedVersion: Int64, now: Date
    ) async throws -> Bool {
        let text = try jsonText(policy)
        if expectedVersion == 0 {
            return
                !(try await db.raw(
                    """
                    INSERT INTO dunning_policies (company_id, policy, updated_by, updated_at, version)
                    VALUES (\(bind: companyID.description), \(bind: text), \(bind: user.description),
                        \(bind: now.millisecondsSince1970), 1)
                    ON CONFLICT (company_id) DO NOTHING RETURNING company_id
                    """
                ).all().isEmpty)
        }
        return
            !(try await db.raw(
                """
                UPDATE dunning_policies SET policy = \(bind: text), updated_by = \(bind: user.description),
                    updated_at = \(bind: now.millisecondsSince1970), version = version + 1
                WHERE company_id = \(bind: companyID.description) AND version = \(bind: expectedVersion)
                RETURNING company_id
                """
            ).all().isEmpty)
    }

    // MARK: Steps

    /// Records a step unless the invoice already has one at its level; false when another run took it.
    public func insertStep(_ step: DunningStepTaken) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO dunning_steps (id, company_id, invoice_id, account_id, level, action, channel, taken_on,
                open_minor, currency, days_late, call_id, message_id, created_at)
            VALUES (\(bind: step.id.description), \(bind: step.companyID.description),
                \(bind: step.invoiceID.description), \(bind: step.accountID.description), \(bind: step.level),
                \(bind: step.action.rawValue), \(bind: step.channel.rawValue), \(bind: step.takenOn.iso8601String),
                \(bind: step.open.minorUnits), \(bind: step.open.currency.code), \(bind: step.daysLate),
                \(bind: step.callID?.description), \(bind: step.messageID),
                \(bind: step.createdAt.millisecondsSince1970))
            ON CONFLICT (invoice_id, level) DO NOTHING RETURNING id
            """
        ).all().isEmpty)
    }

    /// The steps taken for an invoice the viewer sees, by level.
    public func steps(invoiceID: Invoice.ID, viewer: Viewer) async throws -> [DunningStepTaken] {
        var sql: SQLQueryString = """
            SELECT s.* FROM dunning_steps s JOIN accounts a ON a.id = s.account_id
            WHERE s.invoice_id = \(bind: invoiceID.description) AND s.company_id = \(bind: viewer.companyID.description)
                AND
            """
        sql += " " + VisibilitySQL.accounts(viewer) + " ORDER BY s.level"
        return try await db.raw(sql).all().map(Self.decodeStep)
    }

    static func decodeStep(_ row: any SQLRow) throws -> DunningStepTaken {
        guard let action = DunningAction(rawValue: try row.string("action")),
            let channel = DunningChannel(rawValue: try row.string("channel")),
            let takenOn = CalendarDate(iso8601: try row.string("taken_on")),
            let currency = Currency(code: try row.string("currency"))
        else { throw CorruptRow(description: "dunning step action, channel, date or currency") }
        return DunningStepTaken(
            id: try row.id("id"), companyID: try row.id("company_id"), invoiceID: try row.id("invoice_id"),
            accountID: try row.id("account_id"), level: Int(try row.int64("level")), action: action,
            channel: channel, takenOn: takenOn,
            open: Money(minorUnits: try row.int64("open_minor"), currency: currency),
            daysLate: Int(try row.int64("days_late")), callID: try row.optionalID("call_id"),
            messageID: try row.optionalString("message_id"), createdAt: try row.date("created_at"))
    }

    // MARK: Candidates

    /// One keyset batch (by invoice id, after `cursor`) of the company's issued invoices (not credit notes) with
    /// something open whose oldest unpaid instalment fell due on or before `dueOnOrBefore`, each with every fact the
    /// ladder decides on; two statements per batch, whatever its size.
    public func candidates(
        companyID: Company.ID, dueOnOrBefore: CalendarDate, after cursor: Invoice.ID?, limit: Int
    ) async throws -> [DunningCandidate] {
        let day = dueOnOrBefore.iso8601String
        // An invoice whose first instalment is not due yet cannot have an unpaid one due: the exact test is on the
        // oldest unpaid instalment's due date, below.
        var filter: SQLQueryString = """
            i.company_id = \(bind: companyID.description) AND i.kind = 'invoice' AND i.status = 'issued'
                AND (COALESCE(i.due_date, i.issue_date) <= \(bind: day) OR EXISTS (SELECT 1 FROM invoice_instalments f
                    WHERE f.invoice_id = i.id AND f.due_date <= \(bind: day)))
            """
        if let cursor { filter += " AND i.id > \(bind: cursor.description)" }
        return try await load(filter: filter, openOnly: true, dueOnOrBefore: dueOnOrBefore, limit: limit)
    }

    /// The facts of one issued invoice the viewer sees, as the daily run reads them; nil when not visible or not an
    /// issued invoice.
    public func candidate(invoiceID: Invoice.ID, viewer: Viewer) async throws -> DunningCandidate? {
        var filter: SQLQueryString = """
            i.id = \(bind: invoiceID.description) AND i.kind = 'invoice' AND i.status = 'issued' AND
            """
        filter += " " + VisibilitySQL.accounts(viewer)
        return try await load(filter: filter, openOnly: false, dueOnOrBefore: nil, limit: 1).first
    }

    /// The candidates `filter` selects. An invoice is dunned from the due date of its oldest unpaid instalment: the
    /// first whose running total exceeds what is settled (credit notes, cash and withholding), the rule of the aging
    /// and the overdue list (instalments oldest first); one with nothing open keeps its final due date. An ordinary
    /// invoice is one instalment, its due date.
    private func load(
        filter: SQLQueryString, openOnly: Bool, dueOnOrBefore: CalendarDate?, limit: Int
    ) async throws -> [DunningCandidate] {
        var sql: SQLQueryString = """
            SELECT * FROM (
                SELECT t.*, COALESCE(
                    (SELECT ii.due_date FROM invoice_instalments ii WHERE ii.invoice_id = t.id
                        AND (SELECT SUM(c.amount_minor) FROM invoice_instalments c
                            WHERE c.invoice_id = ii.invoice_id AND c.seq <= ii.seq) > t.settled
                        ORDER BY ii.seq LIMIT 1),
                    t.final_due) AS due
                FROM (
                SELECT i.id, i.account_id, a.owner_id, a.name AS account_name, i.number, i.currency,
                    COALESCE(i.due_date, i.issue_date) AS final_due, i.total_minor,
                    CAST(COALESCE((SELECT SUM(n.total_minor) FROM invoices n
                        WHERE n.corrects_invoice_id = i.id AND n.kind = 'credit_note' AND n.status = 'issued'), 0)
                    + COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
                        WHERE pa.invoice_id = i.id), 0) AS BIGINT) AS settled,
                    CAST((SELECT MAX(s.level) FROM dunning_steps s WHERE s.invoice_id = i.id) AS BIGINT) AS level,
                    (SELECT MAX(s.taken_on) FROM dunning_steps s WHERE s.invoice_id = i.id) AS last_step_on,
                    CAST(CASE WHEN EXISTS (SELECT 1 FROM invoice_disputes d WHERE d.open_invoice_id = i.id)
                        THEN 1 ELSE 0 END AS BIGINT) AS disputed,
                    CAST(CASE WHEN EXISTS (SELECT 1 FROM payment_allocations pa
                        WHERE pa.invoice_id = i.id AND pa.withheld_minor > 0 AND pa.reverses_id IS NULL
                            AND NOT EXISTS (SELECT 1 FROM payment_allocations r WHERE r.reverses_id = pa.id)
                            AND NOT EXISTS (SELECT 1 FROM certificate_allocations c WHERE c.allocation_id = pa.id))
                        THEN 1 ELSE 0 END AS BIGINT) AS pending
                FROM invoices i JOIN accounts a ON a.id = i.account_id
                WHERE
            """
        sql += " " + filter + ") t"
        if openOnly { sql += " WHERE t.total_minor - t.settled > 0" }
        sql += ") u"
        if let dueOnOrBefore { sql += " WHERE u.due <= \(bind: dueOnOrBefore.iso8601String)" }
        sql += " ORDER BY u.id LIMIT \(literal: limit)"
        let rows = try await db.raw(sql).all()
        var found: [DunningCandidate] = []
        for row in rows {
            guard let currency = Currency(code: try row.string("currency")),
                let due = CalendarDate(iso8601: try row.string("due"))
            else { throw CorruptRow(description: "invoice currency or due date") }
            found.append(
                DunningCandidate(
                    invoiceID: try row.id("id"), accountID: try row.id("account_id"),
                    accountName: try row.string("account_name"), ownerID: try row.id("owner_id"),
                    number: try row.optionalString("number"), dueDate: due,
                    open: Money(
                        minorUnits: max(0, try row.int64("total_minor") - row.int64("settled")), currency: currency),
                    currentLevel: try row.optionalInt64("level").map { Int($0) },
                    lastStepOn: try row.optionalString("last_step_on").flatMap(CalendarDate.init(iso8601:)),
                    isDisputed: try row.int64("disputed") != 0, isCertificatePending: try row.int64("pending") != 0))
        }
        guard !found.isEmpty else { return [] }
        // The promises covering the batch: open ones pause, broken or partly kept ones escalate.
        let promiseRows = try await db.raw(
            """
            SELECT pi.invoice_id, p.promised_on, p.grace_days, o.status, o.decided_on
            FROM payment_promise_invoices pi JOIN payment_promises p ON p.id = pi.promise_id
            LEFT JOIN payment_promise_outcomes o ON o.promise_id = p.id
            WHERE pi.invoice_id IN (\(binds: found.map(\.invoiceID.description)))
            """
        ).all()
        var index: [Invoice.ID: Int] = [:]
        for (position, candidate) in found.enumerated() { index[candidate.invoiceID] = position }
        for row in promiseRows {
            guard let position = index[try row.id("invoice_id")] else { continue }
            if let status = try row.optionalString("status") {
                guard
                    status == PaymentPromiseStatus.broken.rawValue
                        || status == PaymentPromiseStatus.partlyKept.rawValue,
                    let decided = CalendarDate(iso8601: try row.string("decided_on"))
                else { continue }
                found[position].promiseBrokenSince = max(found[position].promiseBrokenSince ?? decided, decided)
            } else {
                guard let promised = CalendarDate(iso8601: try row.string("promised_on")) else {
                    throw CorruptRow(description: "promised date")
                }
                let deadline = promised.adding(days: Int(try row.int64("grace_days")))
                found[position].promiseOpenUntil = max(found[position].promiseOpenUntil ?? deadline, deadline)
            }
        }
        return found
    }

    // MARK: Promises

    /// The company's promises to pay without an outcome yet, each with the money allocated to its invoices (cash
    /// and withholding, reversals as negative amounts); three statements.
    public func openPromises(companyID: Company.ID) async throws -> [OpenPromise] {
        let rows = try await db.raw(
            """
            SELECT p.id, p.account_id, a.owner_id, p.promised_on, p.amount_minor, p.currency, p.grace_days,
                p.logged_by, p.created_at
            FROM payment_promises p JOIN accounts a ON a.id = p.account_id
            LEFT JOIN payment_promise_outcomes o ON o.promise_id = p.id
            WHERE p.company_id = \(bind: companyID.description) AND o.promise_id IS NULL
            ORDER BY p.id
            """
        ).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.string("id") }
        var invoicesOf: [String: [String]] = [:]
        for row in try await db.raw(
            """
            SELECT promise_id, invoice_id FROM payment_promise_invoices WHERE promise_id IN (\(binds: ids))
            ORDER BY promise_id, invoice_id
            """
        ).all() {
            invoicesOf[try row.string("promise_id"), default: []].append(try row.string("invoice_id"))
        }
        let invoiceIDs = Array(Set(invoicesOf.values.joined()))
        var paidOn: [String: [(date: CalendarDate, minor: Int64, currency: String)]] = [:]
        if !invoiceIDs.isEmpty {
            for row in try await db.raw(
                """
                SELECT invoice_id, allocated_on, CAST(cash_minor + withheld_minor AS BIGINT) AS amount, currency
                FROM payment_allocations WHERE invoice_id IN (\(binds: invoiceIDs))
                """
            ).all() {
                guard let date = CalendarDate(iso8601: try row.string("allocated_on")) else {
                    throw CorruptRow(description: "allocation date")
                }
                paidOn[try row.string("invoice_id"), default: []].append(
                    (date, try row.int64("amount"), try row.string("currency")))
            }
        }
        return try rows.map { row in
            guard let currency = Currency(code: try row.string("currency")),
                let promised = CalendarDate(iso8601: try row.string("promised_on"))
            else { throw CorruptRow(description: "promise currency or date") }
            let id = try row.string("id")
            let invoices = invoicesOf[id] ?? []
            let allocations = invoices.flatMap { paidOn[$0] ?? [] }.filter { $0.currency == currency.code }
            return OpenPromise(
                id: id, accountID: try row.id("account_id"), ownerID: try row.id("owner_id"),
                promisedOn: promised, amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
                graceDays: Int(try row.int64("grace_days")), invoiceIDs: invoices,
                loggedBy: try row.string("logged_by"), createdAt: try row.date("created_at"),
                allocations: allocations.map {
                    PromisePayment(date: $0.date, amount: Money(minorUnits: $0.minor, currency: currency))
                })
        }
    }

    /// Records a promise's outcome unless one is recorded; false when another run decided it first.
    public func insertOutcome(
        promiseID: String, companyID: Company.ID, status: PaymentPromiseStatus, decidedOn: CalendarDate, paid: Money,
        now: Date
    ) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO payment_promise_outcomes (promise_id, company_id, status, decided_on, paid_minor, created_at)
            VALUES (\(bind: promiseID), \(bind: companyID.description), \(bind: status.rawValue),
                \(bind: decidedOn.iso8601String), \(bind: paid.minorUnits), \(bind: now.millisecondsSince1970))
            ON CONFLICT (promise_id) DO NOTHING RETURNING promise_id
            """
        ).all().isEmpty)
    }
}

/// An issued invoice as the dunning run sees it: who the customer and their manager are, what is open, how far the
/// ladder went, and what holds it back.
public struct DunningCandidate: Sendable, Hashable {
    public var invoiceID: Invoice.ID
    public var accountID: Account.ID
    public var accountName: String
    /// The account's manager (owner).
    public var ownerID: User.ID
    public var number: String?
    /// The due date of the oldest unpaid instalment (an ordinary invoice's own due date); the final due date once
    /// nothing is open.
    public var dueDate: CalendarDate
    /// The invoice's whole open amount.
    public var open: Money
    public var currentLevel: Int?
    public var lastStepOn: CalendarDate?
    public var isDisputed: Bool
    /// A live allocation carries withholding that no BIR Form 2307 covers yet.
    public var isCertificatePending: Bool
    /// The latest deadline of the open promises covering it.
    public var promiseOpenUntil: CalendarDate?
    /// The latest day a promise covering it was decided broken or partly kept.
    public var promiseBrokenSince: CalendarDate?

    /// What the core ladder decides on.
    public var item: DunningItem {
        DunningItem(
            dueDate: dueDate, openAmount: open, currentLevel: currentLevel, lastStepDate: lastStepOn,
            isDisputed: isDisputed, promiseOpenUntil: promiseOpenUntil,
            isAwaitingWithholdingCertificate: isCertificatePending, promiseBrokenSince: promiseBrokenSince)
    }
}

/// A promise to pay without an outcome, with what was allocated to its invoices.
public struct OpenPromise: Sendable, Hashable {
    public var id: String
    public var accountID: Account.ID
    /// The account's manager (owner).
    public var ownerID: User.ID
    public var promisedOn: CalendarDate
    public var amount: Money
    public var graceDays: Int
    public var invoiceIDs: [String]
    public var loggedBy: String
    public var createdAt: Date
    /// Every allocation to its invoices in its currency (reversals negative), any date.
    public var allocations: [PromisePayment]
}
