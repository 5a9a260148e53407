import BentaCore
import BentaServices
import Foundation

/// The month's plan page for the head and the admin: the cost lines form, target profit, margin, the derived
/// break-even and plan, the split table with its difference, and the version history. Built from a draft (the
/// plan in force, or the form as posted), so a refused or extended form shows what was typed. Property names are
/// the template's (`plan.mustache`).
struct PlanPage: PageModel {
    struct KindOption {
        var value: String
        var label: String
        var selected: Bool
    }

    struct CostRow {
        var number: Int
        var label: String
        var amount: String
        var recurring: Bool
        var kinds: [KindOption]
    }

    struct ShareRow {
        var manager_id: String
        var name: String
        var value: String
        var share: String
        /// The manager's plan per quota type, one input each.
        var types: [TypeCell] = []
    }

    /// One manager's plan for one quota type as an input (`type_manager`, `type_code`, `type_value` rows).
    struct TypeCell {
        var manager_id: String
        var code: String
        var name: String
        var value: String
    }

    /// One of the company's quota types, in the list and as a column.
    struct TypeColumn {
        var code: String
        var name: String
        var rule: String
    }

    struct VersionRow {
        var number: Int
        var author: String
        var when: String
        var reason: String
        var target: String
    }

    var month: String
    var action_url: String
    var attainment_url: String
    var previous_url: String
    var next_url: String
    var copy_url: String
    var has_plan: Bool
    var version: Int
    var currency: String
    var total_costs: String
    var break_even: String
    var target: String
    var difference: String
    var cost_rows: [CostRow]
    var row_count: Int
    var target_profit: String
    var gross_margin: String
    var by_weights: Bool
    var by_amounts: Bool
    var percent_scale: Bool
    var share_rows: [ShareRow]
    var reason: String
    var needs_reason: Bool
    var has_problems: Bool
    var problems: [String]
    var versions: [VersionRow]
    /// The company's quota types other than `total`; with none the form has no plan by type.
    var has_types = false
    var quota_types: [TypeColumn] = []
    /// Where the quota type form posts.
    var quota_type_url = Paths.quotaTypesPage()
    /// The number of the latest version when the form was read (0: none), sent back with it: a version saved
    /// meanwhile refuses the save (issue 15).
    var form_version = "0"

    static func make(
        month: PlanMonth, draft: MonthPlanDraft, current: MonthPlan?, history: [MonthPlan], users: [User],
        extraRows: Int, problems: [String], currency: Currency, strings: [String: String],
        quotaTypes: [QuotaType] = []
    ) -> PlanPage {
        var page = splitPage(
            month: month, draft: draft, current: current, history: history, users: users, extraRows: extraRows,
            problems: problems, currency: currency, strings: strings)
        let types = quotaTypes.filter { $0.code != QuotaType.totalCode }
        let typed = Dictionary(
            draft.typeAmounts.map { ($0.managerID + "\u{0}" + $0.quotaType, $0.amount) },
            uniquingKeysWith: { first, _ in first })
        page.has_types = !types.isEmpty
        page.quota_types = types.map {
            TypeColumn(
                code: $0.code, name: $0.name, rule: strings["quota_rule_\($0.rule.rawValue)"] ?? $0.rule.rawValue)
        }
        for index in page.share_rows.indices {
            let row = page.share_rows[index]
            page.share_rows[index].types = types.map {
                TypeCell(
                    manager_id: row.manager_id, code: $0.code, name: $0.name,
                    value: typed[row.manager_id + "\u{0}" + $0.code] ?? "")
            }
        }
        return page
    }

