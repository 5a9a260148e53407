import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The email that takes a quote or a contract to the customer when it is sent, as the sender chose it. An empty
/// field takes the prefilled value (``DocumentEmailForm``): the default recipient, the subject and the message in
/// the document's language. `{number}` in the subject or message becomes the number the document is given.
public struct DocumentEmailDraft: Sendable, Hashable {
    /// The recipient's address.
    public var to = ""
    public var subject = ""
    public var message = ""

    public init(to: String = "", subject: String = "", message: String = "") {
        self.to = to
        self.subject = subject
        self.message = message
    }
}

/// The send form of a quote or contract, prefilled: the account's contacts that have an email address (the
/// document's own contact first, the default recipient), the subject and the message.
public struct DocumentEmailForm: Sendable, Hashable {
    /// One contact address the document can go to.
    public struct Recipient: Sendable, Hashable {
        public var contactID: Contact.ID?
        public var name: String
        public var address: String
    }

    public var recipients: [Recipient]
    /// The default recipient's address; empty when the account has none.
    public var to: String
    public var subject: String
    public var message: String
}

/// A document email checked and ready: the recipient (and their contact, when it is one of the account's), the
/// subject and the message, `{number}` still to fill.
struct ResolvedDocumentEmail: Sendable {
    var to: MailAddress
    var contactID: Contact.ID?
    var subject: String
    var message: String
}

/// What a quote or contract email needs from the document: its kind, the seller and the wording's facts.
struct DocumentEmailFacts: Sendable {
    enum Kind: String { case quote, contract }

    var kind: Kind
    var sellerName: String
    /// The contract's title; unused for a quote.
    var title: String
    /// The quote's total with tax; unused for a contract.
    var total: String
    /// The quote's validity date; unused for a contract.
    var validUntil: String
}

/// The shared steps of emailing a quote or contract as it is sent: the recipients, the prefilled wording in
/// English or Filipino, the recipient's check before anything changes, and the queued email with its activity.
enum DocumentEmail {
    /// The account's active contacts with an email address (`preferred` first), then the account's own address.
    static func recipients(
        accountID: Account.ID, preferred: Contact.ID?, viewer: Viewer, db: StoreConnection
    ) async throws -> [DocumentEmailForm.Recipient] {
        let contacts = try await ContactStore(db).list(
            viewer: viewer, filter: ContactFilter(accountID: accountID), page: PageRequest(limit: 50)
        ).items
        var result: [DocumentEmailForm.Recipient] = []
        for contact in contacts.sorted(by: { ($0.id == preferred ? 0 : 1) < ($1.id == preferred ? 0 : 1) }) {
            for email in contact.fields.emails where !result.contains(where: { $0.address == email.value }) {
                result.append(.init(contactID: contact.id, name: contact.fields.name, address: email.value))
            }
        }
        if let account = try await AccountStore(db).find(accountID, viewer: viewer), let email = account.fields.email,
            !result.contains(where: { $0.address == email.value })
        {
            result.append(.init(contactID: nil, name: account.fields.name, address: email.value))
        }
        return result
    }

    /// The prefilled form in `language`, addressed to the first recipient.
    static func form(
        _ facts: DocumentEmailFacts, recipients: [DocumentEmailForm.Recipient], language: LanguageCode
    ) -> DocumentEmailForm {
        let first = recipients.first
        let wording = wording(facts, name: first?.name ?? "", language: language)
        return DocumentEmailForm(
            recipients: recipients, to: first?.address ?? "", subject: wording.subject, message: wording.message)
    }

    /// The subject and message with `{number}` left for the number the document is given when sent.
    static func wording(
        _ facts: DocumentEmailFacts, name: String, language: LanguageCode
    ) -> (subject: String, message: String) {
        let seller = facts.sellerName
        let greeting = name.isEmpty ? "" : " \(name)"
        switch (facts.kind, language) {
        case (.quote, .filipino):
            return (
                "Quotation {number} mula sa \(seller)",
                "Magandang araw po\(greeting)!\n\nKalakip po ang aming quotation {number} na nagkakahalaga ng "
                    + "\(facts.total), may bisa hanggang \(facts.validUntil).\n\nSalamat po,\n\(seller)\n"
            )
        case (.quote, _):
            return (
                "Quotation {number} – \(seller)",
                "Dear\(name.isEmpty ? " customer" : greeting),\n\nPlease find attached our quotation {number} for "
                    + "\(facts.total), valid until \(facts.validUntil).\n\nThank you,\n\(seller)\n"
            )
        case (.contract, .filipino):
            return (
                "Kontrata {number}: \(facts.title) – \(seller)",
                "Magandang araw po\(greeting)!\n\nKalakip po ang kontrata {number}, \(facts.title), para sa inyong "
                    + "pagsusuri at paglagda.\n\nSalamat po,\n\(seller)\n"
            )
        case (.contract, _):
            return (
                "Contract {number}: \(facts.title) – \(seller)",
                "Dear\(name.isEmpty ? " customer" : greeting),\n\nPlease find attached contract {number}, "
                    + "\(facts.title), for your review and signature.\n\nThank you,\n\(seller)\n"
            )
        }
    }

