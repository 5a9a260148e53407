import BentaCore
import Foundation
import SQLKit

/// A month's credit events per manager on a credit basis (DOMAIN.md §4): what the plan's actuals and the
/// commission runs count.
///
/// - booked: deals won in the month (closed in the company's time zone), at their amount (the deal's amount is
///   without VAT), credited to the deal's owner; source `.deal`.
/// - invoiced: issued invoices dated in the month at their total without VAT (`.invoice`), and issued credit notes
///   dated in the month as negative events (`.creditNote`).
/// - collected: what was allocated to invoices in the month (cash plus withholding, so a Form 2307 counts as
///   collected; a reversal is negative), net of VAT by ``CreditBasis/collectedNet(settled:invoiceNet:invoiceGross:)``
///   per allocation (`.payment`, the payment's id), and credit notes as for invoiced.
///
/// Invoice and credit-note events are credited to the document's owner, which is the owner at the time: the deal's
/// owner, else the account's owner, when the invoice was made (a credit note keeps its invoice's owner). When the
/// deal (of a won deal, or of the invoice a document or payment belongs to) has a credit split
/// (`deal_credit_splits`, ``CreditSplit``), the event is credited by the split's percentages instead: one event
/// per manager, the parts adding up to the whole exactly. The split rows come with the documents (a join), so a
/// split adds no statement.
///
/// Amounts are in the company's base currency. A document in another currency is converted by the exchange rate
/// stored on it (the rate its issued base-currency figures use, `BaseCurrencyAmounts`); one without a rate, and a
/// deal in another currency (deals store no rate), is left out.
///
/// `isNewCustomer` (the quota types' and the new-customer rate's rule) is true when no invoice had been issued to the
/// account before the credited document: before the invoice's issue date (for an invoice and the payments allocated
/// to it), before the corrected invoice's issue date (for a credit note, so it lands where its invoice counted), and
/// before the day the deal was won (for a deal). Read as the account's first issue date
/// (`invoices_account_issued`), one index seek per document within the same statement.
///
/// Each basis is two statements (three for collected): the company's currency and time zone, then one over the
/// documents of the month or range of months (indexed by company, never a query per row or per month).
///
/// `byProduct` (only when a commission plan in force has per-product rates) divides each event over its document's
/// lines by product (``CreditEvent/divided(over:documentNetMinor:)``, net of VAT line by line, the parts adding up
/// to the event's amount): an invoice and a credit note over their own lines, a payment pro rata over its
/// invoice's lines, a deal over its deal lines (the rest without product). The lines of the documents read come in
/// one more statement per read (the same filter joined to the lines), never one per document; a deal split is
/// applied to each part.
public struct CreditEventStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The month's credit events per manager, in date order (then by source id) per manager; managers without an
    /// event are absent. `ownerIDs` narrows the result to those managers (an empty list returns nothing).
    public func credits(
        companyID: Company.ID, month: PlanMonth, basis: CreditBasis, ownerIDs: [User.ID]? = nil,
        byProduct: Bool = false
    ) async throws -> [User.ID: [CreditEvent]] {
        try await credits(
            companyID: companyID, months: month...month, basis: basis, ownerIDs: ownerIDs, byProduct: byProduct)[month]
            ?? [:]
    }

    /// The credit events of every month in `months`, per month and manager, each list in date order (then by
    /// source id): the same statements as for one month, over the whole range. Months and managers without an
    /// event are absent.
    public func credits(
        companyID: Company.ID, months: ClosedRange<PlanMonth>, basis: CreditBasis, ownerIDs: [User.ID]? = nil,
        byProduct: Bool = false
    ) async throws -> [PlanMonth: [User.ID: [CreditEvent]]] {
        if let ownerIDs, ownerIDs.isEmpty { return [:] }
        guard
            let company = try await db.raw(
                "SELECT base_currency, time_zone FROM companies WHERE id = \(bind: companyID.description)"
            ).first()
        else { return [:] }
        guard let base = Currency(code: try company.string("base_currency")),
            let timeZone = TimeZone(identifier: try company.string("time_zone"))
        else { throw CorruptRow(description: "company currency or time zone") }
        let range = Range(
            months: months, base: base, owners: ownerIDs?.map(\.description), byProduct: byProduct)
        var events: [PlanMonth: [User.ID: [CreditEvent]]] = [:]
        switch basis {
        case .booked:
            try await deals(companyID: companyID, range, timeZone: timeZone, into: &events)
        case .invoiced:
            try await documents(companyID: companyID, range, into: &events)
        case .collected:
            try await documents(companyID: companyID, range, creditNotesOnly: true, into: &events)
            try await allocations(companyID: companyID, range, into: &events)
        }
        return events.mapValues { byOwner in
            byOwner.mapValues { list in
                list.sorted { $0.date != $1.date ? $0.date < $1.date : $0.sourceID < $1.sourceID }
            }
        }
    }

    /// Each month's and manager's actual in `months`: the sum of their credit events dated up to `through` (the
    /// company's today for the running month), one aggregate over the range for the trend of plan against actual.
    /// Months and managers without an event are absent.
    public func monthlyActuals(
        companyID: Company.ID, months: ClosedRange<PlanMonth>, basis: CreditBasis, ownerIDs: [User.ID]? = nil,
        through: CalendarDate
    ) async throws -> [PlanMonth: [User.ID: Money]] {
        let events = try await credits(companyID: companyID, months: months, basis: basis, ownerIDs: ownerIDs)
        return try events.mapValues { byOwner in
            try byOwner.compactMapValues { list -> Money? in
                let counted = list.filter { $0.date <= through }.map(\.amount)
                guard let first = counted.first else { return nil }
                return try Money.sum(counted, currency: first.currency)
            }
        }
    }

    /// What the statements of a range share: the months, the base currency and the managers asked for.
    private struct Range {
        let months: ClosedRange<PlanMonth>
        let base: Currency
        let owners: [String]?
        /// True to divide the events by product over their documents' lines.
        var byProduct = false

        var firstDay: String { months.lowerBound.firstDay.iso8601String }
        var lastDay: String { months.upperBound.lastDay.iso8601String }
    }

    /// Files `event` under its month and owner.
    private static func add(
        _ event: CreditEvent, owner: User.ID, into events: inout [PlanMonth: [User.ID: [CreditEvent]]]
    ) {
        events[PlanMonth(containing: event.date), default: [:]][owner, default: []].append(event)
    }

    /// The columns of the deal's split joined to a document row (`s`: `deal_credit_splits`).
    private static let splitColumns =
        "s.position AS split_position, s.user_id AS split_user, s.percent AS split_percent"

    /// The owner filter of a document whose owner column is `owner` and deal column `deal`: owned by one of the
    /// managers asked for, or split with one of them (so every share of such a document is read).
    private static func ownerFilter(owner: String, deal: String, owners: [String]) -> SQLQueryString {
        """
         AND (\(unsafeRaw: owner) IN (\(binds: owners)) OR EXISTS (SELECT 1 FROM deal_credit_splits x
            WHERE x.deal_id = \(unsafeRaw: deal) AND x.user_id IN (\(binds: owners))))
        """
    }

    /// One document's event as read, with its owner and its deal's split shares (by position), before filing;
    /// `lines` names the document whose lines divide it by product and its total without VAT in the lines' minor
    /// units.
    private struct Pending {
        var event: CreditEvent
        var owner: User.ID
        var lines: (parent: String, netMinor: Int64)?
        var shares: [(position: Int64, share: CreditSplit.Share)] = []
    }

    /// The documents read so far, in the order first seen; a document joined to a split comes once per share.
    private struct PendingList {
        var byKey: [String: Pending] = [:]
        var order: [String] = []
        var seen: Set<String> = []

        /// Adds the row's split share to the document `key`, first making its event with `make` when new (nil
        /// leaves the document out).
        mutating func add(_ row: any SQLRow, key: String, make: () throws -> Pending?) throws {
            if seen.insert(key).inserted, let made = try make() {
                byKey[key] = made
                order.append(key)
            }
            guard byKey[key] != nil else { return }
            if let position = try row.optionalInt64("split_position") {
                let text = try row.string("split_percent")
                guard let percent = DecimalText.parse(text) else {
                    throw CorruptRow(description: "credit split percent: \(text)")
                }
                byKey[key]?.shares.append(
                    (position, CreditSplit.Share(managerID: try row.string("split_user"), percent: percent)))
            }
        }

        /// Files every event under its owner, or split by its deal's percentages; only the managers in `owners`
        /// when given. With `lines` (by document), each event is first divided by product over its document's.
        func file(
            owners: [String]?, lines: [String: [CreditEvent.ProductLine]]? = nil,
            into events: inout [PlanMonth: [User.ID: [CreditEvent]]]
        ) throws {
            let wanted = owners.map(Set.init)
            for key in order {
                guard let pending = byKey[key] else { continue }
                var products = [pending.event]
                if let lines, let document = pending.lines {
                    products = pending.event.divided(
                        over: lines[document.parent] ?? [], documentNetMinor: document.netMinor)
                }
                var parts = products.map { (pending.owner, $0) }
                if !pending.shares.isEmpty {
                    let ordered = pending.shares.sorted { $0.position < $1.position }
                    let split = try CreditSplit(shares: ordered.map(\.share))
                    parts = try products.flatMap { product in
                        try split.split(product).map { managerID, part in
                            guard let id = User.ID(string: managerID) else {
                                throw CorruptRow(description: "credit split manager: \(managerID)")
                            }
                            return (id, part)
                        }
                    }
                }
                for (owner, event) in parts where wanted?.contains(owner.description) ?? true {
                    CreditEventStore.add(event, owner: owner, into: &events)
                }
            }
        }
    }

    private func deals(
        companyID: Company.ID, _ range: Range, timeZone: TimeZone,
        into events: inout [PlanMonth: [User.ID: [CreditEvent]]]
    ) async throws {
        guard let start = range.months.lowerBound.firstDay.startInstant(in: timeZone),
            let end = range.months.upperBound.next.firstDay.startInstant(in: timeZone)
        else { return }
        var filter: SQLQueryString = """
             WHERE d.company_id = \(bind: companyID.description) AND d.status = 'won'
                AND d.closed_at >= \(bind: start.millisecondsSince1970)
                AND d.closed_at < \(bind: end.millisecondsSince1970) AND d.currency = \(bind: range.base.code)
            """
        if let owners = range.owners { filter += Self.ownerFilter(owner: "d.owner_id", deal: "d.id", owners: owners) }
        let sql: SQLQueryString = """
            SELECT d.id, d.owner_id, d.amount_minor, d.currency, d.closed_at,
                \(unsafeRaw: Self.firstInvoice(account: "d.account_id")) AS first_invoice,
                \(unsafeRaw: Self.splitColumns)
            FROM deals d LEFT JOIN deal_credit_splits s ON s.deal_id = d.id
            """ + filter
        var pending = PendingList()
        for row in try await db.raw(sql).all() {
            try pending.add(row, key: try row.string("id")) {
                let date = CalendarDate.from(try row.date("closed_at"), in: timeZone)
                return Pending(
                    event: CreditEvent(
                        sourceKind: .deal, sourceID: try row.string("id"), date: date,
                        amount: Money(minorUnits: try row.int64("amount_minor"), currency: range.base),
                        isNewCustomer: try Self.isNewCustomer(row, anchor: date)),
                    owner: try row.id("owner_id"), lines: (try row.string("id"), try row.int64("amount_minor")))
            }
        }
        try pending.file(
            owners: range.owners,
            lines: try await productLines(range, table: .deal, alias: "d", joining: "deals d", filter: filter),
            into: &events)
    }

    /// Issued invoices (unless `creditNotesOnly`) and credit notes dated in the range.
    private func documents(
        companyID: Company.ID, _ range: Range, creditNotesOnly: Bool = false,
        into events: inout [PlanMonth: [User.ID: [CreditEvent]]]
    ) async throws {
        var filter: SQLQueryString = """
             WHERE i.company_id = \(bind: companyID.description) AND i.status = 'issued'
                AND i.issue_date >= \(bind: range.firstDay) AND i.issue_date <= \(bind: range.lastDay)
            """
        if creditNotesOnly { filter += " AND i.kind = 'credit_note'" }
        if let owners = range.owners {
            filter += Self.ownerFilter(owner: "i.owner_id", deal: "i.deal_id", owners: owners)
        }
        let sql: SQLQueryString = """
            SELECT i.id, i.kind, i.owner_id, i.issue_date, i.currency, i.exchange_rate, i.total_without_tax_minor,
                o.issue_date AS corrected_date,
                \(unsafeRaw: Self.firstInvoice(account: "i.account_id")) AS first_invoice,
                \(unsafeRaw: Self.splitColumns)
            FROM invoices i LEFT JOIN deal_credit_splits s ON s.deal_id = i.deal_id
                LEFT JOIN invoices o ON o.id = i.corrects_invoice_id
            """ + filter
        var pending = PendingList()
        for row in try await db.raw(sql).all() {
            try pending.add(row, key: try row.string("id")) { () throws -> Pending? in
                let isCreditNote = try row.string("kind") == "credit_note"
                guard let currency = Currency(code: try row.string("currency")),
                    let date = CalendarDate(iso8601: try row.string("issue_date"))
                else { throw CorruptRow(description: "invoice currency or date") }
                let net = Money(minorUnits: try row.int64("total_without_tax_minor"), currency: currency)
                guard
                    let amount = try Self.inBase(
                        net, base: range.base,
                        rate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse))
                else { return nil }
                return Pending(
                    event: CreditEvent(
                        sourceKind: isCreditNote ? .creditNote : .invoice, sourceID: try row.string("id"),
                        date: date,
                        amount: isCreditNote ? Money(minorUnits: -amount.minorUnits, currency: range.base) : amount,
                        isNewCustomer: try Self.isNewCustomer(
                            row,
                            anchor: try row.optionalString("corrected_date").flatMap(CalendarDate.init(iso8601:))
                                ?? date)),
                    owner: try row.id("owner_id"),
                    lines: (try row.string("id"), try row.int64("total_without_tax_minor")))
            }
        }
        try pending.file(
            owners: range.owners,
            lines: try await productLines(range, table: .invoice, alias: "i", joining: "invoices i", filter: filter),
            into: &events)
    }

    /// The issue date of the first invoice issued to the account in the column `account`, selected as
    /// `first_invoice` (also by `CommissionStore.openDeals`, so an open deal is classified by the same rule).
    static func firstInvoice(account: String) -> String {
        """
        (SELECT MIN(f.issue_date) FROM invoices f WHERE f.account_id = \(account)
            AND f.kind = 'invoice' AND f.status = 'issued')
        """
    }

    /// True when no invoice was issued to the account before `anchor`: the row's `first_invoice` is absent or not
    /// earlier than the anchor (invoices issued the same day as the account's first are all new).
    static func isNewCustomer(_ row: any SQLRow, anchor: CalendarDate) throws -> Bool {
        guard let first = try row.optionalString("first_invoice").flatMap(CalendarDate.init(iso8601:)) else {
            return true
        }
        return first >= anchor
    }

    /// Cash and withholding allocated to issued invoices in the range, net of VAT per allocation.
    private func allocations(
        companyID: Company.ID, _ range: Range, into events: inout [PlanMonth: [User.ID: [CreditEvent]]]
    ) async throws {
        let inRange: SQLQueryString = """
             pa.company_id = \(bind: companyID.description)
                AND pa.allocated_on >= \(bind: range.firstDay) AND pa.allocated_on <= \(bind: range.lastDay)
            """
        var sql: SQLQueryString = """
            SELECT pa.id, pa.payment_id, pa.allocated_on, pa.cash_minor, pa.withheld_minor, pa.invoice_id,
                i.owner_id, i.currency, i.exchange_rate, i.total_without_tax_minor, i.total_minor, i.issue_date,
                \(unsafeRaw: Self.firstInvoice(account: "i.account_id")) AS first_invoice,
                \(unsafeRaw: Self.splitColumns)
            FROM payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id
                LEFT JOIN deal_credit_splits s ON s.deal_id = i.deal_id
            WHERE
            """ + inRange
        // The lines of the invoices paid in the range: the same allocations as a semi-join.
        var invoices: SQLQueryString = """
             WHERE i.company_id = \(bind: companyID.description)
                AND i.id IN (SELECT pa.invoice_id FROM payment_allocations pa WHERE
            """ + inRange + ")"
        if let owners = range.owners {
            let owned = Self.ownerFilter(owner: "i.owner_id", deal: "i.deal_id", owners: owners)
            sql += owned
            invoices += owned
        }
        var pending = PendingList()
        for row in try await db.raw(sql).all() {
            try pending.add(row, key: try row.string("id")) { () throws -> Pending? in
                guard let currency = Currency(code: try row.string("currency")),
                    let date = CalendarDate(iso8601: try row.string("allocated_on"))
                else { throw CorruptRow(description: "allocation currency or date") }
                let settled = Money(
                    minorUnits: try row.int64("cash_minor") + row.int64("withheld_minor"), currency: currency)
                let net = try CreditBasis.collectedNet(
                    settled: settled,
                    invoiceNet: Money(minorUnits: try row.int64("total_without_tax_minor"), currency: currency),
                    invoiceGross: Money(minorUnits: try row.int64("total_minor"), currency: currency))
                guard
                    let amount = try Self.inBase(
                        net, base: range.base,
                        rate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse))
                else { return nil }
                return Pending(
                    event: CreditEvent(
                        sourceKind: .payment, sourceID: try row.string("payment_id"), date: date, amount: amount,
                        isNewCustomer: try Self.isNewCustomer(
                            row, anchor: CalendarDate(iso8601: try row.string("issue_date")) ?? date)),
                    owner: try row.id("owner_id"),
                    lines: (try row.string("invoice_id"), try row.int64("total_without_tax_minor")))
            }
        }
        try pending.file(
            owners: range.owners,
            lines: try await productLines(
                range, table: .invoice, alias: "i", joining: "invoices i", filter: invoices),
            into: &events)
    }

    /// The lines of the documents `filter` selects (a WHERE clause over `joining`, whose alias is `alias`), by
    /// document, with their products' names: one statement; nil (and none) unless the range is read by product.
    private func productLines(
        _ range: Range, table: LineStore.Table, alias: String, joining: String, filter: SQLQueryString
    ) async throws -> [String: [CreditEvent.ProductLine]]? {
        guard range.byProduct else { return nil }
        let sql: SQLQueryString = """
            SELECT l.\(unsafeRaw: table.parentColumn) AS parent, l.product_id, p.name AS product_name, l.amount_minor,
                l.rate_percent, \(unsafeRaw: alias).prices_include_tax
            FROM \(unsafeRaw: table.rawValue) l JOIN \(unsafeRaw: joining)
                ON \(unsafeRaw: alias).id = l.\(unsafeRaw: table.parentColumn)
                LEFT JOIN products p ON p.id = l.product_id
            """ + filter + " ORDER BY l.\(unsafeRaw: table.parentColumn), l.position"
        var lines: [String: [CreditEvent.ProductLine]] = [:]
        for row in try await db.raw(sql).all() {
            let rateText = try row.string("rate_percent")
            guard let rate = DecimalText.parse(rateText) else {
                throw CorruptRow(description: "line VAT rate: \(rateText)")
            }
            lines[try row.string("parent"), default: []].append(
                CreditEvent.ProductLine(
                    productID: try row.optionalString("product_id"),
                    productName: try row.optionalString("product_name"),
                    amountMinor: try row.int64("amount_minor"), ratePercent: rate,
                    pricesIncludeTax: try row.bool("prices_include_tax")))
        }
        return lines
    }

    /// `amount` (net of VAT) in the base currency by the one conversion the issued figures use
    /// (`BaseCurrencyAmounts`): as is in the base currency, else times the document's rate, rounded once; nil
    /// without a usable rate.
    private static func inBase(_ amount: Money, base: Currency, rate: Decimal?) throws -> Money? {
        try BaseCurrencyAmounts.converting(net: amount, vat: .zero(amount.currency), exchangeRate: rate, to: base)?
            .net
    }
}
