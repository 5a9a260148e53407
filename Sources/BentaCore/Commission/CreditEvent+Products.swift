import Foundation

extension CreditEvent {
    /// One line of the document an event comes from, as the per-product rates divide the event: its product (nil
    /// without one) and its amount as printed, with the VAT rate and price mode that make it net of VAT.
    public struct ProductLine: Hashable, Sendable {
        /// The line's product id; nil for a line without a product.
        public var productID: String?
        /// The product's name, for the explanation; nil without a product.
        public var productName: String?
        /// The line's amount as printed (after its discount), in the document's minor units.
        public var amountMinor: Int64
        /// The line's VAT rate in percent.
        public var ratePercent: Decimal
        /// True when the document's prices include VAT.
        public var pricesIncludeTax: Bool

        /// Creates a line.
        public init(
            productID: String?, productName: String?, amountMinor: Int64, ratePercent: Decimal, pricesIncludeTax: Bool
        ) {
            self.productID = productID
            self.productName = productName
            self.amountMinor = amountMinor
            self.ratePercent = ratePercent
            self.pricesIncludeTax = pricesIncludeTax
        }

        /// The line's amount net of VAT in minor units, unrounded (a weight, never a figure shown).
        var net: Decimal {
            let amount = Decimal(amountMinor)
            guard pricesIncludeTax, ratePercent > 0 else { return amount }
            return amount / (1 + ratePercent / 100)
        }
    }

    /// The event divided by product over its document's `lines`, in proportion to each line's net of VAT, the
    /// parts adding up exactly to the event's amount (``Rounding/allocate(_:weights:)``). `documentNetMinor` is the
    /// document's total without VAT in the same minor units as the lines: what it holds beyond the lines' nets (a
    /// charge, or a deal's amount without lines) is a part without product; an allowance lowers every part in
    /// proportion. Lines of one product make one part, and the parts come in the order their products first
    /// appear (the part without product last); a part of zero is left out. Without lines, or with nothing to weigh,
    /// the event stays whole.
    public func divided(over lines: [ProductLine], documentNetMinor: Int64) -> [CreditEvent] {
        var order: [String?] = []
        var weights: [String?: Decimal] = [:]
        var names: [String: String] = [:]
        for line in lines {
            if weights[line.productID] == nil { order.append(line.productID) }
            weights[line.productID, default: 0] += line.net
            if let id = line.productID, let name = line.productName { names[id] = name }
        }
        let rest = Decimal(documentNetMinor.magnitude) - weights.values.reduce(0, +)
        if rest > 0 {
            if weights[nil] == nil { order.append(nil) }
            weights[nil, default: 0] += rest
        }
        if let index = order.firstIndex(of: nil) { order.append(order.remove(at: index)) }
        guard order.count > 1 || order.first.map({ $0 != nil }) == true,
            weights.values.contains(where: { $0 > 0 })
        else { return [self] }
        let amounts = Rounding.allocate(amount, weights: order.map { weights[$0] ?? 0 })
        let parts = zip(order, amounts).compactMap { productID, part -> CreditEvent? in
            guard !part.isZero else { return nil }
            var event = self
            event.amount = part
            event.productID = productID
            event.productName = productID.flatMap { names[$0] }
            return event
        }
        return parts.isEmpty ? [self] : parts
    }

    /// Events read divided by product put back together for a plan without product rates: the parts of one source
    /// on one day (same kind, id, date and customer rule) as one event without product, in the order first seen.
    /// (Two allocations of one payment on one day become one event, as their sum.)
    public static func undivided(_ events: [CreditEvent]) throws -> [CreditEvent] {
        guard events.contains(where: { $0.productID != nil }) else { return events }
        var merged: [CreditEvent] = []
        var index: [String: Int] = [:]
        for event in events {
            let key = "\(event.sourceKind.rawValue) \(event.sourceID) \(event.date) \(event.isNewCustomer)"
            if let at = index[key] {
                merged[at].amount = try merged[at].amount.adding(event.amount)
            } else {
                var whole = event
                whole.productID = nil
                whole.productName = nil
                index[key] = merged.count
                merged.append(whole)
            }
        }
        return merged
    }
}
