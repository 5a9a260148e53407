import BentaCore
import Foundation

extension DunningLetter {
    /// One instalment a reminder names: its place in the schedule, what is still open of it, when it was due.
    struct InstalmentDue: Sendable, Hashable {
        let sequence: Int
        let count: Int
        let dueDate: CalendarDate
        let open: Money
    }

    /// The instalments of an instalment invoice (two parts or more) a reminder on `today` names: those with
    /// something still open (credit notes and payments applied oldest first, as the aging does) that fell due by
    /// `today`, or by `dueDate` (the oldest open one's, which a courtesy reminder announces before it falls due).
    /// Empty for an invoice of one part, whose open amount is the amount due.
    static func instalmentsDue(
        _ balance: InvoiceBalance?, dueDate: CalendarDate, today: CalendarDate
    ) -> [InstalmentDue] {
        guard let balance, balance.instalments.count > 1 else { return [] }
        let until = max(today, dueDate)
        return zip(balance.instalments, balance.instalmentOpenParts).compactMap { instalment, open in
            guard open.isPositive, instalment.dueDate <= until else { return nil }
            return InstalmentDue(
                sequence: instalment.sequence, count: balance.instalments.count, dueDate: instalment.dueDate,
                open: open)
        }
    }

    /// The paragraph naming `instalments` (nothing when there are none): one line each, then what they come to
    /// beside the invoice's whole open amount.
    static func instalmentText(_ instalments: [InstalmentDue], open: Money, language: LanguageCode) -> String {
        guard let first = instalments.first else { return "" }
        let money = MoneyFormatter(language: language)
        func amount(_ value: Money) -> String { "\(value.currency.code) \(money.formatPlain(value))" }
        let total = instalments.dropFirst().reduce(first.open.minorUnits) { $0 + $1.open.minorUnits }
        let due = Money(minorUnits: total, currency: first.open.currency)
        let lines = instalments.map { part in
            let date = DateFormatting.display(part.dueDate, language: language)
            return language == .filipino
                ? "- hulog \(part.sequence) sa \(part.count): \(amount(part.open)), takdang petsa \(date)\n"
                : "- instalment \(part.sequence) of \(part.count): \(amount(part.open)), due on \(date)\n"
        }
        if language == .filipino {
            return "\nAng mga hulog na dapat bayaran:\n" + lines.joined()
                + "Dapat bayaran ngayon: \(amount(due)) (bukas sa buong invoice: \(amount(open))).\n"
        }
        return "\nThe instalments due:\n" + lines.joined()
            + "Amount due now: \(amount(due)) (open on the whole invoice: \(amount(open))).\n"
    }
}
