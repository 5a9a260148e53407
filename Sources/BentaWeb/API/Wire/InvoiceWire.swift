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

struct InvoicePartyWire: WireWritable {
    let party: InvoiceParty

    func writeMembers(to object: inout WireObject) throws {
        try object.string("name", party.name)
        try object.string("address", party.address)
        try object.string("tin", party.tin)
        try object.bool("is_vat_registered", party.isVATRegistered)
        try object.string("country", party.country)
        try object.string("contact_name", party.contactName)
        try object.string("email", party.email)
    }
}

struct InvoiceResponse: WireWritable {
    let invoice: Invoice
    let balance: InvoiceBalance?
    let today: CalendarDate
    /// The single-document answer also states its instalments (a list item does not).
    var withInstalments = false
    /// Actions the company's duties keep from the caller's role, left out of `allowed_actions`.
    var withheld: Set<InvoiceAction> = []

    func writeMembers(to object: inout WireObject) throws {
        let f = invoice.fields
        let totals = try invoice.totals()
        try object.string("id", invoice.id.description)
        try object.string("kind", invoice.kind.rawValue)
        try object.string("number", invoice.number)
        let status = balance?.status(of: invoice, today: today) ?? (invoice.status == .draft ? .draft : .issued)
        try object.string("status", status.rawValue)
        // Every fact that holds at once (partly paid and overdue, 2307 pending, …).
        try object.strings("status_flags", (balance?.flags(of: invoice, today: today) ?? []).map(\.rawValue))
        try object.string("branch", invoice.branch)
        try object.string("account_id", invoice.accountID.description)
        try object.string("contact_id", f.contactID?.description)
        try object.string("owner_id", invoice.ownerID.description)
        try object.string("deal_id", invoice.dealID?.description)
        try object.string("contract_id", invoice.contractID)
        try object.string("corrects_invoice_id", invoice.correctsInvoiceID?.description)
        try object.string("currency", f.currency.code)
        try object.bool("prices_include_tax", f.pricesIncludeTax)
        try object.string("payment_terms", f.paymentTerms.code)
        try object.string("payment_terms_text", f.paymentTerms.description)
        try object.string("issue_date", invoice.issueDate?.iso8601String)
        try object.string("due_date", invoice.dueDate?.iso8601String)
        try object.string("payment_reference", invoice.paymentReference)
        try object.string("exchange_rate", f.exchangeRate.map(DecimalText.format))
        try object.string("exchange_rate_date", f.exchangeRateDate?.iso8601String)
        try object.string("notes", f.notes)
        try object.string("reason", f.reason)
        // Each line's amount as the document states it (frozen at issue), not recomputed.
        try object.array(
            "lines",
            f.lines.indices.map { index in
                LineResponse(
                    item: f.lines[index], currency: f.currency,
                    stated: totals.lineAmounts.indices.contains(index) ? totals.lineAmounts[index] : nil)
            })
        let discount = f.adjustments.first { $0.kind == .allowance }
        try object.string("discount", discount?.amount.decimalString)
        try object.string("discount_tax_category", discount?.taxCategory.rawValue)
        let charge = f.adjustments.first { $0.kind == .charge }
        try object.string("charge", charge?.amount.decimalString)
        try object.string("charge_tax_category", charge?.taxCategory.rawValue)
        try object.string("charge_reason", charge?.reason)
        try object.array(
            "adjustments", zip(f.adjustments, totals.allowanceChargeNets).map { AdjustmentResponse(item: $0, net: $1) })
        try object.object("totals", TotalsResponse(totals: totals))
        try object.strings(
            "allowed_actions", invoice.allowedActions(balance: balance).subtracting(withheld).map(\.rawValue).sorted())
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
        try object.string("vat_in_base_currency", vatInBase)
        try object.object("balance", balance.map(BalanceWire.init))
        // "2307 pending": withholding on a live allocation that no BIR Form 2307 covers yet.
        try object.bool("withholding_pending", balance?.certificatePending ?? false)
        if withInstalments {
            let instalments = balance?.instalments ?? []
            let open = balance?.instalmentOpenParts ?? []
            try object.array("instalments", zip(instalments, open).map { InstalmentWire(instalment: $0, open: $1) })
        }
        try object.object("seller", invoice.seller.map(InvoicePartyWire.init))
        try object.object("buyer", invoice.buyer.map(InvoicePartyWire.init))
        try object.date("issued_at", invoice.issuedAt)
        try object.date("created_at", invoice.createdAt)
        try object.date("updated_at", invoice.updatedAt)
        try object.integer("version", invoice.version)
    }

    /// The balance's amounts, members in the order of their names.
    struct BalanceWire: WireWritable {
        let balance: InvoiceBalance

        func writeMembers(to object: inout WireObject) throws {
            try object.string("credited", balance.credited.decimalString)
            try object.string("open", balance.open.decimalString)
            try object.string("paid", balance.paid.decimalString)
            try object.string("total", balance.total.decimalString)
        }
    }
}

/// One instalment of an issued invoice, frozen at issue, with what is still open of it (settled money covers the
/// oldest first).
struct InstalmentWire: WireWritable {
    let instalment: InvoiceInstalment
    let open: Money

    func writeMembers(to object: inout WireObject) throws {
        try object.integer("seq", instalment.sequence)
        try object.string("due_date", instalment.dueDate.iso8601String)
        try object.string("amount", instalment.amount.decimalString)
        try object.string("open", open.decimalString)
    }
}

/// One document allowance or charge of an invoice as stored: a percentage discount appears once per (category,
/// rate) group of the lines, each with the percentage and the base it was taken of.
struct AdjustmentResponse: WireWritable {
    let item: DocumentAllowanceCharge
    /// Its VAT-exclusive amount (`DocumentTotals.allowanceChargeNets`).
    let net: Money

    func writeMembers(to object: inout WireObject) throws {
        try object.string("kind", item.kind.rawValue)
        try object.string("amount", item.amount.decimalString)
        try object.string("net_amount", net.decimalString)
        try object.string("tax_category", item.taxCategory.rawValue)
        try object.string("rate_percent", DecimalText.format(item.ratePercent))
        try object.string("reason", item.reason)
        try object.string("percent", item.percent.map(DecimalText.format))
        try object.string("base_amount", item.baseAmount?.decimalString)
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
