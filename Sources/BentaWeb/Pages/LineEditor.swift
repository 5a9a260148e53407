import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The lines card of a deal or quote page: the priced lines with their totals and, while the document may change,
/// a plain form to add a line and a button per line to remove it (no JavaScript needed).
struct LineEditor {
    let renderer: PageRenderer

    /// The line typed in the add form.
    static func newLine(from form: FormData) -> LineDraft {
        var draft = LineDraft()
        draft.productID = form["product_id"]
        draft.description = form["description"]
        draft.quantity = form["quantity"]
        draft.unit = form["unit"]
        draft.unitPrice = form["unit_price"]
        draft.discountPercent = form["discount_percent"]
        draft.taxCategory = form["tax_category"]
        return draft
    }

    /// The problems of the line at `index` under their plain names (for the add form); other lines' under "lines".
    static func errorsForLine(_ errors: ValidationErrors, index: Int) -> ValidationErrors {
        let prefix = "lines[\(index)]."
        return ValidationErrors(
            errors.errors.map { error in
                if error.field.hasPrefix(prefix) {
                    return FieldError(
                        field: String(error.field.dropFirst(prefix.count)), code: error.code, message: error.message)
                }
                return FieldError(
                    field: error.field.hasPrefix("lines[") ? "lines" : error.field, code: error.code,
                    message: error.message)
            })
    }

    static func taxLabel(_ line: DocumentLine, strings: [String: String]) -> String {
        let label = strings["tax_\(line.taxCategory.rawValue)"] ?? line.taxCategory.rawValue
        return line.taxCategory == .vatable ? "\(label) \(DecimalText.format(line.ratePercent))%" : label
    }
}

extension LineEditor {
    /// The add-line form of a deal, quote or invoice page: the document's lines plus the typed one go to `save`
    /// (with the version the page showed); a refusal re-renders the page with the problems beside the add form.
    /// The product picker's search sends the form too: the page is shown again with the typed line and the
    /// matches (no problems), nothing is saved.
    static func addLine(
        context: AuthenticatedContext, items: [LineItem], currency: Currency, redirect: String,
        save: ([LineDraft], Int64?) async throws -> Void,
        rerender: (LineDraft, ValidationErrors?, PickerInput) async throws -> Response
    ) async throws -> Response {
        let form = context.form ?? FormData()
        let newLine = newLine(from: form)
        let picking = PickerInput(form)
        return try await FormSubmission.submit(picking: picking) {
            try await save(items.map { LineDraft($0, currency: currency) } + [newLine], Int64(form["version"]))
            return redirect + "#lines"
        } show: { errors in
            try await rerender(newLine, errors.map { errorsForLine($0, index: items.count) }, picking)
        }
    }

    /// The remove button of a line (`…/lines/:index/delete`): the other lines go to `save`; an index that is not a
    /// line of the document is 404.
    static func removeLine(
        context: AuthenticatedContext, items: [LineItem], currency: Currency, redirect: String,
        save: ([LineDraft], Int64?) async throws -> Void
    ) async throws -> Response {
        guard let index = context.parameters.get("index", as: Int.self) else {
            throw RequestError.invalidParameter(name: "index", message: "must be a line number.")
        }
        guard items.indices.contains(index) else { throw HTTPError(.notFound) }
        var remaining = items
        remaining.remove(at: index)
        try await save(
            remaining.map { LineDraft($0, currency: currency) }, Int64((context.form ?? FormData())["version"]))
        return .redirect(to: redirect + "#lines", type: .normal)
    }
}
