import BentaCore
import BentaServices
import Foundation

/// The optional body of `POST /api/v1/quotes/{id}/send` and `/api/v1/contracts/{id}/send`: the version the step is
/// based on and the email that takes the document to the customer (`to`, `subject`, `message`; each left out takes
/// the prefilled one). `"email": false` numbers and marks it sent without emailing (handed over by other means),
/// and then takes none of the email's members.
struct DocumentSendRequest: Decodable {
    static let allowedKeys: Set<String> = ["version", "to", "subject", "message", "email"]
    var version: Int64?
    var to: String?
    var subject: String?
    var message: String?
    var email: Bool?

    /// The email as the service reads it; nil with `"email": false`, when an email member sent with it is refused.
    func emailDraft() throws -> DocumentEmailDraft? {
        guard email == false else {
            return DocumentEmailDraft(to: to ?? "", subject: subject ?? "", message: message ?? "")
        }
        var errors = ValidationErrors()
        for (field, value) in [("to", to), ("subject", subject), ("message", message)] where value != nil {
            errors.add(field: field, code: "not_emailed", message: "Leave this out when the email is false.")
        }
        try errors.throwIfAny()
        return nil
    }
}
