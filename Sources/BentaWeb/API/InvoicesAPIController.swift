import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1/invoices`: drafts, issue, credit notes, PDF, the register and the invoicing settings. Creating an
/// invoice, issuing it and creating a credit note honour `Idempotency-Key`.
struct InvoicesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.invoices, use: list)
        group.post(Paths.API.invoices, use: create)
        group.get(Paths.API.invoice, use: show)
        group.patch(Paths.API.invoice, use: update)
        group.delete(Paths.API.invoice, use: discard)
        group.post(Paths.API.issueInvoice, use: issue)
        group.post(Paths.API.creditInvoice, use: creditNote)
        group.get(Paths.API.invoicePDF, use: pdf)
        group.get(Paths.API.invoiceUBL, use: ubl)
        group.post(Paths.API.sendInvoice, use: send)
        group.get(Paths.API.invoiceRegister, use: register)
        group.get(Paths.API.invoiceSettings, use: settings)
        group.put(Paths.API.invoiceSettings, use: saveSettings)
        group.get(Paths.API.numberSeries, use: numberSeries)
        group.put(Paths.API.numberFormat, use: setNumberFormat)
    }

    // MARK: Lists

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var filter = InvoiceFilter(ownerID: try ListQuery.owner(request))
        if let text = request.query("kind") {
            guard let kind = InvoiceKind(rawValue: text) else {
                throw RequestError.invalidParameter(name: "kind", message: "must be invoice or credit_note.")
            }
            filter.kind = kind
        }
        filter.accountID = try ListQuery.id(request, "account_id", message: "must be an account id.")
        filter.dealID = try ListQuery.id(request, "deal_id", message: "must be a deal id.")
        var wanted: InvoiceDisplayStatus?
        if let text = request.query("status"), !text.isEmpty {
            guard let status = InvoiceDisplayStatus(rawValue: text) else {
                throw RequestError.invalidParameter(
                    name: "status", message: "must be draft, issued, partially_paid, paid, overdue or cancelled.")
            }
            wanted = status
            filter.status = status == .draft ? .draft : .issued
        }
        let page = try ListQuery.page(request)
        let listing = try await InvoiceListing.load(
            services: services, viewer: context.viewer, filter: filter, status: wanted, page: page)
        return JSONResponse.make(
            ListResponse(
                data: listing.items.map {
                    InvoiceResponse(
                        invoice: $0.invoice, balance: $0.balance, today: listing.today,
                        withheld: Self.withheldActions(context))
                },
                nextCursor: listing.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let invoice = try await services.invoices.invoice(
            try PathID.parse(context, entity: "invoice"), viewer: context.viewer)
        return try await respond(invoice, context: context)
    }

    // MARK: Changes

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let data = try await Self.jsonBytes(request)
        return try await idempotent(request, data: data, context: context, status: .created, location: true) {
            let body = try JSONBody.decode(InvoiceRequest.self, data: data, allowedKeys: InvoiceRequest.createKeys)
            return try await services.invoices.create(body.draft, viewer: context.viewer)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let body = try await JSONBody.decode(InvoiceRequest.self, from: request, allowedKeys: InvoiceRequest.patchKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let invoice = try await services.invoices.update(
            id, draft: body.draft, viewer: context.viewer, expectedVersion: version)
        return try await respond(invoice, context: context)
    }

    @Sendable func discard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        try await services.invoices.discard(id, viewer: context.viewer, expectedVersion: try request.ifMatchVersion())
        return Response(status: .noContent)
    }

    @Sendable func issue(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let data = try await Self.optionalJSONBytes(request)
        return try await idempotent(request, data: data, context: context, status: .ok, location: false) {
            var version = try request.ifMatchVersion()
            if !data.isEmpty {
                version =
                    try JSONBody.decode(VersionOnly.self, data: data, allowedKeys: VersionOnly.allowedKeys).version
                    ?? version
            }
            return try await services.invoices.issue(id, viewer: context.viewer, expectedVersion: version)
        }
    }

    @Sendable func creditNote(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let data = try await Self.jsonBytes(request)
        return try await idempotent(request, data: data, context: context, status: .created, location: true) {
            let body = try JSONBody.decode(
                CreditNoteBody.self, data: data, allowedKeys: CreditNoteBody.allowedKeys)
            let invoice = try await services.invoices.invoice(id, viewer: context.viewer)
            return try await services.invoices.creditNote(
                for: id, request: try body.request(currency: invoice.fields.currency), reason: body.reason ?? "",
                viewer: context.viewer)
        }
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let document = try await services.invoices.document(id, viewer: context.viewer)
        return PDFResponse.make(
            services.invoices.pdf(document), filename: "\(document.invoice.number ?? "invoice-draft").pdf")
    }

    @Sendable func ubl(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let document = try await services.invoices.document(id, viewer: context.viewer)
        let xml = try services.invoices.ubl(document)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(document.invoice.number ?? "invoice").xml\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// Queues the invoice by email (PDF attached, UBL on request); 202 with the outbox message.
    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Invoice.ID = try PathID.parse(context, entity: "invoice")
        let data = try await Self.optionalJSONBytes(request)
        var body = SendBody()
        if !data.isEmpty { body = try JSONBody.decode(SendBody.self, data: data, allowedKeys: SendBody.allowedKeys) }
        let message = try await services.invoices.email(
            id, to: body.to, includeUBL: body.includeUbl ?? false, outbox: services.outbox, viewer: context.viewer)
        return JSONResponse.make(
            [
                "outbox_id": message.id.description, "status": message.status.rawValue,
                "to": message.to.joined(separator: ", "),
            ], status: .accepted)
    }

    // MARK: Register and settings

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (to exclusive; default this month), `kind`, `format=csv`.
    @Sendable func register(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let format = request.query("format") ?? "json"
        guard ["json", "csv"].contains(format) else {
            throw RequestError.invalidParameter(name: "format", message: "must be json or csv.")
        }
        let query = try await RegisterQuery.parse(request, services: services, viewer: context.viewer)
        let rows = try await services.invoices.register(
            viewer: context.viewer, kind: query.kind, from: query.from, to: query.to)
        if format == "csv" {
            let base = try await services.companies.company(context.viewer.companyID).settings.baseCurrency
            return CSVResponse.make(
                InvoiceRegisterCSV.make(rows, baseCurrency: base),
                filename: "register-\(query.kind.rawValue)-\(query.from).csv")
        }
        return JSONResponse.make(
            RegisterResponse(from: query.from, to: query.to, kind: query.kind, rows: rows))
    }

    @Sendable func settings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let settings = try await services.invoices.settings(companyID: context.viewer.companyID)
        return JSONResponse.record(InvoiceSettingsWire(settings: settings), version: settings.version)
    }

    @Sendable func saveSettings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            InvoiceSettingsWire.Input.self, from: request, allowedKeys: InvoiceSettingsWire.Input.keys)
        try context.requireAdministrator(to: "change the invoicing settings")
        let current = try await services.invoices.settings(companyID: context.viewer.companyID)
        // The version read, as every update: 400 `version_required` without one once the settings were saved.
        let expected = try await VersionPrecondition.required(body: body.version, request: request) { current.version }
        let settings = try body.apply(to: current)
        let saved = try await services.invoices.saveSettings(
            settings, viewer: context.viewer, expectedVersion: expected)
        return JSONResponse.record(InvoiceSettingsWire(settings: saved), version: saved.version)
    }

    @Sendable func numberSeries(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let series = try await services.numberSeries.series(viewer: context.viewer)
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        return JSONResponse.make(
            ListResponse(data: series.map { NumberSeriesWire($0, today: today) }, nextCursor: nil))
    }

    /// `PUT /api/v1/settings/number-series/{type}` with `{"format": "INV-{YYYY}-{SEQ:6}", "branch": ""}`.
    @Sendable func setNumberFormat(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard let type = context.parameters.get("type").flatMap(DocumentType.init(rawValue:)) else {
            throw RequestError.invalidParameter(
                name: "type",
                message: "must be quote, contract, contract_amendment, invoice, credit_note or collection_receipt.")
        }
        try NumberSeriesService.requireAdmin(context.viewer)
        let body = try await JSONBody.decode(
            NumberFormatBody.self, from: request, allowedKeys: NumberFormatBody.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let saved = try await services.numberSeries.setFormat(
            body.format, type: type, branch: body.branch ?? "", viewer: context.viewer, expectedVersion: version)
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        return JSONResponse.record(NumberSeriesWire(saved, today: today), version: saved.formatVersion)
    }

    // MARK: Helpers

    private func respond(
        _ invoice: Invoice, context: AuthenticatedContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let answer = try await answer(invoice, context: context, status: status, location: false)
        var response = JSONResponse.answer(answer)
        response.setVersionTag(invoice.version)
        return response
    }

    private func answer(
        _ invoice: Invoice, context: AuthenticatedContext, status: HTTPResponse.Status, location: Bool
    ) async throws -> IdempotencyService.Answer {
        let balance = try await services.invoices.balances(of: [invoice])[invoice.id]
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        return try Self.answer(
            invoice, balance: balance, today: today, status: status, location: location,
            withheld: Self.withheldActions(context))
    }

    /// What the company's duties keep from the caller's role (``Duty/issueInvoices``: issuing and crediting), taken
    /// out of `allowed_actions` as the page hides its buttons.
    static func withheldActions(_ context: AuthenticatedContext) -> Set<InvoiceAction> {
        context.identity.has(.issueInvoices) ? [] : [.issue, .credit]
    }

    /// The JSON answer for a document, its `Location` when it was just created.
    static func answer(
        _ invoice: Invoice, balance: InvoiceBalance?, today: CalendarDate, status: HTTPResponse.Status, location: Bool,
        withheld: Set<InvoiceAction> = []
    ) throws -> IdempotencyService.Answer {
        let data = try JSONResponse.encoder.encode(
            InvoiceResponse(
                invoice: invoice, balance: balance, today: today, withInstalments: true, withheld: withheld))
        return IdempotencyService.Answer(
            status: status.code, location: location ? Paths.API.invoice(invoice.id) : nil, body: data)
    }

    /// Runs `work` (which writes one document) and answers with the document in `status`. Under the request's
    /// `Idempotency-Key`, the answer is stored by the transaction that writes the document, and a retry gets the
    /// same status, `Location` and body again (see `IdempotencyService`).
    private func idempotent(
        _ request: Request, data: Data, context: AuthenticatedContext, status: HTTPResponse.Status, location: Bool,
        work: @escaping @Sendable () async throws -> Invoice
    ) async throws -> Response {
        guard let key = request.headers[IdempotentRequest.keyHeader] else {
            return JSONResponse.answer(
                try await answer(try await work(), context: context, status: status, location: location))
        }
        // The company's date, read before the work: the answer is built inside the work's transaction.
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        let identity = IdempotentRequest.identity(request, body: data)
        let withheld = Self.withheldActions(context)
        return JSONResponse.answer(
            try await services.idempotency.run(
                userID: context.viewer.userID, key: key, request: identity,
                answer: { invoice, balance in
                    try Self.answer(
                        invoice, balance: balance, today: today, status: status, location: location,
                        withheld: withheld)
                }, work: work))
    }

    /// The JSON body, after checking its content type.
    static func jsonBytes(_ request: Request) async throws -> Data {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw RequestError.unsupportedMediaType(expected: "application/json")
        }
        return try await JSONBody.bytes(request)
    }

    /// An optional JSON body: empty when none was sent.
    static func optionalJSONBytes(_ request: Request) async throws -> Data {
        let data = try await JSONBody.bytes(request)
        if data.isEmpty { return data }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw RequestError.unsupportedMediaType(expected: "application/json")
        }
        return data
    }
}

struct NumberFormatBody: Decodable {
    static let allowedKeys: Set<String> = ["format", "branch", "version"]
    var format: String
    var branch: String?
    var version: Int64?
}

struct NumberSeriesWire: Encodable {
    let type: String
    let branch: String
    let format: String
    let nextNumber: String
    let nextSequence: Int64
    /// The format's version: a change names it (body `version` or `If-Match`).
    let version: Int64

    init(_ series: NumberSeries, today: CalendarDate) {
        type = series.type.rawValue
        branch = series.branch
        format = series.format.template
        nextSequence = series.nextValue
        nextNumber = series.format.format(sequence: series.nextValue, date: today)
        version = series.formatVersion
    }
}

struct SendBody: Decodable {
    static let allowedKeys: Set<String> = ["to", "include_ubl"]
    var to: [String]?
    var includeUbl: Bool?
}

struct VersionOnly: Decodable {
    static let allowedKeys: Set<String> = ["version"]
    var version: Int64?
}

/// The body of `POST /api/v1/invoices` and `PATCH /api/v1/invoices/{id}`.
struct InvoiceRequest: Decodable {
    static let patchKeys: Set<String> = [
        "account_id", "contact_id", "currency", "prices_include_tax", "payment_terms", "notes", "lines", "discount",
        "discount_tax_category", "charge", "charge_tax_category", "charge_reason", "adjustments", "exchange_rate",
        "exchange_rate_date",
        "version",
    ]
    static let createKeys: Set<String> = patchKeys.subtracting(["version"]).union(["deal_id"])

    var draft = InvoiceDraft()
    var version: Int64?

    private enum Keys: String, CodingKey {
        case accountId, contactId, currency, pricesIncludeTax, paymentTerms, notes, lines, discount
        case discountTaxCategory, charge, chargeTaxCategory, chargeReason, exchangeRate, exchangeRateDate, version
        case dealId, adjustments
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        draft.accountID = try c.decodeIfPresent(String.self, forKey: .accountId)
        if let contact = try c.patch(String.self, forKey: .contactId) { draft.contactID = contact ?? "" }
        draft.currency = try c.decodeIfPresent(String.self, forKey: .currency)
        draft.pricesIncludeTax = try c.decodeIfPresent(Bool.self, forKey: .pricesIncludeTax)
        draft.paymentTerms = try c.decodeIfPresent(String.self, forKey: .paymentTerms)
        if let notes = try c.patch(String.self, forKey: .notes) { draft.notes = notes ?? "" }
        draft.lines = try c.decodeIfPresent([LineRequest].self, forKey: .lines)?.map(\.draft)
        if let discount = try c.patch(StringOrNumberRefusingFloats.self, forKey: .discount) {
            draft.discount = discount?.text ?? ""
        }
        draft.discountTaxCategory = try c.decodeIfPresent(String.self, forKey: .discountTaxCategory)
        if let charge = try c.patch(StringOrNumberRefusingFloats.self, forKey: .charge) {
            draft.charge = charge?.text ?? ""
        }
        draft.chargeTaxCategory = try c.decodeIfPresent(String.self, forKey: .chargeTaxCategory)
        draft.chargeReason = try c.decodeIfPresent(String.self, forKey: .chargeReason)
        // The list replaces every discount and charge; null is the empty list.
        if let adjustments = try c.patch([AdjustmentRequest].self, forKey: .adjustments) {
            draft.adjustments = adjustments?.map(\.draft) ?? []
        }
        if let rate = try c.patch(StringOrNumberRefusingFloats.self, forKey: .exchangeRate) {
            draft.exchangeRate = rate?.text ?? ""
        }
        if let date = try c.patch(String.self, forKey: .exchangeRateDate) { draft.exchangeRateDate = date ?? "" }
        draft.dealID = try c.decodeIfPresent(String.self, forKey: .dealId)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }
}

/// The body of `POST /api/v1/invoices/{id}/credit-notes`: exactly one of `full`, `lines` or `amount`.
struct CreditNoteBody: Decodable {
    static let allowedKeys: Set<String> = ["reason", "full", "lines", "amount", "tax_category"]

    struct Pick: Decodable {
        var line: Int
        var quantity: StringOrNumberRefusingFloats
    }

    var reason: String?
    var full: Bool?
    var lines: [Pick]?
    var amount: StringOrNumberRefusingFloats?
    var taxCategory: String?

    func request(currency: Currency) throws -> CreditNoteRequest {
        var errors = ValidationErrors()
        let chosen = [full == true, lines != nil, amount != nil].filter { $0 }.count
        if chosen != 1 {
            errors.add(field: "full", code: "choose_one", message: "Give exactly one of full, lines or amount.")
            throw errors
        }
        if full == true { return .full }
        if let lines {
            var picks: [(index: Int, quantity: Decimal)] = []
            for (offset, pick) in lines.enumerated() {
                if let quantity = DecimalText.parse(pick.quantity.text) {
                    picks.append((pick.line, quantity))
                } else {
                    errors.add(field: "lines[\(offset)].quantity", code: "invalid_number", message: "Enter a number.")
                }
            }
            try errors.throwIfAny()
            return .lines(picks)
        }
        let category = TaxCategory(rawValue: taxCategory ?? "vatable")
        guard let category else {
            errors.add(field: "tax_category", code: "invalid_choice", message: "Choose vatable, zero_rated or exempt.")
            throw errors
        }
        guard let text = amount?.text, let money = try? Money(decimalString: text, currency: currency) else {
            errors.add(field: "amount", code: "invalid_amount", message: "Enter an amount such as 1500.00.")
            throw errors
        }
        return .amount(money, taxCategory: category)
    }
}