    /// The page without the plan by quota type.
    private static func splitPage(
        month: PlanMonth, draft: MonthPlanDraft, current: MonthPlan?, history: [MonthPlan], users: [User],
        extraRows: Int, problems: [String], currency: Currency, strings: [String: String]
    ) -> PlanPage {
        let names = Dictionary(users.map { ($0.id.description, $0.name) }, uniquingKeysWith: { first, _ in first })
        let shares = Dictionary(
            (current?.split.shares ?? []).map { ($0.managerID, $0.amount.decimalString) },
            uniquingKeysWith: { first, _ in first })
        var lines = draft.costLines
        lines += Array(
            repeating: MonthPlanDraft.CostLineDraft(kind: "other", label: "", amount: "", isRecurringMonthly: true),
            count: max(0, extraRows))
        let values = Dictionary(
            (draft.splitMethod == "amounts" ? draft.amounts : draft.weights).map { ($0.managerID, $0.value) },
            uniquingKeysWith: { first, _ in first })
        let managers = users.filter { ($0.role == .manager && $0.isActive) || values[$0.id.description] != nil }
        return PlanPage(
            month: month.text, action_url: Paths.planPage(month), attainment_url: Paths.planAttainmentPage(month),
            previous_url: Paths.planPage(month.previous), next_url: Paths.planPage(month.next),
            copy_url: Paths.planCopyForwardPage(month), has_plan: current != nil,
            version: current?.version.number ?? 0, currency: currency.code,
            total_costs: current?.plan.totalCosts.decimalString ?? "",
            break_even: current?.plan.breakEvenRevenue.decimalString ?? "",
            target: current?.plan.targetRevenue.decimalString ?? "",
            difference: current?.split.difference.decimalString ?? "",
            cost_rows: lines.enumerated().map { index, line in
                CostRow(
                    number: index + 1, label: line.label, amount: line.amount, recurring: line.isRecurringMonthly,
                    kinds: CostKind.allCases.map {
                        KindOption(
                            value: $0.rawValue, label: strings["plan_cost_\($0.rawValue)"] ?? $0.rawValue,
                            selected: $0.rawValue == line.kind)
                    })
            }, row_count: lines.count, target_profit: draft.targetProfit, gross_margin: draft.grossMargin,
            by_weights: draft.splitMethod != "amounts", by_amounts: draft.splitMethod == "amounts",
            percent_scale: draft.weightScale != "relative",
            share_rows: managers.map { user in
                ShareRow(
                    manager_id: user.id.description, name: user.name, value: values[user.id.description] ?? "",
                    share: shares[user.id.description] ?? "")
            }, reason: draft.reason, needs_reason: current != nil, has_problems: !problems.isEmpty, problems: problems,
            versions: history.map { plan in
                VersionRow(
                    number: plan.version.number, author: names[plan.version.authorID] ?? plan.version.authorID,
                    when: ISO8601DateFormatter().string(from: plan.version.effectiveAt), reason: plan.version.reason,
                    target: plan.plan.targetRevenue.decimalString)
            })
    }

    /// The form as the plan in force says it (empty without one).
    static func draft(of plan: MonthPlan?) -> MonthPlanDraft {
        guard let plan else { return MonthPlanDraft() }
        let content = plan.version.content
        let byHand = content.splitMethod == .amounts
        let shares = plan.split.shares.map {
            MonthPlanDraft.ShareDraft(
                managerID: $0.managerID,
                value: byHand ? $0.amount.decimalString : ($0.weight.map(DecimalText.format) ?? ""))
        }
        var draft = MonthPlanDraft(
            costLines: content.inputs.costLines.map {
                MonthPlanDraft.CostLineDraft(
                    kind: $0.kind.rawValue, label: $0.label, amount: $0.amount.decimalString,
                    isRecurringMonthly: $0.isRecurringMonthly)
            }, targetProfit: content.inputs.targetProfit.decimalString,
            grossMargin: DecimalText.format(content.inputs.grossMarginPercent),
            splitMethod: content.splitMethod.rawValue,
            weightScale: content.weightScale.rawValue, weights: byHand ? [] : shares, amounts: byHand ? shares : [],
            reason: "")
        draft.typeAmounts = plan.typeShares.map {
            MonthPlanDraft.TypeShareDraft(
                managerID: $0.managerID, quotaType: $0.quotaType, amount: $0.amount.decimalString)
        }
        return draft
    }

