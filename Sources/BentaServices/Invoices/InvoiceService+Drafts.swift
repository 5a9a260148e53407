import BentaCore
import BentaStore
import Foundation
import SQLKit

extension InvoiceService {
    /// A plain-amount deal as one invoice line.
    static func plainLine(_ deal: Deal) -> LineDraft {
        var line = LineDraft()
        line.description = deal.fields.title
        line.quantity = "1"
        line.unit = "lot"
        line.unitPrice = deal.fields.amount.decimalString
        return line
    }

    /// The draft's fields applied and its lines priced; the contact must belong to the account.
    static func resolve(
        _ draft: InvoiceDraft, onto fields: InvoiceFields, accountID: Account.ID, baseCurrency: Currency,
        viewer: Viewer, db: any SQLDatabase
    ) async throws -> InvoiceFields {
        var problems = ValidationErrors()
        var result = fields
        do throws(ValidationErrors) {
            result = try draft.apply(to: fields, baseCurrency: baseCurrency)
        } catch {
            problems.merge(error)
        }
        if let lines = draft.lines {
            do {
                result.lines = try await LineResolver.resolve(
                    lines, companyID: viewer.companyID, currency: result.currency,
                    pricesIncludeTax: result.pricesIncludeTax, db: db)
            } catch let errors as ValidationErrors {
                problems.merge(errors)
            }
        }
        try problems.throwIfAny()
        if let contact = result.contactID {
            let found = try await ContactStore(db).find(contact, viewer: viewer)
            if found?.fields.accountID != accountID {
                var errors = ValidationErrors()
                errors.add(field: "contact_id", code: "invalid_contact", message: "Choose a contact of the account.")
                throw errors
            }
        }
        if draft.lines == nil && !result.lines.isEmpty
            && (result.currency != fields.currency || result.pricesIncludeTax != fields.pricesIncludeTax)
        {
            var errors = ValidationErrors()
            errors.add(
                field: "lines", code: "reprice_required",
                message: "Send the lines again when you change the currency or the price mode.")
            throw errors
        }
        if let stale = result.adjustments.first(where: { $0.amount.currency != result.currency }) {
            var errors = ValidationErrors()
            let field = stale.kind == .allowance ? "discount" : "charge"
            errors.add(
                field: field, code: "currency_mismatch",
                message: "Enter the \(field) again in \(result.currency.code).")
            throw errors
        }
        do {
            _ = try DocumentTotals.compute(
                lines: result.lines.map(\.line), allowancesAndCharges: result.adjustments,
                pricesIncludeTax: result.pricesIncludeTax, currency: result.currency)
        } catch let errors as ValidationErrors {
            throw errors.renamingFields(adjustmentFieldNames(result.adjustments))
        } catch is MoneyError {
            var errors = ValidationErrors()
            errors.add(field: "lines", code: "too_large", message: "The lines add up to more than can be stored.")
            throw errors
        }
        return result
    }

    /// The core's field names of document allowances and charges as the API and forms spell them ("discount",
    /// "charge_tax_category").
    static func adjustmentFieldNames(_ adjustments: [DocumentAllowanceCharge]) -> [String: String] {
        var names: [String: String] = [:]
        for (index, item) in adjustments.enumerated() {
            let field = item.kind == .allowance ? "discount" : "charge"
            names["allowancesAndCharges[\(index)].amount"] = field
            names["allowancesAndCharges[\(index)].taxCategory"] = "\(field)_tax_category"
        }
        return names
    }
}
