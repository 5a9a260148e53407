import BentaCore
import Foundation

/// A JSON object of a request body read strictly: a member outside `allowed` is refused (naming it), decimals come
/// as strings or integers, never as JSON fractions (which lose cents).
struct StrictObject {
    let container: KeyedDecodingContainer<WireCodingKey>

    /// `what` names the object in the refusal ("a line").
    init(_ decoder: any Decoder, allowed: Set<String>, in what: String) throws {
        container = try decoder.container(keyedBy: WireCodingKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown field '\(key.stringValue.prefix(60))' in \(what).")
        }
    }

    /// A decimal member as typed (a string or an integer); nil when absent or null.
    func number(_ name: String) throws -> String? {
        let key = WireCodingKey(name)
        guard container.contains(key), !(try container.decodeNil(forKey: key)) else { return nil }
        return try container.decode(StringOrNumberRefusingFloats.self, forKey: key).text
    }

    /// A string member; nil when absent or null.
    func string(_ name: String) throws -> String? {
        let key = WireCodingKey(name)
        guard container.contains(key) else { return nil }
        return try container.decodeIfPresent(String.self, forKey: key)
    }
}

/// One line in a request body (deals, quotes): decimals as strings, never JSON fractions; unknown keys refused.
struct LineRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "productId", "description", "quantity", "unit", "unitPrice", "discountPercent", "discountAmount",
        "taxCategory", "ratePercent",
    ]

    var draft = LineDraft()

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: Self.allowedKeys, in: "a line")
        func text(_ name: String) throws -> String { try object.number(name) ?? "" }
        draft.productID = try text("productId")
        draft.description = try text("description")
        draft.quantity = try text("quantity")
        draft.unit = try text("unit")
        draft.unitPrice = try text("unitPrice")
        draft.discountPercent = try text("discountPercent")
        draft.discountAmount = try text("discountAmount")
        draft.taxCategory = try text("taxCategory")
        draft.ratePercent = try text("ratePercent")
    }
}

/// One line in a response, with its amount as printed (in the document's price mode).
struct LineResponse: Encodable {
    let item: LineItem
    let currency: Currency
    /// The amount the document states for the line (an issued invoice's frozen figure); nil computes it.
    var stated: Money? = nil

    func encode(to encoder: any Encoder) throws {
        let line = item.line
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(item.productID?.description, forKey: .productId)
        try c.encode(line.description, forKey: .description)
        try c.encode(DecimalText.format(line.quantity), forKey: .quantity)
        try c.encode(line.unit, forKey: .unit)
        try c.encode(DecimalText.format(line.unitPrice), forKey: .unitPrice)
        switch line.discount {
        case .percent(let rate)?:
            try c.encode(DecimalText.format(rate), forKey: .discountPercent)
            try c.encodeNil(forKey: .discountAmount)
        case .amount(let money)?:
            try c.encodeNil(forKey: .discountPercent)
            try c.encode(money.decimalString, forKey: .discountAmount)
        case nil:
            try c.encodeNil(forKey: .discountPercent)
            try c.encodeNil(forKey: .discountAmount)
        }
        try c.encode(line.taxCategory.rawValue, forKey: .taxCategory)
        try c.encode(DecimalText.format(line.ratePercent), forKey: .ratePercent)
        try c.encode(try (stated ?? line.amount(currency: currency)).decimalString, forKey: .amount)
    }

    private enum Keys: String, CodingKey {
        case productId, description, quantity, unit, unitPrice, discountPercent, discountAmount, taxCategory
        case ratePercent, amount
    }
}

/// The totals block of a priced document.
struct TotalsResponse: Encodable {
    let totals: DocumentTotals

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(totals.totalWithoutTax.decimalString, forKey: .totalWithoutTax)
        try c.encode(totals.vatableSales.decimalString, forKey: .vatableSales)
        try c.encode(totals.zeroRatedSales.decimalString, forKey: .zeroRatedSales)
        try c.encode(totals.exemptSales.decimalString, forKey: .exemptSales)
        try c.encode(totals.totalTax.decimalString, forKey: .totalTax)
        try c.encode(totals.totalWithTax.decimalString, forKey: .totalWithTax)
    }

    private enum Keys: String, CodingKey {
        case totalWithoutTax, vatableSales, zeroRatedSales, exemptSales, totalTax, totalWithTax
    }
}
