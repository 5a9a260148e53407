import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The panels every record page shares: its timeline, its open tasks, the quick "log a call" form and the task form.
/// ``load(for:context:cursor:)`` reads what they show; ``RecordPanelsPart`` is the partial's typed values.
struct RecordPanels {
    let services: Services
    let renderer: PageRenderer

    /// What the panels of one record show, as read.
    struct Loaded {
        var owner: TimelineOwner
        /// One page of the timeline, newest first.
        var timeline: Page<Activity>
        var tasks: [TaskItem]
        var meetings: [Meeting]
        /// The account and lead a new meeting starts with.
        var meetingAccount: Account.ID?
        var meetingLead: Lead.ID?
        var now: Date
    }

    /// Reads the timeline page before `cursor`, the open tasks and the meetings of the last 30 and next 180 days of
    /// `owner` (a contact's tasks and meetings are its account's), with the viewer's visibility.
    func load(for owner: TimelineOwner, context: AuthenticatedContext, cursor: String?) async throws -> Loaded {
        let page = try await services.activities.timeline(owner, viewer: context.viewer, limit: 25, cursor: cursor)
        var filter = TaskFilter()
        var meetingAccount: Account.ID?
        var meetingLead: Lead.ID?
        switch owner {
        case .account(let id):
            filter.accountID = id
            meetingAccount = id
        case .contact(let id):
            let contact = try await services.contacts.contact(id, viewer: context.viewer)
            filter.accountID = contact.fields.accountID
            meetingAccount = contact.fields.accountID
        case .lead(let id):
            filter.leadID = id
            meetingLead = id
        }
        let tasks = try await services.tasks.list(viewer: context.viewer, filter: filter)
        let now = services.clock.now()
        var meetings: [Meeting] = []
        if meetingAccount != nil || meetingLead != nil {
            meetings = try await services.meetings.list(
                viewer: context.viewer, from: now.addingTimeInterval(-30 * 86400),
                to: now.addingTimeInterval(180 * 86400), accountID: meetingAccount, leadID: meetingLead)
        }
        return Loaded(
            owner: owner, timeline: page, tasks: tasks, meetings: meetings, meetingAccount: meetingAccount,
            meetingLead: meetingLead, now: now)
    }
}
