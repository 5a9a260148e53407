import BentaCore
import BentaStore
import Foundation

/// Quotes: drafted from a deal, edited while draft, numbered from the gapless series when sent, then accepted
/// (which can win the deal) or declined; a sent quote past its validity date shows as expired.
public struct QuoteService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// How long a new quote holds, in days.
    public static let defaultValidityDays = 30
    /// The terms a new quote starts with, in the language of the user who draws it up (a quote has no language of
    /// its own: it is written and sent in its author's). Terms a user typed are kept as typed.
    public static func defaultTerms(_ language: LanguageCode) -> String {
        switch language {
        case .english: "Payment: 30 days from the invoice date. Prices are valid until the date above."
        case .filipino:
            "Bayad: 30 araw mula sa petsa ng invoice. May bisa ang mga presyo hanggang sa petsang nakasaad sa itaas."
        }
    }

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
        try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
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
            let language = try await UserStore(db).find(viewer.userID)?.language ?? .english
            let fields = QuoteFields(
                contactID: deal.fields.contactIDs.first, currency: deal.fields.amount.currency,
                pricesIncludeTax: deal.fields.pricesIncludeTax,
                validUntil: today.adding(days: Self.defaultValidityDays), terms: Self.defaultTerms(language),
                lines: lines)
            let quote = Quote(
                id: clock.newID(), companyID: viewer.companyID, dealID: deal.id, accountID: deal.fields.accountID,
                ownerID: deal.fields.ownerID, fields: fields, createdBy: viewer.userID, createdAt: now,
                updatedAt: now, version: 1)
            _ = try LineResolver.totals(lines, currency: fields.currency, pricesIncludeTax: fields.pricesIncludeTax)
            try await QuoteStore(db).insert(quote)
            try await audit.record(
                "quote.created", entityType: "quote", entityID: quote.id.description, companyID: viewer.companyID,
                by: viewer, details: ["deal_id": deal.id.description], created: quote, on: db)
            return quote
        }
    }

    /// Changes a draft; a sent quote is a document and refuses changes (409 `quote_not_editable`). A line whose
    /// discount is above the company's limit, from a role without the duty, is saved awaiting approval.
    public func update(
        _ id: Quote.ID, draft: QuoteDraft, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Quote {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { quote, context in
            try quote.checkEditable()
            var fields = try draft.apply(to: quote.fields)
            if let contact = fields.contactID, contact != quote.fields.contactID {
                let found = try await ContactStore(context.db).find(contact, viewer: viewer)
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
                    pricesIncludeTax: fields.pricesIncludeTax, db: context.db)
            } else if fields.pricesIncludeTax != quote.fields.pricesIncludeTax && !fields.lines.isEmpty {
                var errors = ValidationErrors()
                errors.add(
                    field: "lines", code: "reprice_required",
                    message: "Send the lines again when you change the price mode.")
                throw errors
            }
            _ = try LineResolver.totals(
                fields.lines, currency: fields.currency, pricesIncludeTax: fields.pricesIncludeTax)
            let previous = quote.fields.lines
            quote.fields = fields
            // A discount above the limit waits for a head's approval (QuoteService+DiscountApprovals).
            var requested = 0
            if draft.lines != nil {
                requested = try await Self.syncDiscountApprovals(
                    quote: quote, lines: fields.lines, previous: previous, viewer: viewer, now: context.now,
                    clock: clock, db: context.db)
            }
            return AuditEntry(
                "quote.updated", details: requested > 0 ? ["discount_approvals_requested": String(requested)] : [:])
        }
    }

    /// Marks a draft as sent without emailing it (handed over in person, sent by other means): checks it is
    /// complete, then takes the next number of the quote series in the same transaction (a rollback hands the
    /// number back), dates it today and freezes it. ``send(_:email:language:outbox:viewer:expectedVersion:)``
    /// also emails it.
    public func send(_ id: Quote.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Quote {
        try await numberAndSend(id, viewer: viewer, expectedVersion: expectedVersion, email: nil)
    }

    /// The send step in one transaction: the number, the frozen quote, then `email` (which may refuse and so roll
    /// everything back, the number with it) whose details join the `quote.sent` audit row.
    func numberAndSend(
        _ id: Quote.ID, viewer: Viewer, expectedVersion: Int64?,
        email: (@Sendable (Quote, StoreConnection) async throws -> Void)?,
        details: [String: String] = [:]
    ) async throws -> Quote {
        let today = try await today(viewer: viewer)
        let changes = changes
        return try await database.transaction { db in
            // The number is taken first so that the save can store its sequence; anything refused below rolls the
            // transaction back and hands the number back with it.
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .quote, date: today, now: changes.clock.now())
            let quote = try await changes.change(
                Self.changeTarget(id, viewer: viewer, sequence: number.sequence), expectedVersion: expectedVersion,
                by: viewer, on: db
            ) { quote, context in
                try await Self.checkNoDiscountAwaiting(quote, companyID: viewer.companyID, db: context.db)
                try quote.send(number: number.text, today: today, now: context.now)
                return AuditEntry("quote.sent", details: details.merging(["number": number.text]) { $1 })
            }
            try await email?(quote, db)
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
        let (changes, clock) = (changes, clock)
        return try await database.transaction { db in
            let quote = try await changes.change(
                Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, on: db
            ) { quote, context in
                try quote.accept(today: today, now: context.now)
                return AuditEntry("quote.accepted", details: ["number": quote.number ?? ""])
            }
            if winDeal, let deal = try await DealStore(db).find(quote.dealID, viewer: viewer), deal.status != .won,
                let pipeline = pipelines.first(where: { $0.id == deal.pipelineID }),
                let won = pipeline.stages.first(where: { $0.outcome == .won })
            {
                _ = try await changes.change(
                    DealService.changeTarget(deal.id, viewer: viewer), expectedVersion: nil, by: viewer, on: db,
                    mutate: DealService.stageMove(
                        to: won.id, lostReason: nil, pipelines: pipelines, viewer: viewer, clock: clock))
            }
            return quote
        }
    }

    /// Records the customer's no, with their reason if given.
    public func decline(
        _ id: Quote.ID, reason: String?, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Quote {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { quote, context in
            try quote.decline(reason: reason, now: context.now)
            return AuditEntry("quote.declined", details: ["number": quote.number ?? ""])
        }
    }

    /// The quote as the change path loads (visible, locked) and saves it; lines are rewritten only when they
    /// changed, and `sequence` is the number series position a quote being sent takes.
    static func changeTarget(_ id: Quote.ID, viewer: Viewer, sequence: Int64? = nil) -> ChangeTarget<Quote> {
        ChangeTarget(
            entity: "quote", load: { db in try await QuoteStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { quote, loaded, db in
                try await QuoteStore(db).update(
                    quote, expectedVersion: loaded.version, sequence: sequence,
                    linesChanged: quote.fields.lines != loaded.fields.lines)
            })
    }
}
