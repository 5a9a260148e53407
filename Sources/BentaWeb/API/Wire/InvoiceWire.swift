import BentaCore
import BentaFormats
import BentaServices
import Foundation
import Hummingbird

/// A page of invoices with their balances; a derived status (paid, overdue, …) is filtered after reading, reading
/// on until the page is full. `issuedLines: false` reads no line of an issued document (the list page shows none;
/// the API's list items state them).
struct InvoiceListing {
    var items: [(invoice: Invoice, balance: InvoiceBalance?)]
    var nextCursor: String?
    var today: CalendarDate

    static func load(
        services: Services, viewer: Viewer, filter: InvoiceFilter, status: InvoiceDisplayStatus?, page: PageRequest,
        issuedLines: Bool = true
    ) async throws -> InvoiceListing {
        let today = try await services.invoices.today(companyID: viewer.companyID)
        var filter = filter
        if status == .overdue { filter.mayBeOverdueOn = today }
        var items: [(invoice: Invoice, balance: InvoiceBalance?)] = []
        var cursor = page.cursor
        repeat {
            let batch = try await services.invoices.list(
                viewer: viewer, filter: filter, page: PageRequest(limit: page.limit, cursor: cursor),
                issuedLines: issuedLines)
            let balances = try await services.invoices.balances(of: batch.items)
            for invoice in batch.items {
                let balance = balances[invoice.id]
                if let status, balance?.status(of: invoice, today: today) != status,
                    !(status == .draft && invoice.status == .draft)
                {
                    continue
                }
                items.append((invoice, balance))
                if items.count == page.limit { break }
            }
            cursor = batch.nextCursor
        } while items.count < page.limit && cursor != nil
        let next =
            items.count == page.limit
            ? items.last.map { PageRequest.newestFirstCursor(after: $0.invoice.id.description) } : nil
        return InvoiceListing(items: items, nextCursor: next, today: today)
    }
}

struct InvoicePartyWire: Encodable {
    let party: InvoiceParty

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(party.name, forKey: .name)
        try c.encode(party.address, forKey: .address)
        try c.encode(party.tin, forKey: .tin)
        try c.encode(party.isVATRegistered, forKey: .isVatRegistered)
        try c.encode(party.country, forKey: .country)
        try c.encode(party.contactName, forKey: .contactName)
        try c.encode(party.email, forKey: .email)
    }

    private enum Keys: String, CodingKey { case name, address, tin, isVatRegistered, country, contactName, email }
}

struct InvoiceResponse: Encodable {
    let invoice: Invoice
    let balance: InvoiceBalance?
    let today: CalendarDate
    /// The single-document answer also states its instalments (a list item does not).
    var withInstalments = false
    /// Actions the company's duties keep from the caller's role, left out of `allowed_actions`.
    var withheld: Set<InvoiceAction> = []

