import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension InvoiceService {
    /// Queues the issued invoice (or credit note) for the customer: the PDF attached, the UBL file too on request,
    /// to the billing contact unless addresses are given. The message and the audit row commit together; the
    /// outbox worker sends it with retries, so an SMTP outage loses nothing and sends nothing twice.
    public func email(
        _ id: Invoice.ID, to addresses: [String]?, includeUBL: Bool, outbox: OutboxService, viewer: Viewer
    ) async throws -> OutboxMessage {
        let document = try await document(id, viewer: viewer)
        let invoice = document.invoice
        guard invoice.status == .issued, let number = invoice.number else {
            throw RecordError.conflict(code: "invoice_not_issued", detail: "Issue the invoice before sending it.")
        }
        var errors = ValidationErrors()
        var recipients: [MailAddress] = []
        let requested = addresses ?? document.buyer.email.map { [$0] } ?? []
        if requested.isEmpty {
            errors.add(
                field: "to", code: "no_recipient",
                message: "The billing contact has no email address; give one or add it to the contact.")
        }
        for (index, text) in requested.enumerated() {
            if let address = MailAddress(parsing: text) {
                recipients.append(
                    addresses == nil ? MailAddress(name: document.buyer.contactName, address: address.address) : address
                )
            } else {
                errors.add(field: "to[\(index)]", code: "invalid_email", message: "Enter an email address.")
            }
        }
        try errors.throwIfAny()
        var attachments = [
            MailAttachment(filename: "\(number).pdf", contentType: "application/pdf", data: pdf(document))
        ]
        if includeUBL {
            attachments.append(
                MailAttachment(
                    filename: "\(number).xml", contentType: "application/xml", data: Array(try ubl(document).utf8)))
        }
        let isCredit = invoice.kind == .creditNote
        let money = MoneyFormatter()
        let total = "\(invoice.fields.currency.code) \(money.formatPlain(document.totals.totalWithTax))"
        var body = "Dear \(document.buyer.contactName ?? document.buyer.name),\n\n"
        body +=
            isCredit
            ? "Please find attached our credit note \(number) for \(total).\n"
            : "Please find attached our invoice \(number) for \(total), due on "
                + "\(invoice.dueDate?.iso8601String ?? "receipt") (\(invoice.fields.paymentTerms.description)).\n"
        if let reference = invoice.paymentReference, !isCredit {
            body += "When you pay, please quote the reference \(CreditorReference.printed(reference)).\n"
        }
        body += "\nThank you,\n\(document.seller.name)\n"
        let email = OutgoingEmail(
            companyID: viewer.companyID, kind: isCredit ? "credit_note" : "invoice", relatedType: "invoice",
            relatedID: invoice.id.description, to: recipients,
            subject: "\(isCredit ? "Credit note" : document.settings.title) \(number) – \(document.seller.name)",
            textBody: body, attachments: attachments, queuedBy: viewer.userID)
        let audit = audit
        let sentTo = recipients.map(\.address).joined(separator: ", ")
        return try await database.transaction { db in
            let message = try await outbox.enqueue(email, on: db)
            try await audit.record(
                "invoice.emailed", entityType: "invoice", entityID: invoice.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["to": sentTo, "outbox_id": message.id.description],
                on: db)
            return message
        }
    }
}
