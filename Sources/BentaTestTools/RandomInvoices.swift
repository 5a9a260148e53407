import BentaCore
import Foundation

/// A small deterministic generator (SplitMix64) for seeded property tests: the same seed walks the same cases.
public struct SeededRandom: Sendable {
    public var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }

    /// One of `choices`.
    public mutating func pick<T>(_ choices: [T]) -> T { choices[next(choices.count)] }
}

/// Random invoices and credit-note requests for the property tests of invoicing: mixed tax categories, VAT-inclusive
/// and exclusive prices, pesos or dollars, document discounts (by amount or percentage) and charges that never make a
/// category negative.
public enum RandomInvoices {
    /// An amount of `cents` minor units as typed ("1234.05").
    public static func typed(cents: Int) -> String {
        "\(cents / 100).\(String(format: "%02d", cents % 100))"
    }

    /// A random draft for `accountID`: 1 to 4 lines in PHP or (one in four) USD at 58.125; half of them with the
    /// single discount (up to 40% of one category present) and charge of the first form, half with a list of
    /// allowances and charges: a percentage order discount, discounts by amount and charges, never more than 40% of a
    /// category off.
    public static func draft(accountID: String, random: inout SeededRandom) -> InvoiceDraft {
        var draft = InvoiceDraft()
        draft.accountID = accountID
        draft.pricesIncludeTax = random.next(2) == 1
        if random.next(4) == 0 {
            draft.currency = "USD"
            draft.exchangeRate = "58.125"
            draft.exchangeRateDate = "2026-11-27"
        }
        var lines: [LineDraft] = []
        var groupCents: [String: Int] = [:]
        for index in 0..<(1 + random.next(4)) {
            var line = LineDraft()
            line.description = "Item \(index)"
            let quantity = 1 + random.next(4)
            let cents = 1 + random.next(500_000)
            line.quantity = String(quantity)
            line.unitPrice = typed(cents: cents)
            line.taxCategory = random.pick(["vatable", "zero_rated", "exempt"])
            groupCents[line.taxCategory, default: 0] += quantity * cents
            lines.append(line)
        }
        draft.lines = lines
        let present = groupCents.keys.sorted()
        if random.next(2) == 0 {
            // The single discount and charge of the first form.
            if random.next(3) > 0 {
                let category = present[random.next(present.count)]
                draft.discount = typed(cents: 1 + random.next(max(1, groupCents[category, default: 0] * 2 / 5)))
                draft.discountTaxCategory = category
            }
            if random.next(2) == 0 {
                draft.charge = typed(cents: 1 + random.next(50_000))
                draft.chargeTaxCategory = present[random.next(present.count)]
            }
            return draft
        }
        // A list: maybe a percentage order discount (spread over the categories), up to two discounts by amount
        // that together stay within 40% of their category, and up to two charges.
        var adjustments: [AdjustmentDraft] = []
        var percent = 0
        if random.next(2) == 0 {
            percent = 1 + random.next(20)
            var entry = AdjustmentDraft()
            entry.kind = "allowance"
            entry.percent = String(percent)
            entry.reason = "Order discount"
            adjustments.append(entry)
        }
        for index in 0..<random.next(3) {
            let category = present[random.next(present.count)]
            let room = groupCents[category, default: 0] * (40 - percent) / 200
            guard room > 0 else { continue }
            var entry = AdjustmentDraft()
            entry.kind = "allowance"
            entry.amount = typed(cents: 1 + random.next(room))
            entry.taxCategory = category
            entry.reason = "Discount \(index)"
            adjustments.append(entry)
        }
        for index in 0..<random.next(3) {
            var entry = AdjustmentDraft()
            entry.kind = "charge"
            entry.amount = typed(cents: 1 + random.next(50_000))
            entry.taxCategory = present[random.next(present.count)]
            entry.reason = "Charge \(index)"
            adjustments.append(entry)
        }
        draft.adjustments = adjustments
        return draft
    }

    /// A random credit request against `invoice`: the whole of it now and then, mostly some units of a line, or an
    /// amount up to half of one of its categories.
    public static func creditRequest(for invoice: Invoice, random: inout SeededRandom) throws -> CreditNoteRequest {
        let lines = invoice.fields.lines.map(\.line)
        let totals = try invoice.totals()
        switch random.next(10) {
        case 0:
            return .full
        case 1...6:
            let index = random.next(lines.count)
            let quantity = NSDecimalNumber(decimal: lines[index].quantity).intValue
            return .lines([(index, Decimal(1 + random.next(max(1, quantity))))])
        default:
            let row = totals.breakdown[random.next(totals.breakdown.count)]
            let cents = Int64(1 + random.next(Int(max(1, try row.grossAmount().minorUnits / 2))))
            return .amount(Money(minorUnits: cents, currency: totals.currency), taxCategory: row.taxCategory)
        }
    }
}
