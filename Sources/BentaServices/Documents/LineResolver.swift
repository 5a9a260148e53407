import BentaCore
import BentaStore
import Foundation

/// Turns typed lines into priced ones: looks their products up in the company's catalogue (unknown ids are
/// reported per line) and computes the document totals, so deals, quotes and invoices price lines the same way.
enum LineResolver {
    /// The standard VAT rate new lines get when neither the product nor the line names one.
    static let standardRatePercent = TaxCategory.philippineStandardRatePercent

    /// Checks and completes `drafts`; errors are reported under "lines[i].field". A company that is not
    /// VAT-registered gets exempt lines unless a category is typed (see `LineDraft.resolved`).
    static func resolve(
        _ drafts: [LineDraft], companyID: Company.ID, currency: Currency, pricesIncludeTax: Bool, db: StoreConnection
    ) async throws -> [LineItem] {
        let sellerIsVATRegistered = try await CompanyStore(db).find(companyID)?.settings.isVATRegistered ?? true
        var products: [Product.ID: Product] = [:]
        let store = ProductStore(db)
        for id in Set(drafts.compactMap(\.productIDValue)) {
            if let product = try await store.find(id, companyID: companyID) { products[id] = product }
        }
        return try LineDraft.resolveAll(
            drafts, products: products, currency: currency, pricesIncludeTax: pricesIncludeTax,
            standardRatePercent: standardRatePercent, sellerIsVATRegistered: sellerIsVATRegistered)
    }

    /// The totals of priced lines; an overflow becomes a validation error on "lines".
    static func totals(_ items: [LineItem], currency: Currency, pricesIncludeTax: Bool) throws -> DocumentTotals {
        do {
            return try DocumentTotals.compute(
                lines: items.map(\.line), pricesIncludeTax: pricesIncludeTax, currency: currency)
        } catch is MoneyError {
            var errors = ValidationErrors()
            errors.add(field: "lines", code: "too_large", message: "The lines add up to more than can be stored.")
            throw errors
        }
    }
}
