import Foundation

/// When an invoice is due, counted from its date: on receipt, N days net, or N days after the end of its month.
///
/// The stored and wire form is a short code (`due_on_receipt`, `net_30`, `eom_15`); `parse` also accepts what
/// people type ("Net 30", "EOM + 15", "End of month + 15", "Due on receipt").
public enum PaymentTerms: Sendable, Hashable, CustomStringConvertible {
    case dueOnReceipt
    case net(days: Int)
    case endOfMonthPlus(days: Int)

    /// The longest term accepted, in days.
    public static let maximumDays = 365

    /// The date an invoice dated `invoiceDate` is due.
    public func dueDate(for invoiceDate: CalendarDate) -> CalendarDate {
        switch self {
        case .dueOnReceipt: invoiceDate
        case .net(let days): invoiceDate.adding(days: days)
        case .endOfMonthPlus(let days): invoiceDate.lastOfMonth.adding(days: days)
        }
    }

    /// The stored form: `due_on_receipt`, `net_30`, `eom_15`.
    public var code: String {
        switch self {
        case .dueOnReceipt: "due_on_receipt"
        case .net(let days): "net_\(days)"
        case .endOfMonthPlus(let days): "eom_\(days)"
        }
    }

    /// The English wording printed on documents: "Due on receipt", "Net 30", "End of month + 15".
    public var description: String {
        switch self {
        case .dueOnReceipt: "Due on receipt"
        case .net(let days): "Net \(days)"
        case .endOfMonthPlus(let days): "End of month + \(days)"
        }
    }

    /// Reads a code or a typed wording; nil when it is neither, or the days are outside 0…365.
    public static func parse(_ text: String) -> PaymentTerms? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
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
}