    /// The form as posted: parallel `cost_kind`, `cost_label`, `cost_amount`, `cost_recurring` rows (a row with
    /// neither label nor amount is left out) and `share_manager`, `share_value` rows (a blank value is left out).
    static func draft(form: FormData) -> MonthPlanDraft {
        let (kinds, labels, amounts, recurring) = (
            form.all("cost_kind"), form.all("cost_label"), form.all("cost_amount"), form.all("cost_recurring")
        )
        var lines: [MonthPlanDraft.CostLineDraft] = []
        for index in labels.indices {
            let amount = index < amounts.count ? amounts[index] : ""
            let label = labels[index]
            guard
                !(label.trimmingCharacters(in: .whitespaces).isEmpty
                    && amount.trimmingCharacters(in: .whitespaces).isEmpty)
            else { continue }
            lines.append(
                MonthPlanDraft.CostLineDraft(
                    kind: index < kinds.count ? kinds[index] : "other", label: label, amount: amount,
                    isRecurringMonthly: index < recurring.count && recurring[index] == "yes"))
        }
        let (managers, values) = (form.all("share_manager"), form.all("share_value"))
        let shares = zip(managers, values).filter { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            MonthPlanDraft.ShareDraft(managerID: $0.0, value: $0.1)
        }
        let byHand = form["split_method"] == "amounts"
        var draft = MonthPlanDraft(
            costLines: lines, targetProfit: form["target_profit"], grossMargin: form["gross_margin"],
            splitMethod: byHand ? "amounts" : "weights", weightScale: form["weight_scale"],
            weights: byHand ? [] : shares, amounts: byHand ? shares : [], reason: form["reason"])
        // The plan by quota type: parallel `type_manager`, `type_code`, `type_value` rows; a blank value is left out.
        let (typeManagers, typeCodes, typeValues) = (
            form.all("type_manager"), form.all("type_code"), form.all("type_value")
        )
        for index in typeValues.indices
        where index < typeManagers.count && index < typeCodes.count
            && !typeValues[index].trimmingCharacters(in: .whitespaces).isEmpty
        {
            draft.typeAmounts.append(
                MonthPlanDraft.TypeShareDraft(
                    managerID: typeManagers[index], quotaType: typeCodes[index], amount: typeValues[index]))
        }
        return draft
    }
}

/// A month's attainment per manager with a server-rendered SVG progress bar each (and its text alternative), and
/// for the head, admin and accountant the costs-covered meter. Property names are the template's
/// (`plan_attainment.mustache`).
struct PlanAttainmentPage: PageModel {
    struct Row {
        var name: String
        var plan: String
        var actual: String
        /// The sales behind the actual (``PlanCreditsPage``).
        var credits_url: String
        var percent: String
        var gap: String
        var run_rate: String
        var weighted: String
        var coverage: String
        var bar_width: String
        var bar_label: String
        /// The manager's rows per quota type (`type-row`), under their total row.
        var types: [QuotaTypeRow] = []
    }

    var month: String
    var as_of: String
    var basis: String
    var currency: String
    var plan_url: String
    var leaderboard_url: String
    var previous_url: String
    var next_url: String
    var is_planner: Bool
    var has_rows: Bool
    var rows: [Row]
    var has_meter: Bool
    var meter_percent: String
    var meter_width: String
    var meter_label: String
    var meter_costs: String
    var meter_profit: String
    var as_of_form: PlanAsOfForm
    var csv_url: String
    var has_teams: Bool
    var teams: [TeamRow]

    static func make(
        _ report: PlanAttainmentReport, asked: CalendarDate?, viewer: Viewer, strings: [String: String]
    ) -> PlanAttainmentPage {
        let dash = "—"
        func width(_ percent: Decimal?) -> String {
            let clamped = min(100, max(0, percent ?? 0))
            return DecimalText.format(Rounding.roundHalfUp(clamped * 2, scale: 1))
        }
        let rows = report.rows.map { row in
            let a = row.attainment
            let percent = a.attainmentPercent.map { DecimalText.format($0) + "%" } ?? dash
            return Row(
                name: row.managerName, plan: a.plan.decimalString, actual: a.actual.decimalString,
                credits_url: Paths.planCreditsPage(report.month, row.managerID)
                    + (asked.map { "?as_of=" + $0.iso8601String } ?? ""),
                percent: percent,
                gap: a.gap.decimalString, run_rate: a.runRateProjection?.decimalString ?? dash,
                weighted: a.weightedPipeline.decimalString,
                coverage: a.weightedCoverage.map { DecimalText.format($0) + "×" } ?? dash,
                bar_width: width(a.attainmentPercent),
                bar_label: (strings["plan_bar_label"] ?? "{name}: {percent} of plan")
                    .replacingOccurrences(of: "{name}", with: row.managerName)
                    .replacingOccurrences(of: "{percent}", with: percent),
                types: row.byType.map(QuotaTypeRow.init))
        }
        let meter = report.costsCovered
        let meterPercent = meter?.percent.map { DecimalText.format($0) + "%" } ?? dash
        return PlanAttainmentPage(
            month: report.month.text, as_of: report.asOf.iso8601String,
            basis: strings["plan_basis_\(report.basis.rawValue)"] ?? report.basis.rawValue,
            currency: report.currency.code, plan_url: Paths.planPage(report.month),
            leaderboard_url: Paths.planLeaderboardPage(report.month),
            previous_url: Paths.planAttainmentPage(report.month.previous),
            next_url: Paths.planAttainmentPage(report.month.next),
            is_planner: viewer.role == .head || viewer.role == .admin, has_rows: !rows.isEmpty, rows: rows,
            has_meter: meter != nil, meter_percent: meterPercent, meter_width: width(meter?.percent),
            meter_label: (strings["plan_meter_label"] ?? "Costs covered: {percent}")
                .replacingOccurrences(of: "{percent}", with: meterPercent),
            meter_costs: meter?.costs.decimalString ?? dash, meter_profit: meter?.grossProfit.decimalString ?? dash,
            as_of_form: PlanAsOfForm(action: Paths.planAttainmentPage(report.month), month: nil, asked: asked),
            csv_url: Paths.planAttainmentCSV(report.month) + (asked.map { "?as_of=" + $0.iso8601String } ?? ""),
            has_teams: !report.teams.isEmpty, teams: report.teams.map(TeamRow.init))
    }
}