    func encode(to encoder: any Encoder) throws {
        let f = invoice.fields
        let totals = try invoice.totals()
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(invoice.id.description, forKey: .id)
        try c.encode(invoice.kind.rawValue, forKey: .kind)
        try c.encode(invoice.number, forKey: .number)
        let status = balance?.status(of: invoice, today: today) ?? (invoice.status == .draft ? .draft : .issued)
        try c.encode(status.rawValue, forKey: .status)
        // Every fact that holds at once (partly paid and overdue, 2307 pending, …).
        try c.encode(
            (balance?.flags(of: invoice, today: today) ?? []).map(\.rawValue), forKey: .statusFlags)
        try c.encode(invoice.branch, forKey: .branch)
        try c.encode(invoice.accountID.description, forKey: .accountId)
        try c.encode(f.contactID?.description, forKey: .contactId)
        try c.encode(invoice.ownerID.description, forKey: .ownerId)
        try c.encode(invoice.dealID?.description, forKey: .dealId)
        try c.encode(invoice.contractID, forKey: .contractId)
        try c.encode(invoice.correctsInvoiceID?.description, forKey: .correctsInvoiceId)
        try c.encode(f.currency.code, forKey: .currency)
        try c.encode(f.pricesIncludeTax, forKey: .pricesIncludeTax)
        try c.encode(f.paymentTerms.code, forKey: .paymentTerms)
        try c.encode(f.paymentTerms.description, forKey: .paymentTermsText)
        try c.encode(invoice.issueDate?.iso8601String, forKey: .issueDate)
        try c.encode(invoice.dueDate?.iso8601String, forKey: .dueDate)
        try c.encode(invoice.paymentReference, forKey: .paymentReference)
        try c.encode(f.exchangeRate.map(DecimalText.format), forKey: .exchangeRate)
        try c.encode(f.exchangeRateDate?.iso8601String, forKey: .exchangeRateDate)
        try c.encode(f.notes, forKey: .notes)
        try c.encode(f.reason, forKey: .reason)
        // Each line's amount as the document states it (frozen at issue), not recomputed.
        try c.encode(
            f.lines.indices.map { index in
                LineResponse(
                    item: f.lines[index], currency: f.currency,
                    stated: totals.lineAmounts.indices.contains(index) ? totals.lineAmounts[index] : nil)
            }, forKey: .lines)
        let discount = f.adjustments.first { $0.kind == .allowance }
        try c.encode(discount?.amount.decimalString, forKey: .discount)
        try c.encode(discount?.taxCategory.rawValue, forKey: .discountTaxCategory)
        let charge = f.adjustments.first { $0.kind == .charge }
        try c.encode(charge?.amount.decimalString, forKey: .charge)
        try c.encode(charge?.taxCategory.rawValue, forKey: .chargeTaxCategory)
        try c.encode(charge?.reason, forKey: .chargeReason)
        try c.encode(
            zip(f.adjustments, totals.allowanceChargeNets).map { AdjustmentResponse(item: $0, net: $1) },
            forKey: .adjustments)
        try c.encode(TotalsResponse(totals: totals), forKey: .totals)
        try c.encode(
            invoice.allowedActions(balance: balance).subtracting(withheld).map(\.rawValue).sorted(),
            forKey: .allowedActions)
        // An issued document states its VAT in the base currency it was issued in, as its PDF and UBL do (one
        // conversion, `BaseCurrencyAmounts`); a draft's figure is a preview.
        let vatInBase: String? =
            if let rate = f.exchangeRate, let base = invoice.issued?.baseCurrency {
                try BaseCurrencyAmounts.converting(totals, exchangeRate: rate, to: base)?.vat.decimalString
            } else {
                f.exchangeRate.map { rate in
                    DecimalText.format(Rounding.roundHalfUp(totals.totalTax.decimalValue * rate, scale: 2))
                }
            }
        try c.encode(vatInBase, forKey: .vatInBaseCurrency)
        if let balance {
            try c.encode(
                [
                    "total": balance.total.decimalString, "credited": balance.credited.decimalString,
                    "paid": balance.paid.decimalString, "open": balance.open.decimalString,
                ], forKey: .balance)
        } else {
            try c.encodeNil(forKey: .balance)
        }
        // "2307 pending": withholding on a live allocation that no BIR Form 2307 covers yet.
        try c.encode(balance?.certificatePending ?? false, forKey: .withholdingPending)
        if withInstalments {
            let instalments = balance?.instalments ?? []
            let open = balance?.instalmentOpenParts ?? []
            try c.encode(
                zip(instalments, open).map { InstalmentWire(instalment: $0, open: $1) }, forKey: .instalments)
        }
        try c.encode(invoice.seller.map(InvoicePartyWire.init), forKey: .seller)
        try c.encode(invoice.buyer.map(InvoicePartyWire.init), forKey: .buyer)
        try c.encode(invoice.issuedAt, forKey: .issuedAt)
        try c.encode(invoice.createdAt, forKey: .createdAt)
        try c.encode(invoice.updatedAt, forKey: .updatedAt)
        try c.encode(invoice.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, kind, number, status, branch, accountId, contactId, ownerId, dealId, contractId, correctsInvoiceId
        case currency, pricesIncludeTax, paymentTerms, paymentTermsText, issueDate, dueDate, paymentReference
        case exchangeRate, exchangeRateDate, notes, reason, lines, discount, discountTaxCategory, charge
        case chargeTaxCategory, chargeReason, adjustments, totals
        case vatInBaseCurrency, balance, seller, buyer, issuedAt, createdAt, updatedAt, version, allowedActions
        case withholdingPending, statusFlags, instalments
    }
}

/// One instalment of an issued invoice, frozen at issue, with what is still open of it (settled money covers the
/// oldest first).
struct InstalmentWire: Encodable {
    let instalment: InvoiceInstalment
    let open: Money

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(instalment.sequence, forKey: .seq)
        try c.encode(instalment.dueDate.iso8601String, forKey: .dueDate)
        try c.encode(instalment.amount.decimalString, forKey: .amount)
        try c.encode(open.decimalString, forKey: .open)
    }

    private enum Keys: String, CodingKey { case seq, dueDate, amount, open }
}

