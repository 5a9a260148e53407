import Foundation

extension PaymentTerms {
    /// Reads typed or coded terms (``parse(_:)``) for an input `field`; when the text is not terms, adds `code` on
    /// `field` to `errors` and returns nil. Invoices, their default in the invoicing settings and contracts all read
    /// their terms here.
    ///
    /// - Parameters:
    ///   - code: `invalid_terms` (invoices and settings, as documented); contracts answer `invalid_payment_terms`.
    ///   - message: what the error says; the default names the common forms.
    public static func parse(
        _ text: String, field: String, code: String = "invalid_terms",
        message: String = "Use terms such as due_on_receipt, net_30 or eom_15.", into errors: inout ValidationErrors
    ) -> PaymentTerms? {
        if let terms = parse(text) { return terms }
        errors.add(field: field, code: code, message: message)
        return nil
    }
}
