import BentaCore
import BentaServices
import Foundation

/// "My calls to make" (`collection_calls.mustache`, issue 12): each open call with its account, whom to call (the
/// phone as a `tel:` link), the overdue invoices with amounts and days late, and the log-call form; a head or admin
/// picks whose calls to see.
struct CollectionCallsPage: PageModel {
    struct InvoiceRow {
        var id: String
        var number: String
        var url: String
        var due: String
        var amount: String
        var days_late: Int
    }

    struct Row {
        var account: String
        var account_url: String
        var contact_name: String
        var has_contact: Bool
        var has_phone: Bool
        var phone: String
        var tel_url: String
        var due_on: String
        var assignee: String
        var overdue_total: String
        var invoices: [InvoiceRow]
        var has_invoices: Bool
        var action_url: String
        var version: Int64
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    var calls: [Row]
    var has_calls: Bool
    var notice: String
    var has_notice: Bool
    var may_filter: Bool
    var assignees: [Option]
    var reasons: [Option]
    var today_value: String
    var next_url: String

    static func make(
        _ page: Page<CallToMake>, assigneeID: User.ID?, mayFilter: Bool, logged: Bool, today: CalendarDate,
        directory: PageDirectory, strings: [String: String], language: LanguageCode
    ) -> CollectionCallsPage {
        let money = MoneyFormatter(language: language)
        let rows = page.items.map { item in
            let invoices = item.overdueInvoices.map { invoice in
                InvoiceRow(
                    id: invoice.invoiceID.description, number: invoice.number, url: Paths.invoice(invoice.invoiceID),
                    due: DateFormatting.display(invoice.dueDate, language: language),
                    amount: money.format(invoice.openAmount), days_late: invoice.daysLate)
            }
            let phone = item.contact.phone ?? ""
            return Row(
                account: item.accountName, account_url: Paths.account(item.call.accountID),
                contact_name: item.contact.name ?? "", has_contact: item.contact.name != nil, has_phone: !phone.isEmpty,
                phone: item.contact.phoneDisplay ?? phone, tel_url: "tel:" + phone,
                due_on: DateFormatting.display(item.call.dueOn, language: language),
                assignee: directory.userName(item.call.assigneeID),
                overdue_total: item.overdueTotals.map(money.format).joined(separator: " + "), invoices: invoices,
                has_invoices: !invoices.isEmpty, action_url: Paths.collectionCallOutcome(item.call.id),
                version: item.call.version)
        }
        let managers = directory.users.filter { $0.role == .manager || $0.role == .head || $0.role == .admin }
        var query: [(String, String?)] = []
        if let assigneeID { query.append(("assignee_id", assigneeID.description)) }
        return CollectionCallsPage(
            calls: rows, has_calls: !rows.isEmpty,
            notice: logged ? strings["collection_calls_logged"] ?? "" : "", has_notice: logged,
            may_filter: mayFilter,
            assignees: managers.map {
                Option(value: $0.id.description, label: $0.name, selected: $0.id == assigneeID)
            },
            reasons: LatePaymentReason.allCases.map {
                Option(value: $0.rawValue, label: strings[$0.labelKey] ?? $0.rawValue, selected: false)
            },
            today_value: today.iso8601String,
            next_url: page.nextCursor.map { Paths.collectionCalls() + QueryString.make(query + [("cursor", $0)]) }
                ?? "")
    }
}
