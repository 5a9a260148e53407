import BentaCore
import BentaStore
import Foundation

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

    /// The draft's fields applied and its lines priced; the contact must belong to the account. Every percentage
    /// discount is taken again of the lines as they now are (`DocumentAdjustment.respread`), so it follows the lines.
    static func resolve(
        _ draft: InvoiceDraft, onto fields: InvoiceFields, accountID: Account.ID, baseCurrency: Currency,
        viewer: Viewer, db: StoreConnection
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
        let listed = draft.adjustments != nil
        do {
            result.adjustments = try DocumentAdjustment.respread(
                result.adjustments, over: result.lines.map(\.line), currency: result.currency)
            if let stale = result.adjustments.firstIndex(where: { $0.amount.currency != result.currency }) {
                var errors = ValidationErrors()
                let field = result.adjustments[stale].kind == .allowance ? "discount" : "charge"
                errors.add(
                    field: "allowancesAndCharges[\(stale)].amount", code: "currency_mismatch",
                    message: "Enter the \(field) again in \(result.currency.code).")
                throw errors
            }
            _ = try DocumentTotals.compute(
                lines: result.lines.map(\.line), allowancesAndCharges: result.adjustments,
                pricesIncludeTax: result.pricesIncludeTax, currency: result.currency)
        } catch let errors as ValidationErrors {
            throw errors.renamingFields(adjustmentFieldNames(result.adjustments, listed: listed))
        } catch is MoneyError {
            var errors = ValidationErrors()
            errors.add(field: "lines", code: "too_large", message: "The lines add up to more than can be stored.")
            throw errors
        }
        return result
    }

    /// The core's field names of document allowances and charges as the API and forms spell them.
    ///
    /// A document with at most one discount and one charge, both fixed amounts (what the single `discount` and
    /// `charge` fields make), names them "discount" and "charge_tax_category" as before, unless `listed` (the
    /// request sent the `adjustments` list); any other document names its entries as that list does,
    /// "adjustments[1].amount", "adjustments[0].tax_category", "adjustments[0].percent", one entry for all the
    /// allowances of one percentage discount.
    static func adjustmentFieldNames(
        _ adjustments: [DocumentAllowanceCharge], listed: Bool = false
    ) -> [String: String] {
        let entries = DocumentAdjustment.entries(of: adjustments)
        let isSingle =
            entries.filter { $0.entry.kind == .allowance }.count <= 1
            && entries.filter { $0.entry.kind == .charge }.count <= 1
            && !entries.contains { if case .percentage = $0.entry { true } else { false } }
        var names: [String: String] = [:]
        for (position, entry) in entries.enumerated() {
            for index in entry.indices {
                let core = "allowancesAndCharges[\(index)]."
                if isSingle && !listed {
                    let field = adjustments[index].kind == .allowance ? "discount" : "charge"
                    names[core + "amount"] = field
                    names[core + "taxCategory"] = "\(field)_tax_category"
                } else {
                    let field = "adjustments[\(position)]."
                    names[core + "amount"] = field + "amount"
                    names[core + "taxCategory"] = field + "tax_category"
                    names[core + "ratePercent"] = field + "tax_category"
                    names[core + "percent"] = field + "percent"
                    names[core + "baseAmount"] = field + "percent"
                }
            }
        }
        return names
    }
}
