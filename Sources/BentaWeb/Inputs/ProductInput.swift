import BentaCore
import Foundation

/// A product as `POST /api/v1/products`, `PATCH /api/v1/products/{id}` and the product form send it; the price as
/// a decimal string. In JSON an absent member stays as it is (`null` clears the description and the rate); the
/// form sends every field, an empty one clearing it and an unticked box false.
struct ProductInput: RecordInput {
    var code: String?
    var name: String?
    var description: String??
    var unit: String?
    var unitPrice: StringOrNumberRefusingFloats?
    var currency: String?
    var priceIncludesTax: Bool?
    var taxCategory: String?
    var taxRatePercent: StringOrNumber??
    var isActive: Bool?
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, name, description, unit, unitPrice, currency, priceIncludesTax, taxCategory, taxRatePercent
        case isActive, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.version] }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.patch(String.self, forKey: .description)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        unitPrice = try c.decodeIfPresent(StringOrNumberRefusingFloats.self, forKey: .unitPrice)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        priceIncludesTax = try c.decodeIfPresent(Bool.self, forKey: .priceIncludesTax)
        taxCategory = try c.decodeIfPresent(String.self, forKey: .taxCategory)
        taxRatePercent = try c.patch(StringOrNumber.self, forKey: .taxRatePercent)
        isActive = try c.decodeIfPresent(Bool.self, forKey: .isActive)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Writes the fields this input carries into a draft.
    func apply(to draft: inout ProductDraft) {
        if let code { draft.code = code }
        if let name { draft.name = name }
        if let description { draft.description = description ?? "" }
        if let unit { draft.unit = unit }
        if let unitPrice { draft.unitPrice = unitPrice.text }
        if let currency { draft.currency = currency }
        if let priceIncludesTax { draft.priceIncludesTax = priceIncludesTax }
        if let taxCategory { draft.taxCategory = taxCategory }
        if let taxRatePercent { draft.taxRatePercent = taxRatePercent?.text ?? "" }
        if let isActive { draft.isActive = isActive }
    }
}
