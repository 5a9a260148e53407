import Foundation

/// The contact a quote's or an invoice's draft names: the one reading of its `contact_id` text, shared by both.
enum DocumentContact {
    /// Applies `text` (nil: unchanged) to `contactID`: blank clears it, an id sets it, anything else is an error on
    /// `contact_id`. Whether the contact belongs to the account is the caller's check (it needs the database).
    static func apply(_ text: String?, to contactID: inout Contact.ID?, errors: inout ValidationErrors) {
        guard let text else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            contactID = nil
        } else if let id = Contact.ID(string: trimmed) {
            contactID = id
        } else {
            errors.add(field: "contact_id", code: "invalid_id", message: "Choose a contact of the account.")
        }
    }
}
