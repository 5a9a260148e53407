import BentaCore
import Foundation

/// Why customers pay late (`late_payments.mustache`, issue 12's reports): the reasons given on the calls logged in a
/// period by count and overdue amount, as a server-rendered SVG bar chart with its table as the text alternative;
/// the reasons per manager; the promises decided in the period per manager with the promise-kept rate; the
/// customers who broke promises. A head or admin picks a manager; a manager sees their own customers.
struct LatePaymentsPage: PageModel {
    /// One reason's bar of the chart (calls, horizontal) and its row of the table.
    struct Bar {
        var reason: String
        var calls: Int
        var share: String
        var overdue: String
        var y: String
        var label_y: String
        var width: String
        var value_x: String
    }

    struct ManagerRow {
        var manager: String
        var reason: String
        var calls: Int
        var overdue: String
    }

    struct PromiseRow {
        var manager: String
        var kept: Int
        var partly_kept: Int
        var broken: Int
        var decided: Int
        var kept_percent: String
    }

    struct BrokenRow {
        var account: String
        var account_url: String
        var broken: Int
    }

    var from: String
    var to: String
    var period_label: String
    var is_manager_view: Bool
    var may_filter: Bool
    var managers: [PageChoice]
    var has_calls: Bool
    var chart_label: String
    var chart_height: Int
    var bars: [Bar]
    var by_manager: [ManagerRow]
    var has_promises: Bool
    var promises: [PromiseRow]
    var kept_rate: String
    var has_broken: Bool
    var broken: [BrokenRow]
    var reasons_csv_url: String
    var promises_csv_url: String
    var receivables_url: String
    var overdue_url: String
    var calls_url: String

    /// Each bar's band in SVG units; the label column's width and the longest bar's.
    static let band = 28
    static let labelWidth: Decimal = 210
    static let barArea: Decimal = 300

    static func make(
        _ report: LatePaymentReport, ownerID: User.ID?, mayFilter: Bool, isManager: Bool, directory: PageDirectory,
        strings: [String: String], language: LanguageCode
    ) -> LatePaymentsPage {
        let money = MoneyFormatter(language: language)
        let dash = "–"
        func reasonLabel(_ reason: LatePaymentReason) -> String { strings[reason.labelKey] ?? reason.rawValue }
        func amounts(_ values: [Money]) -> String {
            var sums: [Currency: Int64] = [:]
            for value in values { sums[value.currency, default: 0] += value.minorUnits }
            let text = sums.sorted { $0.key.code < $1.key.code }.map {
                money.format(Money(minorUnits: $0.value, currency: $0.key))
            }
            return text.isEmpty ? dash : text.joined(separator: " + ")
        }
        func percent(_ value: Decimal?) -> String { value.map { DecimalText.format($0) + "%" } ?? dash }
        func name(_ id: User.ID) -> String {
            let name = directory.userName(id)
            return name.isEmpty ? id.description : name
        }
        // Every reason has its bar, in the order the call form offers them, so the chart reads the same each time.
        let total = report.reasons.reduce(0) { $0 + $1.calls }
        let largest =
            LatePaymentReason.allCases.map { reason in
                report.reasons.filter { $0.reason == reason }.reduce(0) { $0 + $1.calls }
            }.max() ?? 0
        func text(_ value: Decimal) -> String { DecimalText.format(value) }
        let bars = LatePaymentReason.allCases.enumerated().map { index, reason in
            let rows = report.reasons.filter { $0.reason == reason }
            let calls = rows.reduce(0) { $0 + $1.calls }
            let width =
                largest > 0 ? Rounding.roundHalfUp(Decimal(calls) * barArea / Decimal(largest), scale: 1) : 0
            let top = Decimal(index * band)
            return Bar(
                reason: reasonLabel(reason), calls: calls,
                share: total > 0
                    ? percent(Rounding.roundHalfUp(Decimal(calls) * 100 / Decimal(total), scale: 1)) : dash,
                overdue: amounts(rows.compactMap(\.overdue)), y: text(top + 4), label_y: text(top + 19),
                width: text(width), value_x: text(labelWidth + width + 6))
        }
        let byManager = report.reasons.map { row in
            ManagerRow(
                manager: name(row.managerID), reason: reasonLabel(row.reason), calls: row.calls,
                overdue: row.overdue.map(money.format) ?? dash)
        }
        let promises = report.promises.map { row in
            PromiseRow(
                manager: name(row.managerID), kept: row.kept, partly_kept: row.partlyKept, broken: row.broken,
                decided: row.decided, kept_percent: percent(row.keptPercent))
        }
        // The rate over everyone shown, by the same rule as each manager's (kept ÷ decided, partly kept apart).
        let keptRate = report.promises.first.flatMap { first in
            LatePaymentReport.PromiseRow(
                managerID: first.managerID, kept: report.promises.reduce(0) { $0 + $1.kept },
                partlyKept: report.promises.reduce(0) { $0 + $1.partlyKept },
                broken: report.promises.reduce(0) { $0 + $1.broken }
            ).keptPercent
        }
        let period: [(String, String?)] = [
            ("from", report.from.iso8601String), ("to", report.to.iso8601String),
            ("owner_id", ownerID?.description),
        ]
        let title = strings["late_payments_title"] ?? "Why customers pay late"
        return LatePaymentsPage(
            from: report.from.iso8601String, to: report.to.iso8601String,
            period_label: DateFormatting.display(report.from, language: language) + " – "
                + DateFormatting.display(report.to, language: language),
            is_manager_view: isManager, may_filter: mayFilter,
            managers: directory.users.filter { $0.role == .manager || $0.role == .head }.map {
                PageChoice(value: $0.id.description, label: $0.name, selected: $0.id == ownerID)
            },
            has_calls: total > 0,
            chart_label: title + " (" + (strings["late_payments_chart_alt"] ?? "the table lists the figures") + ")",
            chart_height: LatePaymentReason.allCases.count * band, bars: bars, by_manager: byManager,
            has_promises: !promises.isEmpty, promises: promises, kept_rate: percent(keptRate),
            has_broken: !report.broken.isEmpty,
            broken: report.broken.map {
                BrokenRow(account: $0.accountName, account_url: Paths.account($0.accountID), broken: $0.broken)
            },
            reasons_csv_url: Paths.latePaymentReasonsCSV() + QueryString.make(period + [("table", "reasons")]),
            promises_csv_url: Paths.latePaymentReasonsCSV() + QueryString.make(period + [("table", "promises")]),
            receivables_url: Paths.receivables(), overdue_url: Paths.overdueCustomers(),
            calls_url: Paths.collectionCalls())
    }
}
