import BentaCore
import BentaServices
import Foundation

/// "My day", the first page after signing in (issue 14 item 3, issue 13's manager dashboard). A manager sees money
/// and calls first — the collection calls to make (the phone as a `tel:` link, a quick form for the outcome) and
/// their overdue customers — then this month's plan against actual as a progress bar with its figures, the
/// commission earned so far and projected, the open deals per stage, and then tasks (linking to the record by
/// name), meetings and their newest leads. The accountant sees the money queue instead; the head and the admin no
/// manager's figures and no "New lead", but the way to the head's dashboard. Property names are the template's (`my_day.mustache`).
struct MyDayPage: PageModel {
    /// A new lead of mine.
    struct LeadRow {
        var url: String
        var name: String
        var phone: String
        var source: String
        var created: String
    }

    /// An open task due by the end of today, its record named in its link.
    struct TaskLine {
        var title: String
        var notes: String
        var due: String
        var is_overdue: Bool
        var is_high: Bool
        var complete_url: String
        var return_to: String
        var has_record: Bool
        var record_url: String
        var record_name: String
    }

    /// An open collection call due by today, with whom to call and the quick outcome form.
    struct CallRow {
        var account: String
        var account_url: String
        var contact_name: String
        var has_contact: Bool
        var has_phone: Bool
        var phone: String
        var tel_url: String
        var overdue: String
        var invoice_count: Int
        var action_url: String
        var version: Int64
        /// Unique per row, for the form's label ids.
        var key: String
    }

    /// One of my customers with invoices past due.
    struct OverdueRow {
        var account: String
        var account_url: String
        var invoices_url: String
        var invoice_count: Int
        var amount: String
        var oldest_days: Int
    }

    /// My open deals in one pipeline stage.
    struct StageRow {
        var pipeline: String
        var stage: String
        var count: Int
        var amount: String
        var url: String
    }

    /// One line of the accountant's money queue.
    struct QueueRow {
        var label: String
        var count: Int
        var has_url: Bool
        var url: String
        var key: String
    }

    /// A choice of a select.
    struct Option {
        var value: String
        var label: String
    }

    /// How many overdue customers the page lists; the rest are on the overdue-customers report.
    static let overdueShown = 10

    /// Today's date, as shown.
    var today: String
    var is_manager: Bool
    var is_accountant: Bool
    /// The head and the admin: a link to the head's dashboard instead of a manager's figures.
    var is_head: Bool
    var overdue_tasks: [TaskLine]
    var has_overdue: Bool
    var today_tasks: [TaskLine]
    var has_today_tasks: Bool
    var meetings: [MeetingRow]
    var has_meetings: Bool
    var new_leads: [LeadRow]
    var has_new_leads: Bool
    /// Today for the task form's date field and the promise date's minimum.
    var today_value: String
    var return_to: String

    // Money and calls (a manager's).
    var calls: [CallRow] = []
    var has_calls = false
    var reasons: [Option] = []
    var overdue_customers: [OverdueRow] = []
    var has_overdue_customers = false
    /// "3 customers owe ₱… on 7 overdue invoices."
    var overdue_summary = ""
    var has_more_overdue = false
    var overdue_invoices_url = ""

    // This month's plan against actual (a manager's).
    var has_plan = false
    var plan_month = ""
    var plan_figure = ""
    var actual_figure = ""
    var percent_figure = ""
    var gap_figure = ""
    var bar_width = "0"
    var bar_label = ""
    var attainment_url = ""
    var has_earnings = false
    var earned_figure = ""
    var projected_figure = ""
    var commission_url = ""
    var stages: [StageRow] = []
    var has_stages = false
    var deals_url = ""

    // The accountant's money queue.
    var queue: [QueueRow] = []

