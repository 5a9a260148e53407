import BentaCore
import BentaFormats
import Foundation

/// `/commission` (`commission.mustache`): a month's statements (a manager's own; every manager's for the head and
/// admins, with the run and approve buttons) and, for a manager, the running month's estimate.
struct CommissionPage: PageModel {
    struct Row {
        var manager: String
        var month: String
        var status: String
        var credited_sales: String
        var earned: String
        var payable: String
        var url: String
        var can_approve: Bool
        var approve_url: String
    }

    struct EstimateDeal {
        var title: String
        var amount: String
        var expected_close: String
    }

    var month: String
    var commission_url: String
    var run_url: String
    var can_manage: Bool
    var rows: [Row]
    var has_rows: Bool
    var has_estimate: Bool
    var estimate_earned: String
    var estimate_with_deals: String
    var estimate_additional: String
    var estimate_deals: [EstimateDeal]
    var has_estimate_deals: Bool
    var problem: String
    var has_problem: Bool

    static func make(
        month: PlanMonth, statements: [StoredCommissionStatement], names: [User.ID: String], viewer: Viewer,
        estimate: CommissionEstimate?, problem: String?, strings: [String: String], language: LanguageCode
    ) -> CommissionPage {
        let money = MoneyFormatter(language: language)
        return CommissionPage(
            month: month.text, commission_url: Paths.commission(), run_url: Paths.commissionRunPage(),
            can_manage: CommissionRules.mayManage(viewer.role),
            rows: statements.map { stored in
                Row(
                    manager: names[stored.userID] ?? stored.userID.description, month: stored.month.text,
                    status: strings[stored.status.labelKey] ?? stored.status.rawValue,
                    credited_sales: money.format(stored.statement.creditedSales),
                    earned: money.format(stored.statement.earned), payable: money.format(stored.statement.payable),
                    url: Paths.commissionStatementPage(stored.id),
                    can_approve: stored.allowedActions(for: viewer).contains("approve"),
                    approve_url: Paths.commissionApprovePage(stored.id))
            }, has_rows: !statements.isEmpty, has_estimate: estimate != nil,
            estimate_earned: estimate.map { money.format($0.current.earned) } ?? "",
            estimate_with_deals: estimate.map { money.format($0.withDeals.earned) } ?? "",
            estimate_additional: estimate.map { money.format($0.additional) } ?? "",
            estimate_deals: (estimate?.deals ?? []).map { deal in
                EstimateDeal(
                    title: deal.title, amount: money.format(deal.amount),
                    expected_close: DateFormatting.display(deal.expectedClose, language: language))
            }, has_estimate_deals: !(estimate?.deals ?? []).isEmpty, problem: problem ?? "",
            has_problem: problem != nil)
    }
}

/// `/commission/statements/{id}` (`commission_statement.mustache`): the statement line by line, each line linked
/// to its source record, the totals, the PDF and CSV links and, for a draft, the approve button.
struct CommissionStatementPage: PageModel {
    struct Line {
        var seq: String
        var source: String
        var source_url: String
        var has_source_url: Bool
        var date: String
        var basis: String
        var band: String
        var rate: String
        var amount: String
        var note: String
    }

    struct Total {
        var label: String
        var value: String
    }

    var manager: String
    var month: String
    var status: String
    var lines: [Line]
    var has_lines: Bool
    var totals: [Total]
    var pdf_url: String
    var csv_url: String
    var commission_url: String
    var can_approve: Bool
    var approve_url: String

    static func make(
        _ stored: StoredCommissionStatement, manager: String, viewer: Viewer, strings: [String: String]
    ) -> CommissionStatementPage {
        let statement = stored.statement
        let rows = CommissionExplanation.rows(statement)
        return CommissionStatementPage(
            manager: manager, month: stored.month.text,
            status: strings[stored.status.labelKey] ?? stored.status.rawValue,
            lines: rows.enumerated().map { index, row in
                let url = Self.link(kind: row.kind, id: row.sourceID)
                return Line(
                    seq: "\(index + 1)", source: strings["commission_source.\(row.kind)"] ?? row.kind,
                    source_url: url ?? "", has_source_url: url != nil, date: row.date, basis: row.basis,
                    band: row.band, rate: row.rate, amount: row.amount,
                    note: row.note.isEmpty ? (row.sourceID ?? "") : row.note)
            }, has_lines: !rows.isEmpty,
            totals: zip(Self.totalKeys, CommissionExplanation.totals(statement)).map { key, total in
                Total(label: strings[key] ?? total.label, value: total.value)
            },
            pdf_url: Paths.commissionStatementPDFPage(stored.id), csv_url: Paths.commissionStatementCSVPage(stored.id),
            commission_url: Paths.commission() + QueryString.make([("month", stored.month.text)]),
            can_approve: stored.allowedActions(for: viewer).contains("approve"),
            approve_url: Paths.commissionApprovePage(stored.id))
    }

    /// The translation keys of ``CommissionExplanation/totals(_:)``, in its order.
    static let totalKeys = [
        "commission_target", "commission_credited_sales", "commission_earned", "commission_deficit_in",
        "commission_draw_paid", "commission_deficit_out", "commission_payable", "commission_base_salary",
        "quota_type_label",
    ]

    /// The page of a line's source record: the invoice or credit note, the deal, the payment.
    static func link(kind: String, id: String?) -> String? {
        guard let id else { return nil }
        switch kind {
        case "invoice", "credit_note", "clawback": return Invoice.ID(string: id).map { Paths.invoice($0) }
        case "deal": return Deal.ID(string: id).map { Paths.deal($0) }
        case "payment": return Payment.ID(string: id).map { Paths.payment($0) }
        default: return nil
        }
    }
}
