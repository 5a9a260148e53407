import BentaCore
import Foundation

/// The reports index (`reports.mustache`): one entry per report page the role may open, with its CSV where the
/// report has one without further choices. Property names are the template's.
struct ReportsPage: PageModel {
    struct Entry {
        /// A stable id for the entry's element (`report-<id>`).
        var id: String
        var title: String
        /// One sentence on what the report answers.
        var hint: String
        var url: String
        var csv_url: String?
    }

    var reports: [Entry]

    /// The entries for `role` in the order a manager's week reads them: money owed first, then sales. The invoice
    /// register (the sales book) is not listed for a manager, and the head's dashboard only for the head and the
    /// admin: those pages refuse everyone else.
    static func make(role: Role, month: PlanMonth, strings: [String: String]) -> ReportsPage {
        func entry(_ id: String, _ titleKey: String, _ title: String, url: String, csv: String? = nil) -> Entry {
            Entry(
                id: id, title: strings[titleKey] ?? title, hint: strings["reports_\(id)_hint"] ?? "", url: url,
                csv_url: csv)
        }
        var reports = [
            entry(
                "aging", "reports_aging", "Receivables aging, DSO and CEI", url: Paths.receivables(),
                csv: Paths.receivablesAgingCSV()),
            entry(
                "overdue", "overdue_title", "Overdue customers per manager", url: Paths.overdueCustomers(),
                csv: Paths.overdueCustomersCSV()),
            entry(
                "late_payments", "late_payments_title", "Why customers pay late", url: Paths.latePaymentReasons(),
                csv: Paths.latePaymentReasonsCSV()),
            entry(
                "unpaid_past_term", "unpaid_title", "Invoices unpaid past their term",
                url: Paths.unpaidPastTermPage()),
            entry("attainment", "plan_attainment_title", "Attainment", url: Paths.planAttainmentPage(month)),
            entry("leaderboard", "leaderboard_title", "Leaderboard", url: Paths.planLeaderboardPage(month)),
        ]
        if role != .manager {
            reports.insert(
                entry("register", "invoice_register_title", "Invoice register", url: Paths.invoiceRegister()), at: 4)
        }
        if role == .head || role == .admin {
            reports.append(
                entry("head_dashboard", "head_dashboard_title", "Head's dashboard", url: Paths.headDashboard()))
        }
        if role != .manager {
            reports.append(entry("audit", "audit_export_title", "Audit log export", url: Paths.auditExportPage()))
        }
        return ReportsPage(reports: reports)
    }
}