    /// The email as it will be sent: the recipient (typed, else the default), the subject and the message (typed,
    /// else prefilled). Refuses (field `to`, `subject`, `message`) before anything is changed or numbered.
    static func resolve(
        _ draft: DocumentEmailDraft, form: DocumentEmailForm
    ) throws(ValidationErrors) -> ResolvedDocumentEmail {
        var errors = ValidationErrors()
        let typed = draft.to.trimmingCharacters(in: .whitespacesAndNewlines)
        var recipient: MailAddress?
        var contactID: Contact.ID?
        if typed.isEmpty && form.to.isEmpty {
            errors.add(
                field: "to", code: "no_recipient",
                message: "No contact of this account has an email address; add one to a contact or enter one.")
        } else if let parsed = MailAddress(parsing: typed.isEmpty ? form.to : typed) {
            let known = form.recipients.first { $0.address.lowercased() == parsed.address.lowercased() }
            recipient = MailAddress(name: parsed.name ?? known?.name, address: parsed.address)
            contactID = known?.contactID
        } else {
            errors.add(field: "to", code: "invalid_email", message: "Enter an email address.")
        }
        let subjectText = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = subjectText.isEmpty ? form.subject : subjectText
        if subject.count > 200 {
            errors.add(field: "subject", code: "too_long", message: "Keep the subject to 200 characters.")
        }
        if subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.add(field: "subject", code: "control_character", message: "Line breaks are not allowed here.")
        }
        let messageText = draft.message.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = messageText.isEmpty ? form.message : draft.message
        if message.count > 10_000 {
            errors.add(field: "message", code: "too_long", message: "Keep the message to 10,000 characters.")
        }
        try errors.throwIfAny()
        guard let recipient else { throw errors }
        return ResolvedDocumentEmail(to: recipient, contactID: contactID, subject: subject, message: message)
    }

    /// Queues the email with the document's PDF on `db` (the sending transaction) and logs it on the account's
    /// timeline as an outbound email ("Quote Q-2026-000001 sent to …"); returns the outbox message.
    static func queue(
        _ kind: DocumentEmailFacts.Kind, id: String, number: String, accountID: Account.ID,
        email: ResolvedDocumentEmail, pdf: [UInt8], outbox: OutboxService,
        viewer: Viewer, clock: AppClock, db: StoreConnection
    ) async throws -> OutboxMessage {
        let fill = { (text: String) in text.replacingOccurrences(of: "{number}", with: number) }
        let subject = fill(email.subject)
        let message = try await outbox.enqueue(
            OutgoingEmail(
                companyID: viewer.companyID, kind: kind.rawValue, relatedType: kind.rawValue, relatedID: id,
                to: [email.to], subject: subject, textBody: fill(email.message),
                attachments: [MailAttachment(filename: "\(number).pdf", contentType: "application/pdf", data: pdf)],
                queuedBy: viewer.userID),
            on: db)
        let now = clock.now()
        let label = kind == .quote ? "Quote" : "Contract"
        let to = sentTo(email.to)
        // The entry's subject is also a message key (`activity_quote_sent`, `activity_contract_sent`): pages show
        // it in the reader's language; the English stored is `en.json`'s text filled.
        try await ActivityStore(db).insert(
            Activity(
                id: clock.newID(), companyID: viewer.companyID, kind: .email, direction: .outbound,
                subject: "\(label) \(number) sent to \(to)", body: subject, occurredAt: now, accountID: accountID,
                contactID: email.contactID, userID: viewer.userID,
                systemText: SystemText("activity_\(kind.rawValue)_sent", ["number": number, "to": to]),
                createdAt: now))
        return message
    }

    /// "Maria Santos <maria@example.ph>", or the address alone.
    static func sentTo(_ address: MailAddress) -> String {
        address.name.map { "\($0) <\(address.address)>" } ?? address.address
    }
}

/// One sending of a quote or contract by email, as its audit row tells it: when, to whom, under which number.
public struct DocumentEmailSent: Sendable, Hashable {
    public var sentAt: Date
    public var to: String
    public var number: String
}

extension DocumentEmail {
    /// The emailed sendings (`action` rows carrying a recipient) of one record, newest first.
    static func sent(
        entityType: String, entityID: String, action: String, companyID: Company.ID, db: StoreConnection
    ) async throws -> [DocumentEmailSent] {
        struct Details: Decodable {
            var to: String?
            var number: String?
        }
        return try await AuditStore(db).history(companyID: companyID, entityType: entityType, entityID: entityID)
            .compactMap { event in
                guard event.action == action,
                    let details = try? JSONDecoder().decode(Details.self, from: Data(event.details.utf8)),
                    let to = details.to
                else { return nil }
                return DocumentEmailSent(sentAt: event.occurredAt, to: to, number: details.number ?? "")
            }
    }
}
