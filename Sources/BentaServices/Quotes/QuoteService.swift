import BentaCore
import BentaStore
import Foundation
import SQLKit

/// Quotes: drafted from a deal, edited while draft, numbered from the gapless series when sent, then accepted
/// (which can win the deal) or declined; a sent quote past its validity date shows as expired.
public struct QuoteService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// How long a new quote holds, in days.
    public static let defaultValidityDays = 30
    /// The terms a new quote starts with.
    public static let defaultTerms = "Payment: 30 days from the invoice date. Prices are valid until the date above."

    public func quote(_ id: Quote.ID, viewer: Viewer) async throws -> Quote {
        guard let quote = try await database.read({ db in try await QuoteStore(db).find(id, viewer: viewer) }) else {
            throw RecordError.notFound(entity: "quote")
        }
        return quote
    }

    public func list(viewer: Viewer, filter: QuoteFilter, page: PageRequest) async throws -> Page<Quote> {
        var filter = filter
        if filter.today == nil { filter.today = try await today(viewer: viewer) }
        let ready = filter
        return try await database.read { db in try await QuoteStore(db).list(viewer: viewer, filter: ready, page: page)
        }
    }

    /// The company's date today, which decides whether a sent quote has expired.
    public func today(viewer: Viewer) async throws -> CalendarDate {
        guard let company = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) }) else {
            throw RecordError.notFound(entity: "company")
        }
        return CalendarDate.from(clock.now(), in: company.settings.timeZone)
    }

    /// A draft quote from a deal: its lines (or one line for a plain amount), currency, price mode and first
    /// contact; valid for `defaultValidityDays`.
    public func create(fromDeal dealID: Deal.ID, viewer: Viewer) async throws -> Quote {
        let today = try await today(viewer: viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard let deal = try await DealStore(db).find(dealID, viewer: viewer) else {
                var errors = ValidationErrors()
                errors.add(field: "deal_id", code: "invalid_deal", message: "Choose a deal you can see.")
                throw errors
            }
            var lines = deal.fields.lines
            if lines.isEmpty {
                lines = [
                    LineItem(
                        line: DocumentLine(
                            description: deal.fields.title, quantity: 1, unit: "lot",
                            unitPrice: deal.fields.amount.decimalValue, taxCategory: .vatable,
                            ratePercent: LineResolver.standardRatePercent))
                ]
            }
            let now = clock.now()
            let fields = QuoteFields(
                contactID: deal.fields.contactIDs.first, currency: deal.fields.amount.currency,
                pricesIncludeTax: deal.fields.pricesIncludeTax,
                validUntil: today.adding(days: Self.defaultValidityDays), terms: Self.defaultTerms, lines: lines)
            let quote = Quote(
                id: clock.newID(), companyID: viewer.companyID, dealID: deal.id, accountID: deal.fields.accountID,
                ownerID: deal.fields.ownerID, fields: fields, createdBy: viewer.userID, createdAt: now,
                updatedAt: now, version: 1)
            _ = try LineResolver.totals(lines, currency: fields.currency, pricesIncludeTax: fields.pricesIncludeTax)
            try await QuoteStore(db).insert(quote)
            try await audit.record(
                "quote.created", entityType: "quote", entityID: quote.id.description, companyID: viewer.companyID,
                actor: viewer.userID, details: ["deal_id": deal.id.description], on: db)
            return quote
        }
    }

    /// Changes a draft; a sent quote is a document and refuses changes (409 `quote_not_editable`).
    public func update(
        _ id: Quote.ID, draft: QuoteDraft, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Quote {
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = QuoteStore(db)
            guard var quote = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "quote")
            }
            let expected = try RecordError.checkVersion(expectedVersion, current: quote.version, entity: "quote")
            guard quote.status == .draft else {
                throw RecordError.conflict(
                    code: "quote_not_editable",
                    detail: "Quote \(quote.number ?? "") was sent and can no longer change; make a new quote instead.")
            }
            let previousLines = quote.fields.lines
            var fields = try draft.apply(to: quote.fields)
            if let contact = fields.contactID, contact != quote.fields.contactID {
                let found = try await ContactStore(db).find(contact, viewer: viewer)
                if found?.fields.accountID != quote.accountID {
                    var errors = ValidationErrors()
                    errors.add(
                        field: "contact_id", code: "invalid_contact", message: "Choose a contact of the account.")
                    throw errors
                }
            }
            if let lines = draft.lines {
                fields.lines = try await LineResolver.resolve(
                    lines, companyID: viewer.companyID, currency: fields.currency,
                    pricesIncludeTax: fields.pricesIncludeTax, db: db)
            } else if fields.pricesIncludeTax != quote.fields.pricesIncludeTax && !fields.lines.isEmpty {
                var errors = ValidationErrors()
                errors.add(
                    field: "lines", code: "reprice_required",
                    message: "Send the lines again when you change the price mode.")
                throw errors
            }
            _ = try LineResolver.totals(
                fields.lines, currency: fields.currency, pricesIncludeTax: fields.pricesIncludeTax)
            quote.fields = fields
            quote.updatedAt = clock.now()
            quote.version += 1
            guard
                try await store.update(
                    quote, expectedVersion: expected, linesChanged: fields.lines != previousLines)
            else { throw RecordError.staleVersion(entity: "quote", expected: expected, actual: expected + 1) }
            try await audit.record(
                "quote.updated", entityType: "quote", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, on: db)
            return quote
        }
    }

    /// Sends a draft: checks it is complete, then takes the next number of the quote series in the same
    /// transaction (a rollback hands the number back), dates it today and freezes it.
    public func send(_ id: Quote.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Quote {
        let today = try await today(viewer: viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = QuoteStore(db)
            guard var quote = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "quote")
            }
            let expected = try RecordError.checkVersion(expectedVersion, current: quote.version, entity: "quote")
            guard quote.status == .draft else {
                throw RecordError.conflict(
                    code: "quote_already_sent", detail: "Quote \(quote.number ?? "") has already been sent.")
            }
            var errors = ValidationErrors()
            if quote.fields.lines.isEmpty {
                errors.add(field: "lines", code: "required", message: "Add at least one line before sending.")
            }
            if quote.fields.validUntil < today {
                errors.add(
                    field: "valid_until", code: "in_the_past", message: "The validity date must be today or later.")
            }
            try errors.throwIfAny()
            let now = clock.now()
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .quote, date: today, now: now)
            quote.number = number.text
            quote.status = .sent
            quote.issueDate = today
            quote.sentAt = now
            quote.updatedAt = now
            quote.version += 1
            guard try await store.update(quote, expectedVersion: expected, sequence: number.sequence) else {
                throw RecordError.staleVersion(entity: "quote", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "quote.sent", entityType: "quote", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, details: ["number": number.text], on: db)
            return quote
        }
    }

    /// Records the customer's yes; with `winDeal` the deal moves to its pipeline's won stage in the same
    /// transaction. An expired quote must be renewed (a new quote) first.
    public func accept(
        _ id: Quote.ID, winDeal: Bool, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Quote {
        let today = try await today(viewer: viewer)
        let pipelines = try await DealService(database: database, clock: clock, audit: audit).pipelines(viewer: viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            var quote = try await Self.decidable(id, viewer: viewer, expectedVersion: expectedVersion, db: db)
            if quote.fields.validUntil < today {
                throw RecordError.conflict(
                    code: "quote_expired",
                    detail: "Quote \(quote.number ?? "") expired on \(quote.fields.validUntil); make a new quote.")
            }
            let expected = quote.version
            let now = clock.now()
            quote.status = .accepted
            quote.decidedAt = now
            quote.updatedAt = now
            quote.version += 1
            guard try await QuoteStore(db).update(quote, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "quote", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "quote.accepted", entityType: "quote", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, details: ["number": quote.number ?? ""], on: db)
            if winDeal, let deal = try await DealStore(db).find(quote.dealID, viewer: viewer), deal.status != .won,
                let pipeline = pipelines.first(where: { $0.id == deal.pipelineID }),
                let won = pipeline.stages.first(where: { $0.outcome == .won })
            {
                _ = try await DealService.move(
                    deal.id, to: won.id, lostReason: nil, viewer: viewer, expectedVersion: nil, pipelines: pipelines,
                    clock: clock, audit: audit, db: db)
            }
            return quote
        }
    }

    /// Records the customer's no, with their reason if given.
    public func decline(
        _ id: Quote.ID, reason: String?, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Quote {
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            var quote = try await Self.decidable(id, viewer: viewer, expectedVersion: expectedVersion, db: db)
            var errors = ValidationErrors()
            let reason = Validate.optionalText(reason ?? "", field: "reason", maxLength: 500, into: &errors)
            try errors.throwIfAny()
            let expected = quote.version
            let now = clock.now()
            quote.status = .declined
            quote.declineReason = reason
            quote.decidedAt = now
            quote.updatedAt = now
            quote.version += 1
            guard try await QuoteStore(db).update(quote, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "quote", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "quote.declined", entityType: "quote", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, details: ["number": quote.number ?? ""], on: db)
            return quote
        }
    }

    /// A sent quote at the caller's version, locked for the decision.
    private static func decidable(
        _ id: Quote.ID, viewer: Viewer, expectedVersion: Int64?, db: any SQLDatabase
    ) async throws -> Quote {
        guard let quote = try await QuoteStore(db).find(id, viewer: viewer, forUpdate: true) else {
            throw RecordError.notFound(entity: "quote")
        }
        _ = try RecordError.checkVersion(expectedVersion, current: quote.version, entity: "quote")
        switch quote.status {
        case .sent: return quote
        case .draft:
            throw RecordError.conflict(code: "quote_not_sent", detail: "Send the quote before recording an answer.")
        case .accepted, .declined:
            throw RecordError.conflict(
                code: "quote_already_decided",
                detail: "Quote \(quote.number ?? "") was already \(quote.status.rawValue).")
        }
    }
}