/// One document allowance or charge of an invoice as stored: a percentage discount appears once per (category,
/// rate) group of the lines, each with the percentage and the base it was taken of.
struct AdjustmentResponse: Encodable {
    let item: DocumentAllowanceCharge
    /// Its VAT-exclusive amount (`DocumentTotals.allowanceChargeNets`).
    let net: Money

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(item.kind.rawValue, forKey: .kind)
        try c.encode(item.amount.decimalString, forKey: .amount)
        try c.encode(net.decimalString, forKey: .netAmount)
        try c.encode(item.taxCategory.rawValue, forKey: .taxCategory)
        try c.encode(DecimalText.format(item.ratePercent), forKey: .ratePercent)
        try c.encode(item.reason, forKey: .reason)
        try c.encode(item.percent.map(DecimalText.format), forKey: .percent)
        try c.encode(item.baseAmount?.decimalString, forKey: .baseAmount)
    }

    private enum Keys: String, CodingKey {
        case kind, amount, netAmount, taxCategory, ratePercent, reason, percent, baseAmount
    }
}

/// One entry of `adjustments` in a request body: `kind`, and `amount` (with `tax_category`) or a `percent` of the
/// order; decimals as strings or integers, never JSON fractions; unknown keys refused.
struct AdjustmentRequest: Decodable {
    static let allowedKeys: Set<String> = ["kind", "amount", "percent", "taxCategory", "reason"]

    var draft = AdjustmentDraft()

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: Self.allowedKeys, in: "an adjustment")
        func text(_ name: String) throws -> String? { try object.number(name) }
        func string(_ name: String) throws -> String? { try object.string(name) }
        draft.kind = try string("kind")
        draft.amount = try text("amount")
        draft.percent = try text("percent")
        draft.taxCategory = try string("taxCategory")
        draft.reason = try string("reason")
    }
}

/// `from`/`to`/`kind` of the register, defaulting to this month's invoices.
struct RegisterQuery {
    var kind: InvoiceKind
    var from: CalendarDate
    var to: CalendarDate

    static func parse(_ request: Request, services: Services, viewer: Viewer) async throws -> RegisterQuery {
        let today = try await services.invoices.today(companyID: viewer.companyID)
        var query = RegisterQuery(kind: .invoice, from: today.firstOfMonth, to: today.firstOfMonth.adding(months: 1))
        if let text = request.query("kind"), !text.isEmpty {
            guard let kind = InvoiceKind(rawValue: text) else {
                throw RequestError.invalidParameter(name: "kind", message: "must be invoice or credit_note.")
            }
            query.kind = kind
        }
        for name in ["from", "to"] {
            guard let text = request.query(name), !text.isEmpty else { continue }
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: name, message: "must be a date (YYYY-MM-DD).")
            }
            if name == "from" { query.from = date } else { query.to = date }
        }
        guard query.from < query.to else {
            throw RequestError.invalidParameter(name: "to", message: "must be after from.")
        }
        return query
    }
}

struct RegisterResponse: Encodable {
    let from: CalendarDate
    let to: CalendarDate
    let kind: InvoiceKind
    let rows: [InvoiceService.RegisterRow]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(from.iso8601String, forKey: .from)
        try c.encode(to.iso8601String, forKey: .to)
        try c.encode(kind.rawValue, forKey: .kind)
        var list = c.nestedUnkeyedContainer(forKey: .data)
        for row in rows {
            var item = list.nestedContainer(keyedBy: RowKeys.self)
            let invoice = row.invoice
            try item.encode(invoice.id.description, forKey: .id)
            try item.encode(invoice.number, forKey: .number)
            try item.encode(invoice.issueDate?.iso8601String, forKey: .issueDate)
            try item.encode(invoice.buyer?.name, forKey: .buyerName)
            try item.encode(invoice.buyer?.tin, forKey: .buyerTin)
            try item.encode(invoice.fields.currency.code, forKey: .currency)
            try item.encode(row.totals.vatableSales.decimalString, forKey: .vatableSales)
            try item.encode(row.totals.zeroRatedSales.decimalString, forKey: .zeroRatedSales)
            try item.encode(row.totals.exemptSales.decimalString, forKey: .exemptSales)
            try item.encode(row.totals.totalTax.decimalString, forKey: .vat)
            try item.encode(row.totals.totalWithTax.decimalString, forKey: .total)
            try item.encode(invoice.correctsInvoiceID?.description, forKey: .correctsInvoiceId)
            try item.encode(row.credited.decimalString, forKey: .credited)
            try item.encode(row.isCancelled ? "cancelled" : "issued", forKey: .status)
            try item.encode(
                invoice.fields.currency == row.baseCurrency ? nil : invoice.fields.exchangeRate.map(DecimalText.format),
                forKey: .exchangeRate)
            try item.encode(row.baseCurrency.code, forKey: .baseCurrency)
            try item.encode(row.inBaseCurrency?.net.decimalString, forKey: .netInBaseCurrency)
            try item.encode(row.inBaseCurrency?.vat.decimalString, forKey: .vatInBaseCurrency)
            try item.encode(row.inBaseCurrency?.total.decimalString, forKey: .totalInBaseCurrency)
        }
    }

    private enum Keys: String, CodingKey { case from, to, kind, data }
    private enum RowKeys: String, CodingKey {
        case id, number, issueDate, buyerName, buyerTin, currency, vatableSales, zeroRatedSales, exemptSales, vat
        case total, correctsInvoiceId, credited, status, exchangeRate, baseCurrency, netInBaseCurrency
        case vatInBaseCurrency, totalInBaseCurrency
    }
}

