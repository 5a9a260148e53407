import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/quotes`: drafted from a deal, edited as drafts, sent (numbered), accepted or declined, and as PDF.
struct QuotesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.quotes, use: list)
        group.post(Paths.API.quotes, use: create)
        group.get(Paths.API.quote, use: show)
        group.patch(Paths.API.quote, use: update)
        group.post(Paths.API.sendQuote, use: send)
        group.post(Paths.API.acceptQuote, use: accept)
        group.post(Paths.API.declineQuote, use: decline)
        group.get(Paths.API.quotePDF, use: pdf)
    }

    static func filter(_ request: Request) throws -> QuoteFilter {
        var filter = QuoteFilter(ownerID: try ListQuery.owner(request))
        filter.dealID = try ListQuery.id(request, "deal_id", message: "must be a deal id.")
        filter.accountID = try ListQuery.id(request, "account_id", message: "must be an account id.")
        if let text = request.query("status"), !text.isEmpty {
            guard let status = QuoteDisplayStatus(rawValue: text) else {
                throw RequestError.invalidParameter(
                    name: "status", message: "must be draft, sent, accepted, declined or expired.")
            }
            filter.status = status
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let today = try await services.quotes.today(viewer: context.viewer)
        var filter = try Self.filter(request)
        filter.today = today
        let page = try await services.quotes.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map { QuoteResponse(quote: $0, today: today) }, nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let quote = try await services.quotes.quote(try PathID.parse(context, entity: "quote"), viewer: context.viewer)
        return try await respond(quote, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            QuoteCreateRequest.self, from: request, allowedKeys: QuoteCreateRequest.allowedKeys)
        let deal: Deal.ID = try BodyID.parse(
            body.dealId, field: "deal_id", code: "invalid_deal", message: "Choose a deal you can see.")
        let quote = try await services.quotes.create(fromDeal: deal, viewer: context.viewer)
        return try await respond(quote, context: context, status: .created, location: Paths.API.quote(quote.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let body = try await JSONBody.decode(QuotePatchRequest.self, from: request, allowedKeys: QuotePatchRequest.keys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        var draft = QuoteDraft()
        if let contact = body.contactId { draft.contactID = contact ?? "" }
        draft.validUntil = body.validUntil
        if let terms = body.terms { draft.terms = terms ?? "" }
        if let notes = body.notes { draft.notes = notes ?? "" }
        draft.pricesIncludeTax = body.pricesIncludeTax
        draft.lines = body.lines?.map(\.draft)
        let quote = try await services.quotes.update(id, draft: draft, viewer: context.viewer, expectedVersion: version)
        return try await respond(quote, context: context)
    }

    /// Numbers the draft and emails it with its PDF through the outbox (body: `to`, `subject`, `message`, each
    /// optional), or with `"email": false` only numbers it.
    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let body = try await Self.optionalBody(
            DocumentSendRequest.self, request: request, keys: DocumentSendRequest.allowedKeys)
        let version = try VersionPrecondition.optional(body: body?.version, request: request)
        let quote: Quote
        if let email = try (body ?? DocumentSendRequest()).emailDraft() {
            quote = try await services.quotes.send(
                id, email: email, language: context.user.language, outbox: services.outbox, viewer: context.viewer,
                expectedVersion: version)
        } else {
            quote = try await services.quotes.send(id, viewer: context.viewer, expectedVersion: version)
        }
        return try await respond(quote, context: context)
    }

    @Sendable func accept(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context, keys: QuoteActionRequest.acceptKeys) { id, body, version in
            try await services.quotes.accept(
                id, winDeal: body?.winDeal ?? true, viewer: context.viewer, expectedVersion: version)
        }
    }

    @Sendable func decline(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context, keys: QuoteActionRequest.declineKeys) { id, body, version in
            try await services.quotes.decline(
                id, reason: body?.reason, viewer: context.viewer, expectedVersion: version)
        }
    }

    /// A lifecycle action of the path's quote: the optional body (members `keys`), the version it expects (the
    /// body's, else `If-Match`, else none), the service's transition in `act`, the quote answered.
    private func transition(
        _ request: Request, _ context: AuthenticatedContext, keys: Set<String>,
        act: (Quote.ID, QuoteActionRequest?, Int64?) async throws -> Quote
    ) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let body = try await Self.optionalBody(QuoteActionRequest.self, request: request, keys: keys)
        let quote = try await act(id, body, try VersionPrecondition.optional(body: body?.version, request: request))
        return try await respond(quote, context: context)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Quote.ID = try PathID.parse(context, entity: "quote")
        let quote = try await services.quotes.quote(id, viewer: context.viewer)
        let bytes = try await services.quotes.pdf(id, viewer: context.viewer)
        return PDFResponse.make(bytes, filename: "\(quote.number ?? "quote-draft").pdf")
    }

    /// Action bodies are optional: an empty body (or none) means "no version check, defaults".
    static func optionalBody<T: Decodable>(_ type: T.Type, request: Request, keys: Set<String>) async throws -> T? {
        let length = request.headers[.contentLength].flatMap(Int.init) ?? -1
        if length == 0 || (length < 0 && request.headers[.contentType] == nil) { return nil }
        return try await JSONBody.decode(T.self, from: request, allowedKeys: keys)
    }

    private func respond(
        _ quote: Quote, context: AuthenticatedContext, status: HTTPResponse.Status = .ok,
        location: String? = nil
    ) async throws -> Response {
        let today = try await services.quotes.today(viewer: context.viewer)
        return JSONResponse.record(
            QuoteResponse(quote: quote, today: today), version: quote.version, status: status, location: location)
    }
}

struct QuoteCreateRequest: Decodable {
    static let allowedKeys: Set<String> = ["deal_id"]
    var dealId: String
}

struct QuotePatchRequest: Decodable {
    static let keys: Set<String> = [
        "contact_id", "valid_until", "terms", "notes", "prices_include_tax", "lines", "version",
    ]
    var contactId: String??
    var validUntil: String?
    var terms: String??
    var notes: String??
    var pricesIncludeTax: Bool?
    var lines: [LineRequest]?
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case contactId, validUntil, terms, notes, pricesIncludeTax, lines, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contactId = try c.patch(String.self, forKey: .contactId)
        validUntil = try c.decodeIfPresent(String.self, forKey: .validUntil)
        terms = try c.patch(String.self, forKey: .terms)
        notes = try c.patch(String.self, forKey: .notes)
        pricesIncludeTax = try c.decodeIfPresent(Bool.self, forKey: .pricesIncludeTax)
        lines = try c.decodeIfPresent([LineRequest].self, forKey: .lines)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }
}

struct QuoteActionRequest: Decodable {
    /// The members each action takes: `send` those of ``DocumentSendRequest``, `accept` also `win_deal`,
    /// `decline` a `reason`.
    static let sendKeys: Set<String> = DocumentSendRequest.allowedKeys
    static let acceptKeys: Set<String> = ["version", "win_deal"]
    static let declineKeys: Set<String> = ["version", "reason"]
    var version: Int64?
    var winDeal: Bool?
    var reason: String?
}

struct QuoteResponse: Encodable {
    let quote: Quote
    let today: CalendarDate

    func encode(to encoder: any Encoder) throws {
        let f = quote.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(quote.id.description, forKey: .id)
        try c.encode(quote.number, forKey: .number)
        try c.encode(quote.displayStatus(today: today).rawValue, forKey: .status)
        try c.encode(quote.dealID.description, forKey: .dealId)
        try c.encode(quote.accountID.description, forKey: .accountId)
        try c.encode(f.contactID?.description, forKey: .contactId)
        try c.encode(quote.ownerID.description, forKey: .ownerId)
        try c.encode(f.currency.code, forKey: .currency)
        try c.encode(f.pricesIncludeTax, forKey: .pricesIncludeTax)
        try c.encode(quote.issueDate?.iso8601String, forKey: .issueDate)
        try c.encode(f.validUntil.iso8601String, forKey: .validUntil)
        try c.encode(f.terms, forKey: .terms)
        try c.encode(f.notes, forKey: .notes)
        try c.encode(f.lines.map { LineResponse(item: $0, currency: f.currency) }, forKey: .lines)
        try c.encode(TotalsResponse(totals: try quote.totals()), forKey: .totals)
        try c.encode(quote.sentAt, forKey: .sentAt)
        try c.encode(quote.decidedAt, forKey: .decidedAt)
        try c.encode(quote.declineReason, forKey: .declineReason)
        try c.encode(quote.createdAt, forKey: .createdAt)
        try c.encode(quote.updatedAt, forKey: .updatedAt)
        try c.encode(quote.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, number, status, dealId, accountId, contactId, ownerId, currency, pricesIncludeTax, issueDate
        case validUntil, terms, notes, lines, totals, sentAt, decidedAt, declineReason, createdAt, updatedAt, version
    }
}