    /// The page for `tasks` (due by the end of today: those overdue at `now` and the rest), today's `meetings` and
    /// `newLeads` (newest first); `names` names the records the tasks point at.
    static func make(
        today: CalendarDate, now: Date, tasks: [TaskItem], meetings: [Meeting], newLeads: [Lead], names: RecordNames,
        role: Role, directory: PageDirectory, strings: [String: String]
    ) -> MyDayPage {
        let zone = directory.company.settings.timeZone
        let overdue = tasks.filter { $0.isOverdue(now: now, timeZone: zone) }
        let dueToday = tasks.filter { !$0.isOverdue(now: now, timeZone: zone) }
        func lines(_ tasks: [TaskItem]) -> [TaskLine] {
            tasks.map { task in
                var url = ""
                var name = ""
                if let lead = task.leadID, let found = names.leads[lead] {
                    (url, name) = (Paths.lead(lead), found)
                } else if let account = task.accountID, let found = names.accounts[account] {
                    (url, name) = (Paths.account(account), found)
                }
                let shown = task.shown(in: strings)
                return TaskLine(
                    title: shown.title, notes: shown.notes,
                    due: task.isAllDay
                        ? DateFormatting.display(CalendarDate.from(task.dueAt, in: zone), language: directory.language)
                        : directory.dateTime(task.dueAt),
                    is_overdue: task.isOverdue(now: now, timeZone: zone), is_high: task.priority == .high,
                    complete_url: Paths.completeTask(task.id), return_to: Paths.myDay(), has_record: !url.isEmpty,
                    record_url: url, record_name: name)
            }
        }
        let leads = newLeads.map { lead in
            LeadRow(
                url: Paths.lead(lead.id), name: lead.displayName, phone: lead.fields.phone?.display ?? "",
                source: strings["source_\(lead.fields.source.rawValue)"] ?? lead.fields.source.rawValue,
                created: directory.dateTime(lead.createdAt))
        }
        return MyDayPage(
            today: DateFormatting.display(today, language: directory.language), is_manager: role == .manager,
            is_accountant: role == .accountant, is_head: role == .head || role == .admin, overdue_tasks: lines(overdue),
            has_overdue: !overdue.isEmpty,
            today_tasks: lines(dueToday), has_today_tasks: !dueToday.isEmpty,
            meetings: meetings.map { MeetingRow.make($0, directory: directory) }, has_meetings: !meetings.isEmpty,
            new_leads: leads, has_new_leads: !leads.isEmpty, today_value: today.iso8601String,
            return_to: Paths.myDay())
    }

    /// Adds a manager's money and calls: the open `calls` due by today, and from the `overdue` list (the manager's
    /// totals and a page of their customers, as the overdue-customers report reads them) the customers most days
    /// late first, the first ``overdueShown`` of them, with the count and total of all of them.
    mutating func addMoney(
        calls: [CallToMake], overdue: OverdueList, viewer: Viewer, strings: [String: String], language: LanguageCode
    ) {
        let money = MoneyFormatter(language: language)
        self.calls = calls.map { item in
            let phone = item.contact.phone ?? ""
            return CallRow(
                account: item.accountName, account_url: Paths.account(item.call.accountID),
                contact_name: item.contact.name ?? "", has_contact: item.contact.name != nil,
                has_phone: !phone.isEmpty, phone: item.contact.phoneDisplay ?? phone, tel_url: "tel:" + phone,
                overdue: item.overdueTotals.map(money.format).joined(separator: " + "),
                invoice_count: item.overdueInvoices.count, action_url: Paths.collectionCallOutcome(item.call.id),
                version: item.call.version, key: item.call.id.description)
        }
        has_calls = !self.calls.isEmpty
        reasons = LatePaymentReason.allCases.map {
            Option(value: $0.rawValue, label: strings[$0.labelKey] ?? $0.rawValue)
        }
        // One row per customer (a customer owing in two currencies shows both amounts), most days late first.
        var rows: [(id: Account.ID, name: String, invoices: Int, amounts: [Money], oldest: CalendarDate)] = []
        for customer in overdue.customers.items {
            if let index = rows.firstIndex(where: { $0.id == customer.accountID }) {
                rows[index].invoices += customer.invoiceCount
                rows[index].amounts.append(customer.overdue)
                rows[index].oldest = min(rows[index].oldest, customer.oldestDue)
            } else {
                rows.append(
                    (
                        customer.accountID, customer.accountName, customer.invoiceCount, [customer.overdue],
                        customer.oldestDue
                    ))
            }
        }
        rows.sort { $0.oldest != $1.oldest ? $0.oldest < $1.oldest : $0.id < $1.id }
        overdue_customers = rows.prefix(Self.overdueShown).map { row in
            OverdueRow(
                account: row.name, account_url: Paths.account(row.id), invoices_url: Paths.accountStatement(row.id),
                invoice_count: row.invoices, amount: row.amounts.map(money.format).joined(separator: " + "),
                oldest_days: row.oldest.days(until: overdue.asOf))
        }
        has_overdue_customers = !rows.isEmpty
        has_more_overdue = rows.count > Self.overdueShown || overdue.customers.nextCursor != nil
        let totals = overdue.managers.filter { $0.managerID == viewer.userID }
            .sorted { $0.overdue.currency.code < $1.overdue.currency.code }
        overdue_summary =
            (strings["my_day_overdue_summary"]
            ?? "{customers} customers owe {amount} on {invoices} overdue invoices.")
            .replacingOccurrences(of: "{customers}", with: String(totals.map(\.customerCount).max() ?? 0))
            .replacingOccurrences(
                of: "{amount}", with: totals.map { money.format($0.overdue) }.joined(separator: " + ")
            )
            .replacingOccurrences(of: "{invoices}", with: String(totals.reduce(0) { $0 + $1.invoiceCount }))
        overdue_invoices_url =
            Paths.invoices()
            + QueryString.make([
                ("status", InvoiceDisplayStatus.overdue.rawValue), ("owner_id", viewer.userID.description),
            ])
    }

