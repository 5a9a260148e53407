import BentaCore
import Foundation
import SQLKit

/// Inbound emails and their attachments (bytes in the database, so every app server can serve them).
public struct InboundMessageStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The message stored under this key (Message-ID, or a hash of the bytes when it has none).
    public func find(key: String, companyID: Company.ID) async throws -> StoredMessage? {
        try await db.raw(
            "SELECT * FROM inbound_messages WHERE company_id = \(bind: companyID.description) AND message_key = \(bind: key)"
        ).first().map(Self.decode)
    }

    public func find(_ id: InboundMessage.ID, companyID: Company.ID) async throws -> StoredMessage? {
        try await db.raw(
            "SELECT * FROM inbound_messages WHERE company_id = \(bind: companyID.description) AND id = \(bind: id.description)"
        ).first().map(Self.decode)
    }

    public func insert(_ message: StoredMessage) async throws {
        try await db.raw(
            """
            INSERT INTO inbound_messages (id, company_id, message_key, from_address, from_name, to_addresses,
                cc_addresses, subject, sent_at, received_at, text_body, html_body, size_bytes)
            VALUES (\(bind: message.id.description), \(bind: message.companyID.description), \(bind: message.messageKey),
                \(bind: message.fromAddress), \(bind: message.fromName), \(bind: try jsonText(message.to)),
                \(bind: try jsonText(message.cc)), \(bind: message.subject), \(bind: message.sentAt?.millisecondsSince1970),
                \(bind: message.receivedAt.millisecondsSince1970), \(bind: message.textBody), \(bind: message.htmlBody),
                \(bind: Int64(message.sizeBytes)))
            """
        ).run()
    }

    public func insertAttachment(
        id: Identifier<StoredAttachment>, messageID: InboundMessage.ID, companyID: Company.ID, filename: String,
        contentType: String, data: [UInt8]
    ) async throws {
        try await db.raw(
            """
            INSERT INTO message_attachments (id, company_id, message_id, filename, content_type, size_bytes, data)
            VALUES (\(bind: id.description), \(bind: companyID.description), \(bind: messageID.description),
                \(bind: filename), \(bind: contentType), \(bind: Int64(data.count)), \(bind: Data(data)))
            """
        ).run()
    }

    public func attachments(of message: InboundMessage.ID) async throws -> [StoredAttachment] {
        try await db.raw(
            """
            SELECT id, message_id, filename, content_type, size_bytes FROM message_attachments
            WHERE message_id = \(bind: message.description) ORDER BY filename, id
            """
        ).all().map { row in
            StoredAttachment(
                id: try row.id("id"), messageID: try row.id("message_id"), filename: try row.string("filename"),
                contentType: try row.string("content_type"), sizeBytes: Int(try row.int64("size_bytes")))
        }
    }

    /// The bytes of one attachment of the company.
    public func attachmentData(
        _ id: Identifier<StoredAttachment>, companyID: Company.ID
    ) async throws
        -> (attachment: StoredAttachment, data: Data)?
    {
        guard
            let row = try await db.raw(
                """
                SELECT id, message_id, filename, content_type, size_bytes, data FROM message_attachments
                WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
                """
            ).first()
        else { return nil }
        let attachment = StoredAttachment(
            id: try row.id("id"), messageID: try row.id("message_id"), filename: try row.string("filename"),
            contentType: try row.string("content_type"), sizeBytes: Int(try row.int64("size_bytes")))
        return (attachment, try row.decode(column: "data", as: Data.self))
    }

    static func decode(_ row: any SQLRow) throws -> StoredMessage {
        StoredMessage(
            id: try row.id("id"), companyID: try row.id("company_id"), messageKey: try row.string("message_key"),
            fromAddress: try row.string("from_address"), fromName: try row.optionalString("from_name"),
            to: try row.strings("to_addresses"), cc: try row.strings("cc_addresses"),
            subject: try row.string("subject"), sentAt: try row.optionalDate("sent_at"),
            receivedAt: try row.date("received_at"), textBody: try row.optionalString("text_body"),
            htmlBody: try row.optionalString("html_body"), sizeBytes: Int(try row.int64("size_bytes")))
    }
}
