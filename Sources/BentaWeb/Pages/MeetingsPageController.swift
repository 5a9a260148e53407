import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Meeting pages: plan a meeting with a customer's representatives, see it, record its outcome, cancel it.
struct MeetingsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.meetings, use: list)
        group.get(Paths.newMeeting, use: new)
        group.post(Paths.meetings, use: create)
        group.get(Paths.meeting, use: show)
        group.post(Paths.meeting, use: update)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let now = services.clock.now()
        let meetings = try await services.meetings.list(
            viewer: context.viewer, from: now.addingTimeInterval(-7 * 86400), to: now.addingTimeInterval(90 * 86400))
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "meetings_list", title: strings["meetings_title"] ?? "Meetings",
            model: MeetingsListPage.make(meetings, directory: directory), section: .meetings,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let meeting = try await services.meetings.meeting(
            try PathID.parse(context, entity: "meeting"), viewer: context.viewer)
        return try await form(draft: MeetingDraft(meeting), meeting: meeting, errors: nil, context: context)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = MeetingDraft()
        draft.accountID = request.query("account_id") ?? ""
        draft.leadID = request.query("lead_id") ?? ""
        return try await form(draft: draft, meeting: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        let submitted = context.form ?? FormData()
        let draft = try MeetingInput(form: submitted, timeZone: zone).draft()
        let picking = PickerInput(submitted)
        return try await FormSubmission.submit(picking: picking) {
            Paths.meeting(try await services.meetings.create(draft, viewer: context.viewer).id)
        } show: { errors in
            try await form(draft: draft, meeting: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Meeting.ID = try PathID.parse(context, entity: "meeting")
        let submitted = context.form ?? FormData()
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        let draft = try MeetingInput(form: submitted, timeZone: zone).draft()
        let current = try await services.meetings.meeting(id, viewer: context.viewer)
        let picking = PickerInput(submitted)
        do {
            return try await FormSubmission.submit(picking: picking) {
                _ = try await services.meetings.update(
                    id, draft: draft,
                    cancel: submitted["cancel"] == "1" ? true : current.isCancelled && submitted["restore"] != "1",
                    viewer: context.viewer, expectedVersion: Int64(submitted["version"]))
                return Paths.meeting(id)
            } show: { errors in
                try await form(draft: draft, meeting: current, errors: errors, context: context, picking: picking)
            }
        } catch RecordError.staleVersion {
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this meeting.")
            let fresh = try await services.meetings.meeting(id, viewer: context.viewer)
            return try await form(
                draft: draft, meeting: fresh, errors: stale, context: context, status: .preconditionFailed,
                picking: picking)
        }
    }

    private func form(
        draft: MeetingDraft, meeting: Meeting?, errors: ValidationErrors?, context: AuthenticatedContext,
        status: HTTPResponse.Status? = nil, picking: PickerInput = .none
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        // The meeting's account (optional) is picked from the viewer's accounts, a page at a time.
        let accounts = try await RecordPicker.accounts(
            chosen: draft.accountID, input: picking, services: services, viewer: context.viewer)
        // Attendee choices: the contacts of the meeting's account (a page at a time), and the colleagues.
        var contacts: RecordPicker?
        if let account = Account.ID(string: draft.accountID), accounts.chosen.contains(account.description) {
            contacts = try await RecordPicker.contacts(
                "contact_ids", chosen: draft.contactIDs, accountID: account, input: picking, listsWhenChosen: true,
                services: services, viewer: context.viewer)
        }
        let title = meeting?.title ?? (strings["meeting_new"] ?? "New meeting")
        let model = MeetingFormPage.make(
            draft: draft, meeting: meeting, version: meeting.map { picking.keptVersion ?? $0.version },
            accounts: accounts, contacts: contacts,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) }, user: context.user,
            directory: directory, strings: strings)
        return renderer.render(
            "meeting_form", title: title, model: model, section: .meetings, identity: context.identity,
            language: context.user.language, status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
