import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The quick actions on record pages: log a call, note or letter; add, complete or reopen a task.
struct ActivitiesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.activities, use: log)
        group.post(Paths.tasks, use: createTask)
        group.post(Paths.completeTask, use: complete)
        group.post(Paths.reopenTask, use: reopen)
    }

    @Sendable func log(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        var draft = ActivityDraft()
        draft.kind = form["kind"].isEmpty ? Activity.Kind.call.rawValue : form["kind"]
        draft.direction = form["direction"]
        draft.subject = form["subject"]
        draft.body = form["body"]
        draft.phone = form["phone"]
        draft.durationMinutes = form["duration_minutes"]
        draft.outcome = form["outcome"]
        draft.accountID = form["account_id"]
        draft.contactID = form["contact_id"]
        draft.leadID = form["lead_id"]
        draft.nextStep = form["next_step"]
        draft.occurredAt = form["occurred_at"].isEmpty ? nil : DateInput.local(form["occurred_at"], timeZone: zone)
        draft.nextStepDue = form["next_step_due"].isEmpty ? nil : DateInput.local(form["next_step_due"], timeZone: zone)
        return try await quickForm(form, context: context) {
            _ = try await services.activities.log(draft, viewer: context.viewer)
        }
    }

    @Sendable func createTask(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        var draft = TaskDraft()
        draft.title = form["title"]
        draft.notes = form["notes"]
        if !form["due_date"].isEmpty {
            draft.dueAt = DateInput.day(form["due_date"], timeZone: zone)
            draft.isAllDay = true
        } else if !form["due_at"].isEmpty {
            draft.dueAt = DateInput.local(form["due_at"], timeZone: zone)
        }
        draft.priority = form["priority"].isEmpty ? TaskItem.Priority.normal.rawValue : form["priority"]
        draft.assigneeID = form["assignee_id"]
        draft.accountID = form["account_id"]
        draft.contactID = form["contact_id"]
        draft.leadID = form["lead_id"]
        return try await quickForm(form, context: context) {
            _ = try await services.tasks.create(draft, viewer: context.viewer)
        }
    }

    @Sendable func complete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setDone(true, context: context)
    }

    @Sendable func reopen(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setDone(false, context: context)
    }

    private func setDone(_ done: Bool, context: AuthenticatedContext) async throws -> Response {
        let id: TaskItem.ID = try PathID.parse(context, entity: "task")
        _ = try await services.tasks.setDone(done, id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(
            to: SafeRedirect.local((context.form ?? FormData())["return_to"]) ?? Paths.myDay(), type: .normal)
    }

    /// A quick form posted from another page: `save`, then back to the page it came from (`return_to`, else My
    /// day), or a small page that lists what was wrong, with a way back (status 422).
    private func quickForm(
        _ form: FormData, context: AuthenticatedContext, save: () async throws -> Void
    ) async throws -> Response {
        try await FormSubmission.submit {
            try await save()
            return SafeRedirect.local(form["return_to"]) ?? Paths.myDay()
        } refused: { errors in
            renderer.formProblem(errors, returnTo: form["return_to"], section: nil, context: context)
        }
    }
}

/// Only a path on this site may be a redirect target (no open redirect to another site).
enum SafeRedirect {
    static func local(_ target: String?) -> String? {
        guard let target, target.hasPrefix(Paths.home()), !target.hasPrefix("//"), !target.contains("\\"),
            target.count < 500
        else { return nil }
        return target
    }
}
