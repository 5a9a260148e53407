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
struct LineResponse: WireWritable {
    let item: LineItem
    let currency: Currency
    /// The amount the document states for the line (an issued invoice's frozen figure); nil computes it.
    var stated: Money? = nil

    func writeMembers(to object: inout WireObject) throws {
        let line = item.line
        try object.string("product_id", item.productID?.description)
        try object.string("description", line.description)
        try object.string("quantity", DecimalText.format(line.quantity))
        try object.string("unit", line.unit)
        try object.string("unit_price", DecimalText.format(line.unitPrice))
        switch line.discount {
        case .percent(let rate)?:
            try object.string("discount_percent", DecimalText.format(rate))
            try object.null("discount_amount")
        case .amount(let money)?:
            try object.null("discount_percent")
            try object.string("discount_amount", money.decimalString)
        case nil:
            try object.null("discount_percent")
            try object.null("discount_amount")
        }
        try object.string("tax_category", line.taxCategory.rawValue)
        try object.string("rate_percent", DecimalText.format(line.ratePercent))
        try object.string("amount", try (stated ?? line.amount(currency: currency)).decimalString)
    }
}

/// The totals block of a priced document.
struct TotalsResponse: WireWritable {
    let totals: DocumentTotals

    func writeMembers(to object: inout WireObject) throws {
        try object.string("total_without_tax", totals.totalWithoutTax.decimalString)
        try object.string("vatable_sales", totals.vatableSales.decimalString)
        try object.string("zero_rated_sales", totals.zeroRatedSales.decimalString)
        try object.string("exempt_sales", totals.exemptSales.decimalString)
        try object.string("total_tax", totals.totalTax.decimalString)
        try object.string("total_with_tax", totals.totalWithTax.decimalString)
    }
}
