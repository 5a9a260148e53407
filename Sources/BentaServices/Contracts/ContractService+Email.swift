import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension ContractService {
    /// The contract's send form, prefilled in the contract's language: the account's contacts with an email
    /// address (the signatory first, the default recipient), the subject and the message.
    public func emailForm(_ id: Contract.ID, viewer: Viewer) async throws -> DocumentEmailForm {
        try await emailForm(try await contract(id, viewer: viewer), viewer: viewer)
    }

    func emailForm(_ contract: Contract, viewer: Viewer) async throws -> DocumentEmailForm {
        let parties = try await parties(of: contract, viewer: viewer)
        let recipients = try await database.read { db in
            try await DocumentEmail.recipients(
                accountID: contract.fields.accountID, preferred: contract.fields.signatoryContactID, viewer: viewer,
                db: db)
        }
        let facts = DocumentEmailFacts(
            kind: .contract, sellerName: parties.sellerName, title: contract.fields.title, total: "", validUntil: "")
        return DocumentEmail.form(facts, recipients: recipients, language: contract.fields.language)
    }

    /// draft → sent, to the customer: numbers and freezes the contract (as ``send(_:viewer:expectedVersion:)``)
    /// and, in the same transaction, queues the email with the contract's PDF in the outbox (retried there until the
    /// server takes it) and logs "Contract … sent to …" on the account's timeline. An empty field of `email` takes
    /// the prefilled one (``emailForm(_:viewer:)``).
    ///
    /// No address to send to (`to`, `no_recipient`), a bad address or outgoing email not set up
    /// (`email_not_configured`) refuse the whole step: nothing is numbered, changed or queued.
    public func send(
        _ id: Contract.ID, email: DocumentEmailDraft, outbox: OutboxService, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Contract {
        let contract = try await contract(id, viewer: viewer)
        // A contract that cannot be sent is refused by the core below (409), before its email is looked at.
        var resolved: ResolvedDocumentEmail?
        if contract.allowedActions.contains(.send) {
            resolved = try DocumentEmail.resolve(email, form: try await emailForm(contract, viewer: viewer))
        }
        let chosen = resolved
        let clock = clock
        return try await transition(
            id, viewer: viewer, expectedVersion: expectedVersion, action: "sent",
            apply: Self.sendStep(
                viewer: viewer, clock: clock, details: resolved.map { ["to": $0.to.address] } ?? [:]),
            then: { sent, db in
                guard let chosen, let number = sent.number, let parties = sent.parties else { return }
                _ = try await DocumentEmail.queue(
                    .contract, id: sent.id.description, number: number, accountID: sent.fields.accountID,
                    email: chosen, pdf: ContractPDF.render(sent, parties: parties, amendments: [], now: clock.now()),
                    outbox: outbox, viewer: viewer, clock: clock, db: db)
            })
    }
}

extension ContractService {
    /// Whom the contract was emailed to when it was sent (empty when it was not emailed); 404 when the viewer may
    /// not see it.
    public func sentTo(_ id: Contract.ID, viewer: Viewer) async throws -> [DocumentEmailSent] {
        _ = try await contract(id, viewer: viewer)
        return try await database.read { db in
            try await DocumentEmail.sent(
                entityType: "contract", entityID: id.description, action: "contract.sent",
                companyID: viewer.companyID, db: db)
        }
    }
}
