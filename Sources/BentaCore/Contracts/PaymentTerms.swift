import Foundation

/// When an invoice is due, counted from its date: on receipt, N days net, N days after the end of its month, or in
/// instalments.
///
/// The stored and wire form is a short code (`due_on_receipt`, `net_30`, `eom_15`, `inst_30:50,60:50`); `parse`
/// also accepts what people type ("Net 30", "EOM + 15", "End of month + 15", "Due on receipt").
public enum PaymentTerms: Sendable, Hashable, CustomStringConvertible {
    case dueOnReceipt
    case net(days: Int)
    case endOfMonthPlus(days: Int)
    /// Parts of the amount due N days after the invoice date: 2 to 12 parts, days increasing, percents adding up
    /// to 100 ("inst_30:50,60:50" = half in 30 days, half in 60).
    case instalments([Instalment])

    /// One part of an instalment plan.
    public struct Instalment: Sendable, Hashable {
        public var days: Int
        public var percent: Decimal

        public init(days: Int, percent: Decimal) {
            self.days = days
            self.percent = percent
        }
    }

    /// The longest term accepted, in days.
    public static let maximumDays = 365

    /// The date an invoice dated `invoiceDate` is due.
    public func dueDate(for invoiceDate: CalendarDate) -> CalendarDate {
        switch self {
        case .dueOnReceipt: invoiceDate
        case .net(let days): invoiceDate.adding(days: days)
        case .endOfMonthPlus(let days): invoiceDate.lastOfMonth.adding(days: days)
        case .instalments(let parts): invoiceDate.adding(days: parts.last?.days ?? 0)
        }
    }

    /// What is due when: one part for simple terms; for instalments each part's date and amount, shared out so the
    /// parts add up to `total` exactly (largest remainder, in minor units).
    public func schedule(total: Money, invoiceDate: CalendarDate) -> [(date: CalendarDate, amount: Money)] {
        guard case .instalments(let parts) = self else { return [(dueDate(for: invoiceDate), total)] }
        let amounts = Rounding.allocate(total, weights: parts.map(\.percent))
        return zip(parts, amounts).map { (invoiceDate.adding(days: $0.days), $1) }
    }

    /// The stored form: `due_on_receipt`, `net_30`, `eom_15`.
    public var code: String {
        switch self {
        case .dueOnReceipt: "due_on_receipt"
        case .net(let days): "net_\(days)"
        case .endOfMonthPlus(let days): "eom_\(days)"
        case .instalments(let parts):
            "inst_" + parts.map { "\($0.days):\(DecimalText.format($0.percent))" }.joined(separator: ",")
        }
    }

    /// The English wording printed on documents: "Due on receipt", "Net 30", "End of month + 15".
    public var description: String {
        switch self {
        case .dueOnReceipt: "Due on receipt"
        case .net(let days): "Net \(days)"
        case .endOfMonthPlus(let days): "End of month + \(days)"
        case .instalments(let parts):
            parts.map { "\(DecimalText.format($0.percent))% in \($0.days) days" }.joined(separator: ", ")
        }
    }

    /// Reads a code or a typed wording; nil when it is neither, or the days are outside 0…365.
    public static func parse(_ text: String) -> PaymentTerms? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        if lowered.hasPrefix("inst_") { return parseInstalments(lowered.dropFirst(5)) }
        let compact = lowered.filter { !$0.isWhitespace && $0 != "_" && $0 != "-" }
        if ["dueonreceipt", "onreceipt", "cod", "net0"].contains(compact) {
            return compact == "net0" ? .net(days: 0) : .dueOnReceipt
        }
        for (prefix, make) in [
            ("endofmonth+", PaymentTerms.endOfMonthPlus), ("eom+", PaymentTerms.endOfMonthPlus),
            ("eom", PaymentTerms.endOfMonthPlus), ("net", PaymentTerms.net),
        ] as [(String, @Sendable (Int) -> PaymentTerms)] where compact.hasPrefix(prefix) {
            let digits = compact.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let days = Int(digits),
                (0...maximumDays).contains(days)
            else { return nil }
            return make(days)
        }
        return nil
    }

    /// "30:50,60:50": 2…12 parts, days 0…365 strictly increasing, percents above 0 adding up to exactly 100.
    private static func parseInstalments(_ text: Substring) -> PaymentTerms? {
        var parts: [Instalment] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[0].count <= 3, fields[0].allSatisfy({ $0.isASCII && $0.isNumber }),
                let days = Int(fields[0]), (0...maximumDays).contains(days),
                let percent = DecimalText.parse(String(fields[1])), percent > 0, percent <= 100,
                days > (parts.last?.days ?? -1)
            else { return nil }
            parts.append(Instalment(days: days, percent: percent))
        }
        guard (2...12).contains(parts.count), parts.map(\.percent).reduce(0, +) == 100 else { return nil }
        return .instalments(parts)
    }
}