extension PlanAttainmentPage {
    /// The report as CSV rows: kind (manager or team), name, plan, actual, attainment %, gap, run-rate projection,
    /// weighted pipeline and its coverage (blank where a figure has no value or does not apply to a team).
    static func csvRows(_ report: PlanAttainmentReport) -> [[String]] {
        var rows: [[String]] = [
            [
                "kind", "name", "plan", "actual", "attainment_percent", "gap", "run_rate_projection",
                "weighted_pipeline", "weighted_coverage",
            ]
        ]
        for row in report.rows {
            let a = row.attainment
            rows.append([
                "manager", row.managerName, a.plan.decimalString, a.actual.decimalString,
                a.attainmentPercent.map(DecimalText.format) ?? "", a.gap.decimalString,
                a.runRateProjection?.decimalString ?? "", a.weightedPipeline.decimalString,
                a.weightedCoverage.map(DecimalText.format) ?? "",
            ])
            // A plan split by quota type: one row per type under the manager's total, named "manager — type".
            for typed in row.byType {
                rows.append([
                    "quota_type:\(typed.quotaType.code)", "\(row.managerName) — \(typed.quotaType.name)",
                    typed.plan.decimalString, typed.actual.decimalString,
                    typed.attainmentPercent.map(DecimalText.format) ?? "", typed.gap.decimalString, "", "", "",
                ])
            }
        }
        for team in report.teams {
            rows.append([
                "team", team.teamName, team.plan.decimalString, team.actual.decimalString,
                team.attainmentPercent.map(DecimalText.format) ?? "", team.gap.decimalString, "", "", "",
            ])
        }
        return rows
    }
}

/// One quota type's row of a manager (attainment page) or of the company (head dashboard): the type's plan, actual,
/// attainment and gap.
struct QuotaTypeRow {
    var code: String
    var name: String
    var plan: String
    var actual: String
    var percent: String
    var gap: String

    init(_ typed: TypedAttainment) {
        code = typed.quotaType.code
        name = typed.quotaType.name
        plan = typed.plan.decimalString
        actual = typed.actual.decimalString
        percent = typed.attainmentPercent.map { DecimalText.format($0) + "%" } ?? "—"
        gap = typed.gap.decimalString
    }
}

/// One team's row (`plan_teams.mustache`): its members' plans and actuals added up.
struct TeamRow {
    var name: String
    var plan: String
    var actual: String
    var percent: String
    var gap: String

    init(_ team: TeamAttainment) {
        name = team.teamName
        plan = team.plan.decimalString
        actual = team.actual.decimalString
        percent = team.attainmentPercent.map { DecimalText.format($0) + "%" } ?? "—"
        gap = team.gap.decimalString
    }
}

/// The "plan as it stood on" form of the reports (`plan_as_of.mustache`): a GET form with the `as_of` day.
struct PlanAsOfForm {
    /// The page the form reads again.
    var action: String
    /// Whether the page takes the month as a query parameter (the head's dashboard).
    var has_month: Bool
    /// That month; blank otherwise.
    var month_param: String
    /// The day asked for, blank for today.
    var value: String

    init(action: String, month: PlanMonth?, asked: CalendarDate?) {
        self.action = action
        has_month = month != nil
        month_param = month?.text ?? ""
        value = asked?.iso8601String ?? ""
    }
}
