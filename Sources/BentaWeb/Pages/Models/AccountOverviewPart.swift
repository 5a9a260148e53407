import BentaCore
import Foundation

/// The account page's 360° part (`account_detail.mustache`): what the customer owes, and the newest deals, quotes,
/// invoices and contracts, each a short list with status badges, links and a "see all" link to the list filtered
/// to the account. Built by ``make(_:account:directory:strings:)`` from ``AccountOverview``.
struct AccountOverviewPart {
    /// One record of a short list.
    struct Row {
        var url: String
        var label: String
        /// A date (close, valid until, issued, ends) and, for an invoice, what is still open.
        var secondary: String
        var amount: String
        /// The badge's CSS modifier and its text.
        var status: String
        var status_label: String
        /// An open deal's "New quote" (a POST): quotes start from a deal.
        var new_quote_url: String?
    }

    /// One kind's short list.
    struct Section {
        var rows: [Row]
        var has_rows: Bool
        /// The full list, filtered to the account.
        var all_url: String
        var has_more: Bool
    }

    /// What is owed in one currency.
    struct Balance {
        var open: String
        var overdue: String
        var has_overdue: Bool
        var overdue_invoices: Int
    }

    var balances: [Balance]
    var has_balance: Bool
    var deals: Section
    var quotes: Section
    var invoices: Section
    var contracts: Section

    static func make(
        _ overview: AccountOverview, account: Account.ID, directory: PageDirectory, strings: [String: String]
    ) -> AccountOverviewPart {
        let money = MoneyFormatter(language: directory.language)
        let day = { (date: CalendarDate?) in date.map { DateFormatting.display($0, language: directory.language) } ?? ""
        }
        let forAccount = QueryString.make([("account_id", account.description)])
        let allForAccount = QueryString.make([("account_id", account.description), ("status", "all")])
        func section(_ rows: [Row], hasMore: Bool, all: String) -> Section {
            Section(rows: rows, has_rows: !rows.isEmpty, all_url: all, has_more: hasMore)
        }
        return AccountOverviewPart(
            balances: overview.balances.map {
                Balance(
                    open: money.format($0.open), overdue: money.format($0.overdue),
                    has_overdue: $0.overdue.minorUnits > 0, overdue_invoices: $0.overdueInvoices)
            },
            has_balance: !overview.balances.isEmpty,
            deals: section(
                overview.deals.items.map { deal in
                    Row(
                        url: Paths.deal(deal.id), label: deal.title, secondary: day(deal.expectedClose),
                        amount: money.format(deal.amount), status: deal.status.rawValue,
                        status_label: strings["deal_status_\(deal.status.rawValue)"] ?? deal.status.rawValue,
                        new_quote_url: deal.status == .open ? Paths.dealQuotes(deal.id) : nil)
                }, hasMore: overview.deals.hasMore, all: Paths.deals() + allForAccount),
            quotes: section(
                overview.quotes.items.map { quote in
                    let status = quote.displayStatus(today: overview.today)
                    return Row(
                        url: Paths.quote(quote.id), label: quote.number ?? strings["quote_status_draft"] ?? "Draft",
                        secondary: day(quote.validUntil), amount: money.format(quote.total), status: status.rawValue,
                        status_label: strings["quote_status_\(status.rawValue)"] ?? status.rawValue)
                }, hasMore: overview.quotes.hasMore, all: Paths.quotes() + forAccount),
            invoices: section(
                overview.invoices.items.map { invoice in
                    let status = invoice.displayStatus
                    let open =
                        invoice.kind == .invoice && invoice.status == .issued && invoice.open.minorUnits > 0
                        ? " · \(strings["invoice_open"] ?? "Open") \(money.format(invoice.open))" : ""
                    let kind = invoice.kind == .creditNote ? " (\(strings["invoice_kind_credit_note"] ?? ""))" : ""
                    return Row(
                        url: Paths.invoice(invoice.id),
                        label: (invoice.number ?? strings["invoice_status_draft"] ?? "Draft") + kind,
                        secondary: day(invoice.issueDate) + open, amount: money.format(invoice.total),
                        status: status.rawValue,
                        status_label: strings["invoice_status_\(status.rawValue)"] ?? status.rawValue)
                }, hasMore: overview.invoices.hasMore, all: Paths.invoices() + forAccount),
            contracts: section(
                overview.contracts.items.map { contract in
                    Row(
                        url: Paths.contract(contract.id),
                        label: [contract.number, contract.title].compactMap { $0 }.joined(separator: " · "),
                        secondary: day(contract.endDate), amount: money.format(contract.value),
                        status: contract.status.rawValue,
                        status_label: strings["contract_status_\(contract.status.rawValue)"]
                            ?? contract.status.rawValue)
                }, hasMore: overview.contracts.hasMore, all: Paths.contracts() + forAccount))
    }
}
