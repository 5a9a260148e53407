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
/// owner, else the account's owner, when the invoice was made (a credit note keeps its invoice's owner).
///
/// Amounts are in the company's base currency. A document in another currency is converted by the exchange rate
/// stored on it (the rate its issued base-currency figures use, `BaseCurrencyAmounts`); one without a rate, and a
/// deal in another currency (deals store no rate), is left out.
///
/// `isNewCustomer` is true when the account's first issued invoice (for invoice, credit-note and payment events)
/// or its first won deal (for deal events) falls in the month.
///
/// Each basis is two statements: the company's currency and time zone, then one aggregate over the month's
/// documents (indexed by company, never a query per row).
public struct CreditEventStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The month's credit events per manager, in date order (then by source id) per manager; managers without an
    /// event are absent. `ownerIDs` narrows the result to those managers (an empty list returns nothing).
    public func credits(
        companyID: Company.ID, month: PlanMonth, basis: CreditBasis, ownerIDs: [User.ID]? = nil
    ) async throws -> [User.ID: [CreditEvent]] {
        if let ownerIDs, ownerIDs.isEmpty { return [:] }
        guard
            let company = try await db.raw(
                "SELECT base_currency, time_zone FROM companies WHERE id = \(bind: companyID.description)"
            ).first()
        else { return [:] }
        guard let base = Currency(code: try company.string("base_currency")),
            let timeZone = TimeZone(identifier: try company.string("time_zone"))
        else { throw CorruptRow(description: "company currency or time zone") }
        let owners = ownerIDs?.map(\.description)
        var events: [User.ID: [CreditEvent]] = [:]
        switch basis {
        case .booked:
            try await deals(
                companyID: companyID, month: month, base: base, timeZone: timeZone, owners: owners, into: &events)
        case .invoiced:
            try await documents(companyID: companyID, month: month, base: base, owners: owners, into: &events)
        case .collected:
            try await documents(
                companyID: companyID, month: month, base: base, owners: owners, creditNotesOnly: true, into: &events)
            try await allocations(companyID: companyID, month: month, base: base, owners: owners, into: &events)
        }
        return events.mapValues { list in
            list.sorted { $0.date != $1.date ? $0.date < $1.date : $0.sourceID < $1.sourceID }
        }
    }

    private func deals(
        companyID: Company.ID, month: PlanMonth, base: Currency, timeZone: TimeZone, owners: [String]?,
        into events: inout [User.ID: [CreditEvent]]
    ) async throws {
        guard let start = month.firstDay.startInstant(in: timeZone),
            let end = month.next.firstDay.startInstant(in: timeZone)
        else { return }
        let from = start.millisecondsSince1970
        var sql: SQLQueryString = """
            SELECT d.id, d.owner_id, d.amount_minor, d.currency, d.closed_at,
                CASE WHEN (SELECT MIN(f.closed_at) FROM deals f
                    WHERE f.account_id = d.account_id AND f.status = 'won') >= \(bind: from) THEN 1 ELSE 0 END
                    AS is_new
            FROM deals d
            WHERE d.company_id = \(bind: companyID.description) AND d.status = 'won'
                AND d.closed_at >= \(bind: from) AND d.closed_at < \(bind: end.millisecondsSince1970)
                AND d.currency = \(bind: base.code)
            """
        if let owners { sql += " AND d.owner_id IN (\(binds: owners))" }
        for row in try await db.raw(sql).all() {
            let owner: User.ID = try row.id("owner_id")
            events[owner, default: []].append(
                CreditEvent(
                    sourceKind: .deal, sourceID: try row.string("id"),
                    date: CalendarDate.from(try row.date("closed_at"), in: timeZone),
                    amount: Money(minorUnits: try row.int64("amount_minor"), currency: base),
                    isNewCustomer: try row.int64("is_new") == 1))
        }
    }

    /// Issued invoices (unless `creditNotesOnly`) and credit notes dated in the month.
    private func documents(
        companyID: Company.ID, month: PlanMonth, base: Currency, owners: [String]?, creditNotesOnly: Bool = false,
        into events: inout [User.ID: [CreditEvent]]
    ) async throws {
        let first = month.firstDay.iso8601String
        var sql: SQLQueryString = """
            SELECT i.id, i.kind, i.owner_id, i.issue_date, i.currency, i.exchange_rate, i.total_without_tax_minor,
                CASE WHEN (SELECT MIN(f.issue_date) FROM invoices f WHERE f.account_id = i.account_id
                    AND f.kind = 'invoice' AND f.status = 'issued') >= \(bind: first) THEN 1 ELSE 0 END AS is_new
            FROM invoices i
            WHERE i.company_id = \(bind: companyID.description) AND i.status = 'issued'
                AND i.issue_date >= \(bind: first) AND i.issue_date <= \(bind: month.lastDay.iso8601String)
            """
        if creditNotesOnly { sql += " AND i.kind = 'credit_note'" }
        if let owners { sql += " AND i.owner_id IN (\(binds: owners))" }
        for row in try await db.raw(sql).all() {
            let isCreditNote = try row.string("kind") == "credit_note"
            guard let currency = Currency(code: try row.string("currency")),
                let date = CalendarDate(iso8601: try row.string("issue_date"))
            else { throw CorruptRow(description: "invoice currency or date") }
            let net = Money(minorUnits: try row.int64("total_without_tax_minor"), currency: currency)
            guard
                let amount = try Self.inBase(
                    net, base: base, rate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse))
            else { continue }
            let owner: User.ID = try row.id("owner_id")
            events[owner, default: []].append(
                CreditEvent(
                    sourceKind: isCreditNote ? .creditNote : .invoice, sourceID: try row.string("id"), date: date,
                    amount: isCreditNote ? Money(minorUnits: -amount.minorUnits, currency: base) : amount,
                    isNewCustomer: try row.int64("is_new") == 1))
        }
    }

    /// Cash and withholding allocated to issued invoices in the month, net of VAT per allocation.
    private func allocations(
        companyID: Company.ID, month: PlanMonth, base: Currency, owners: [String]?,
        into events: inout [User.ID: [CreditEvent]]
    ) async throws {
        let first = month.firstDay.iso8601String
        var sql: SQLQueryString = """
            SELECT pa.id, pa.payment_id, pa.allocated_on, pa.cash_minor, pa.withheld_minor, i.owner_id, i.currency,
                i.exchange_rate, i.total_without_tax_minor, i.total_minor,
                CASE WHEN (SELECT MIN(f.issue_date) FROM invoices f WHERE f.account_id = i.account_id
                    AND f.kind = 'invoice' AND f.status = 'issued') >= \(bind: first) THEN 1 ELSE 0 END AS is_new
            FROM payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id
            WHERE pa.company_id = \(bind: companyID.description)
                AND pa.allocated_on >= \(bind: first) AND pa.allocated_on <= \(bind: month.lastDay.iso8601String)
            """
        if let owners { sql += " AND i.owner_id IN (\(binds: owners))" }
        for row in try await db.raw(sql).all() {
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
                    net, base: base, rate: try row.optionalString("exchange_rate").flatMap(DecimalText.parse))
            else { continue }
            let owner: User.ID = try row.id("owner_id")
            events[owner, default: []].append(
                CreditEvent(
                    sourceKind: .payment, sourceID: try row.string("payment_id"), date: date, amount: amount,
                    isNewCustomer: try row.int64("is_new") == 1))
        }
    }

    /// `amount` (net of VAT) in the base currency by the one conversion the issued figures use
    /// (`BaseCurrencyAmounts`): as is in the base currency, else times the document's rate, rounded once; nil
    /// without a usable rate.
    private static func inBase(_ amount: Money, base: Currency, rate: Decimal?) throws -> Money? {
        try BaseCurrencyAmounts.converting(net: amount, vat: .zero(amount.currency), exchangeRate: rate, to: base)?
            .net
    }
}
