import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension QuoteService {
    /// The quote's send form, prefilled in `language`: the account's contacts with an email address (the quote's
    /// contact first, the default recipient), the subject and the message.
    public func emailForm(_ id: Quote.ID, language: LanguageCode, viewer: Viewer) async throws -> DocumentEmailForm {
        let document = try await document(id, viewer: viewer)
        return try await emailForm(document, language: language, viewer: viewer)
    }

    func emailForm(_ document: Document, language: LanguageCode, viewer: Viewer) async throws -> DocumentEmailForm {
        let quote = document.quote
        let recipients = try await database.read { db in
            try await DocumentEmail.recipients(
                accountID: quote.accountID, preferred: quote.fields.contactID, viewer: viewer, db: db)
        }
        let total = document.totals.totalWithTax
        let facts = DocumentEmailFacts(
            kind: .quote, sellerName: document.seller.name, title: "",
            total: "\(total.currency.code) \(MoneyFormatter().formatPlain(total))",
            validUntil: quote.fields.validUntil.iso8601String)
        return DocumentEmail.form(facts, recipients: recipients, language: language)
    }

    /// Sends a draft to the customer: numbers and freezes it (as ``send(_:viewer:expectedVersion:)``) and, in the
    /// same transaction, queues the email with the quote's PDF in the outbox (retried there until the server takes
    /// it) and logs "Quote … sent to …" on the account's timeline. An empty field of `email` takes the prefilled
    /// one (``emailForm(_:language:viewer:)``, in `language`).
    ///
    /// No address to send to (`to`, `no_recipient`), a bad address or outgoing email not set up
    /// (`email_not_configured`) refuse the whole step: nothing is numbered, changed or queued.
    public func send(
        _ id: Quote.ID, email: DocumentEmailDraft, language: LanguageCode, outbox: OutboxService, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> Quote {
        let document = try await document(id, viewer: viewer)
        // A quote that cannot be sent is refused by the core below (409), before its email is looked at.
        var resolved: ResolvedDocumentEmail?
        if document.quote.allowedActions(today: document.today).contains(.send) {
            resolved = try DocumentEmail.resolve(
                email, form: try await emailForm(document, language: language, viewer: viewer))
        }
        let chosen = resolved
        let (clock, seller) = (clock, document.seller)
        let (account, contact) = (document.account, document.contact)
        return try await numberAndSend(
            id, viewer: viewer, expectedVersion: expectedVersion,
            email: { quote, db in
                guard let chosen, let number = quote.number else { return }
                let sent = QuoteDocument(
                    quote: quote, seller: seller, account: account, contact: contact, totals: try quote.totals(),
                    today: quote.issueDate ?? document.today)
                _ = try await DocumentEmail.queue(
                    .quote, id: quote.id.description, number: number, accountID: quote.accountID, email: chosen,
                    pdf: QuotePDF.render(sent, creationDate: clock.now()), outbox: outbox, viewer: viewer,
                    clock: clock, db: db)
            }, details: resolved.map { ["to": $0.to.address] } ?? [:])
    }
}

extension QuoteService {
    /// Whom the quote was emailed to when it was sent (empty when it was not emailed); 404 when the viewer may not
    /// see it.
    public func sentTo(_ id: Quote.ID, viewer: Viewer) async throws -> [DocumentEmailSent] {
        _ = try await quote(id, viewer: viewer)
        return try await database.read { db in
            try await DocumentEmail.sent(
                entityType: "quote", entityID: id.description, action: "quote.sent", companyID: viewer.companyID,
                db: db)
        }
    }
}
