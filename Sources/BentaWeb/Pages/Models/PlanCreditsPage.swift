import BentaCore
import BentaServices
import Foundation

/// The sales behind one manager's actual for a month, opened from the attainment page: each credited document
/// (invoice, credit note, payment or deal, by the company's credit basis) with its date, whether the customer was
/// new, the amount credited and a link to the record; the total is the actual. Property names are the template's
/// (`plan_credits.mustache`).
struct PlanCreditsPage: PageModel {
    struct Row {
        var date: String
        var kind: String
        var label: String
        /// The record's page; nil for a source that has none.
        var url: String?
        var customer: String
        var amount: String
    }

    var title: String
    var intro: String
    var basis: String
    var currency: String
    var actual: String
    var attainment_url: String
    var rows: [Row]
    var has_rows: Bool

    static func make(_ credits: ManagerCredits, strings: [String: String], language: LanguageCode) -> PlanCreditsPage {
        let rows = credits.events.map { event in
            let kind = strings["commission_source.\(event.sourceKind.rawValue)"] ?? event.sourceKind.rawValue
            let label = credits.labels[event.sourceID] ?? ""
            return Row(
                date: DateFormatting.display(event.date, language: language), kind: kind,
                label: label.isEmpty ? kind : label,
                url: CommissionStatementPage.link(kind: event.sourceKind.rawValue, id: event.sourceID),
                customer: event.isNewCustomer
                    ? strings["plan_credits_new"] ?? "New customer"
                    : strings["plan_credits_existing"] ?? "Existing customer",
                amount: event.amount.decimalString)
        }
        return PlanCreditsPage(
            title: (strings["plan_credits_title"] ?? "Sales credited to {name}")
                .replacingOccurrences(of: "{name}", with: credits.managerName) + " · " + credits.month.text,
            intro: (strings["plan_credits_intro"] ?? "Counted through {date}.")
                .replacingOccurrences(of: "{date}", with: DateFormatting.display(credits.asOf, language: language)),
            basis: strings["plan_basis_\(credits.basis.rawValue)"] ?? credits.basis.rawValue,
            currency: credits.actual.currency.code, actual: credits.actual.decimalString,
            attainment_url: Paths.planAttainmentPage(credits.month), rows: rows, has_rows: !rows.isEmpty)
    }
}