    /// Adds this month's plan against actual (the manager's row of the attainment report, the same figures as the
    /// attainment API), the commission `estimate` (earned so far, and with the open deals expected to close this
    /// month) and the open deals per stage.
    mutating func addPlan(
        month: PlanMonth, attainment: Attainment?, estimate: CommissionEstimate?, stages: [PipelineStageTotal],
        viewer: Viewer, strings: [String: String], language: LanguageCode
    ) {
        let money = MoneyFormatter(language: language)
        plan_month = month.text
        attainment_url = Paths.planAttainmentPage(month)
        if let attainment {
            has_plan = true
            plan_figure = money.format(attainment.plan)
            actual_figure = money.format(attainment.actual)
            gap_figure = money.format(attainment.gap)
            percent_figure = attainment.attainmentPercent.map { DecimalText.format($0) + "%" } ?? "—"
            let clamped = min(100, max(0, attainment.attainmentPercent ?? 0))
            bar_width = DecimalText.format(Rounding.roundHalfUp(clamped * 2, scale: 1))
            bar_label = (strings["my_day_plan_bar_label"] ?? "{percent} of this month's plan")
                .replacingOccurrences(of: "{percent}", with: percent_figure)
        }
        commission_url = Paths.commission()
        if let estimate {
            has_earnings = true
            earned_figure = money.format(estimate.current.earned)
            projected_figure = money.format(estimate.withDeals.earned)
        }
        deals_url = Paths.dealList() + QueryString.make([("owner_id", viewer.userID.description)])
        self.stages = stages.map { stage in
            StageRow(
                pipeline: StageNames.pipeline(stage.pipelineName, strings: strings),
                stage: StageNames.shown(stage.stageName, strings: strings), count: stage.dealCount,
                amount: stage.amounts.map(money.format).joined(separator: " + "),
                url: Paths.dealList()
                    + QueryString.make([
                        ("stage_id", stage.stageID.description), ("owner_id", viewer.userID.description),
                    ]))
        }
        has_stages = !self.stages.isEmpty
    }

    /// Adds the accountant's money queue, each count linking to the page that works it off (the pending 2307s have
    /// no page yet: their count stands alone).
    mutating func addQueue(_ counts: MoneyQueueCounts, strings: [String: String]) {
        queue = [
            QueueRow(
                label: strings["my_day_queue_statement_lines"] ?? "Statement lines to review",
                count: counts.statementLinesToReview, has_url: true, url: Paths.statementQueue(), key: "statement-lines"
            ),
            QueueRow(
                label: strings["my_day_queue_payments"] ?? "Payments to allocate", count: counts.paymentsToAllocate,
                has_url: true, url: Paths.payments(), key: "payments"),
            QueueRow(
                label: strings["my_day_queue_certificates"] ?? "Customer quarters waiting for a 2307",
                count: counts.pendingCertificates, has_url: false, url: "", key: "certificates"),
        ]
    }
}
