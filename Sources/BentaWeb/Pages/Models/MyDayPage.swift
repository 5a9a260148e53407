import BentaCore
import Foundation

/// "My day": overdue and today's tasks, today's meetings, new leads assigned to me.
/// Property names are the template's (`my_day.mustache`).
struct MyDayPage: PageModel {
    /// A new lead of mine.
    struct LeadRow {
        var url: String
        var name: String
        var phone: String
        var source: String
        var created: String
    }

    /// Today's date, as shown.
    var today: String
    var overdue_tasks: [TaskRow]
    var has_overdue: Bool
    var today_tasks: [TaskRow]
    var has_today_tasks: Bool
    var meetings: [MeetingRow]
    var has_meetings: Bool
    var new_leads: [LeadRow]
    var has_new_leads: Bool
    /// Today for the task form's date field.
    var today_value: String
    var return_to: String
    /// Today's open collection calls (issue 12), linking to "My calls to make".
    var calls: [CallRow] = []
    var has_calls = false

    /// An open collection call due by today.
    struct CallRow {
        var account: String
        var overdue: String
    }

    /// The page for `tasks` (due by the end of today: those overdue at `now` and the rest), today's `meetings` and
    /// `newLeads`.
    static func make(
        today: CalendarDate, now: Date, tasks: [TaskItem], meetings: [Meeting], newLeads: [Lead],
        directory: PageDirectory, strings: [String: String], calls: [CallToMake] = []
    ) -> MyDayPage {
        let zone = directory.company.settings.timeZone
        let overdue = tasks.filter { $0.isOverdue(now: now, timeZone: zone) }
        let dueToday = tasks.filter { !$0.isOverdue(now: now, timeZone: zone) }
        func rows(_ tasks: [TaskItem]) -> [TaskRow] {
            tasks.map { TaskRow.make($0, directory: directory, now: now, returnTo: Paths.myDay()) }
        }
        let leads = newLeads.map { lead in
            LeadRow(
                url: Paths.lead(lead.id), name: lead.displayName, phone: lead.fields.phone?.display ?? "",
                source: strings["source_\(lead.fields.source.rawValue)"] ?? lead.fields.source.rawValue,
                created: directory.dateTime(lead.createdAt))
        }
        let money = MoneyFormatter(language: directory.language)
        let callRows = calls.map { item in
            CallRow(account: item.accountName, overdue: item.overdueTotals.map(money.format).joined(separator: " + "))
        }
        return MyDayPage(
            today: DateFormatting.display(today, language: directory.language), overdue_tasks: rows(overdue),
            has_overdue: !overdue.isEmpty, today_tasks: rows(dueToday), has_today_tasks: !dueToday.isEmpty,
            meetings: meetings.map { MeetingRow.make($0, directory: directory) }, has_meetings: !meetings.isEmpty,
            new_leads: leads, has_new_leads: !leads.isEmpty, today_value: today.iso8601String,
            return_to: Paths.myDay(), calls: callRows, has_calls: !callRows.isEmpty)
    }
}
