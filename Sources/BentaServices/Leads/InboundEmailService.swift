import BentaCore
import BentaFormats
import BentaStore
import Crypto
import Foundation

/// What became of an inbound email.
public struct InboundEmailResult: Sendable {
    public var message: StoredMessage
    /// True when the same message had arrived before; nothing new was stored.
    public var isDuplicate: Bool
    public var activityID: Activity.ID?
    public var accountID: Account.ID?
    public var contactID: Contact.ID?
    public var leadID: Lead.ID?
    public var createdLead: Bool
    public var attachmentCount: Int
}

/// Files emails that a mail server posts to Benta: on the sender's contact, else on their open lead, else as a new
/// lead (source "letter/email"). The same message posted twice is stored once.
public struct InboundEmailService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    public var limits = MailParser.Limits()

    public func receive(_ bytes: [UInt8], viewer: Viewer) async throws -> InboundEmailResult {
        let mail = try MailParser(limits: limits).parse(bytes)
        let key =
            mail.messageID.map { "id:\($0.lowercased())" }
            ?? "sha256:" + HexText.lowercase(SHA256.hash(data: Data(bytes)))
        return try await database.transaction { db in
            let messages = InboundMessageStore(db)
            if let existing = try await messages.find(key: key, companyID: viewer.companyID) {
                return InboundEmailResult(
                    message: existing, isDuplicate: true, activityID: nil, accountID: nil, contactID: nil, leadID: nil,
                    createdLead: false, attachmentCount: try await messages.attachments(of: existing.id).count)
            }
            let now = clock.now()
            let sender = mail.from.address.lowercased()
            let points = try await ContactPointStore(db).matches(
                companyID: viewer.companyID, kind: "email", value: sender)
            let holder = points.first { $0.contactID != nil } ?? points.first
            var leadID: Lead.ID?
            var createdLead = false
            if holder == nil {
                let open = try await LeadStore(db).openLeads(companyID: viewer.companyID, phone: nil, email: sender)
                if let lead = open.first {
                    leadID = lead.id
                } else {
                    var draft = LeadDraft()
                    draft.personName = mail.from.name ?? ""
                    if draft.personName.isEmpty { draft.personName = sender }
                    draft.email = mail.from.address
                    draft.source = LeadSource.letter.rawValue
                    draft.interest = String(mail.subject.prefix(500))
                    let made = try await LeadService.create(
                        draft, viewer: nil, companyID: viewer.companyID, byRouting: true, clock: clock, audit: audit,
                        db: db)
                    leadID = made.lead.id
                    createdLead = true
                }
            }
            let stored = StoredMessage(
                id: clock.newID(), companyID: viewer.companyID, messageKey: key, fromAddress: sender,
                fromName: mail.from.name, to: mail.to.map(\.address), cc: mail.cc.map(\.address),
                subject: mail.subject, sentAt: mail.date, receivedAt: now, textBody: mail.textBody,
                htmlBody: mail.htmlBody, sizeBytes: bytes.count)
            try await messages.insert(stored)
            for attachment in mail.attachments {
                try await messages.insertAttachment(
                    id: clock.newID(), messageID: stored.id, companyID: viewer.companyID,
                    filename: attachment.filename, contentType: attachment.contentType, data: attachment.data)
            }
            let activity = Activity(
                id: clock.newID(), companyID: viewer.companyID, kind: .email, direction: .inbound,
                subject: mail.subject.isEmpty ? "(no subject)" : String(mail.subject.prefix(300)),
                body: String(mail.bestText.prefix(20_000)), occurredAt: mail.date ?? now,
                accountID: holder?.accountID, contactID: holder?.contactID, leadID: leadID, messageID: stored.id,
                createdAt: now)
            try await ActivityStore(db).insert(activity)
            try await audit.record(
                "email.received", entityType: "inbound_message", entityID: stored.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["from": sender, "attachments": String(mail.attachments.count)], on: db)
            return InboundEmailResult(
                message: stored, isDuplicate: false, activityID: activity.id, accountID: holder?.accountID,
                contactID: holder?.contactID, leadID: leadID, createdLead: createdLead,
                attachmentCount: mail.attachments.count)
        }
    }
}