/// The register as CSV, for the accountant's books (formula cells neutralised by the CSV writer). The last
/// columns restate net, VAT and total in the company's base currency, named in their headers (`net_PHP`).
enum InvoiceRegisterCSV {
    static func make(_ rows: [InvoiceService.RegisterRow], baseCurrency: Currency) -> String {
        let base = baseCurrency.code
        var writer = CSVWriter(header: [
            "number", "issue_date", "buyer_name", "buyer_tin", "currency", "vatable_sales", "zero_rated_sales",
            "exempt_sales", "vat", "total", "corrects", "credited", "status", "exchange_rate", "net_\(base)",
            "vat_\(base)", "total_\(base)",
        ])
        for row in rows {
            let invoice = row.invoice
            let rate = invoice.fields.currency == baseCurrency ? nil : invoice.fields.exchangeRate
            writer.appendRow([
                invoice.number ?? "", invoice.issueDate?.iso8601String ?? "", invoice.buyer?.name ?? "",
                invoice.buyer?.tin ?? "", invoice.fields.currency.code, row.totals.vatableSales.decimalString,
                row.totals.zeroRatedSales.decimalString, row.totals.exemptSales.decimalString,
                row.totals.totalTax.decimalString, row.totals.totalWithTax.decimalString,
                invoice.correctsInvoiceID?.description ?? "", row.credited.decimalString,
                row.isCancelled ? "cancelled" : "issued",
                rate.map(DecimalText.format) ?? "",
                row.inBaseCurrency?.net.decimalString ?? "", row.inBaseCurrency?.vat.decimalString ?? "",
                row.inBaseCurrency?.total.decimalString ?? "",
            ])
        }
        return writer.text
    }
}

struct InvoiceSettingsWire: Encodable {
    let settings: InvoiceSettings

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Input.Keys.self)
        try c.encode(settings.profile.rawValue, forKey: .profile)
        try c.encode(settings.pricesIncludeTax, forKey: .pricesIncludeTax)
        try c.encode(settings.defaultPaymentTerms.code, forKey: .defaultPaymentTerms)
        try c.encode(settings.title, forKey: .title)
        try c.encode(settings.acknowledgementNumber, forKey: .acknowledgementNumber)
        try c.encode(settings.acknowledgementDate?.iso8601String, forKey: .acknowledgementDate)
        try c.encode(settings.version, forKey: .version)
    }

    struct Input: Decodable {
        static let keys: Set<String> = [
            "profile", "prices_include_tax", "default_payment_terms", "title", "acknowledgement_number",
            "acknowledgement_date", "version",
        ]
        var profile: String?
        var pricesIncludeTax: Bool?
        var defaultPaymentTerms: String?
        var title: String?
        var acknowledgementNumber: String?
        var acknowledgementDate: String?
        var version: Int64?

        enum Keys: String, CodingKey {
            case profile, pricesIncludeTax, defaultPaymentTerms, title, acknowledgementNumber, acknowledgementDate
            case version
        }

        func apply(to settings: InvoiceSettings) throws -> InvoiceSettings {
            var result = settings
            var errors = ValidationErrors()
            if let profile {
                if let value = CountryProfile(rawValue: profile) {
                    result.profile = value
                } else {
                    errors.add(field: "profile", code: "invalid_choice", message: "Choose ph, eu or none.")
                }
            }
            if let pricesIncludeTax { result.pricesIncludeTax = pricesIncludeTax }
            if let defaultPaymentTerms,
                let terms = PaymentTerms.parse(defaultPaymentTerms, field: "default_payment_terms", into: &errors)
            {
                result.defaultPaymentTerms = terms
            }
            if let title { result.title = title.trimmingCharacters(in: .whitespaces) }
            if let acknowledgementNumber {
                let text = acknowledgementNumber.trimmingCharacters(in: .whitespaces)
                result.acknowledgementNumber = text.isEmpty ? nil : text
            }
            if let acknowledgementDate {
                result.acknowledgementDate = errors.day(
                    acknowledgementDate.trimmingCharacters(in: .whitespaces), field: "acknowledgement_date",
                    message: "Enter YYYY-MM-DD.")
            }
            try errors.throwIfAny()
            return result
        }
    }
}
