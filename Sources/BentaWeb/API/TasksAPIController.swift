import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/tasks`, `/api/v1/meetings` and `/api/v1/routing-rules`.
struct TasksAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.tasks, use: listTasks)
        group.post(Paths.API.tasks, use: createTask)
        group.post(Paths.API.completeTask, use: completeTask)
        group.post(Paths.API.reopenTask, use: reopenTask)
        group.get(Paths.API.meetings, use: listMeetings)
        group.post(Paths.API.meetings, use: createMeeting)
        group.get(Paths.API.meeting, use: showMeeting)
        group.patch(Paths.API.meeting, use: updateMeeting)
        group.get(Paths.API.routingRules, use: listRules)
        group.post(Paths.API.routingRules, use: addRule)
        group.delete(Paths.API.routingRule, use: removeRule)
    }

    @Sendable func listTasks(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var filter = TaskFilter(assigneeID: try ListQuery.owner(request, name: "assignee_id"))
        filter.includeDone = try ListQuery.flag(request, "include_done")
        if let before = request.query("due_before") {
            guard let date = DateInput.instant(before) else {
                throw RequestError.invalidParameter(name: "due_before", message: "must be an ISO 8601 time.")
            }
            filter.dueBefore = date
        }
        let tasks = try await services.tasks.list(viewer: context.viewer, filter: filter)
        let zone = try await timeZone(context)
        let now = services.clock.now()
        return JSONResponse.make(
            ListResponse(
                data: tasks.map { TaskResponse(task: $0, isOverdue: $0.isOverdue(now: now, timeZone: zone)) },
                nextCursor: nil))
    }

    @Sendable func createTask(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(TaskRequest.self, from: request, allowedKeys: TaskRequest.allowedKeys)
        var draft = TaskDraft()
        draft.title = body.title ?? ""
        draft.notes = body.notes ?? ""
        if let due = body.dueAt, !due.isEmpty {
            guard let date = DateInput.instant(due) else {
                var errors = ValidationErrors()
                errors.add(
                    field: "due_at", code: "invalid_date", message: "Use an ISO 8601 time such as 2026-12-03T06:00:00Z."
                )
                throw errors
            }
            draft.dueAt = date
        }
        draft.isAllDay = body.isAllDay ?? false
        draft.assigneeID = body.assigneeId ?? ""
        draft.priority = body.priority ?? TaskItem.Priority.normal.rawValue
        draft.accountID = body.accountId ?? ""
        draft.contactID = body.contactId ?? ""
        draft.leadID = body.leadId ?? ""
        let task = try await services.tasks.create(draft, viewer: context.viewer)
        let zone = try await timeZone(context)
        return JSONResponse.make(
            TaskResponse(task: task, isOverdue: task.isOverdue(now: services.clock.now(), timeZone: zone)),
            status: .created)
    }

    @Sendable func completeTask(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setDone(true, request: request, context: context)
    }

    @Sendable func reopenTask(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await setDone(false, request: request, context: context)
    }

    private func setDone(_ done: Bool, request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: TaskItem.ID = try PathID.parse(context, entity: "task")
        let task = try await services.tasks.setDone(
            done, id, viewer: context.viewer, expectedVersion: try request.ifMatchVersion())
        let zone = try await timeZone(context)
        return JSONResponse.make(
            TaskResponse(task: task, isOverdue: task.isOverdue(now: services.clock.now(), timeZone: zone)))
    }

    @Sendable func listMeetings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let now = services.clock.now()
        var from = now.addingTimeInterval(-7 * 86400)
        var to = now.addingTimeInterval(60 * 86400)
        if let text = request.query("from") {
            guard let date = DateInput.instant(text) else {
                throw RequestError.invalidParameter(name: "from", message: "must be an ISO 8601 time.")
            }
            from = date
        }
        if let text = request.query("to") {
            guard let date = DateInput.instant(text) else {
                throw RequestError.invalidParameter(name: "to", message: "must be an ISO 8601 time.")
            }
            to = date
        }
        guard to > from, to.timeIntervalSince(from) <= 400 * 86400 else {
            throw RequestError.invalidParameter(name: "to", message: "must be after from, at most 400 days later.")
        }
        let meetings = try await services.meetings.list(viewer: context.viewer, from: from, to: to)
        return JSONResponse.make(ListResponse(data: meetings.map(MeetingResponse.init), nextCursor: nil))
    }

    @Sendable func showMeeting(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let meeting = try await services.meetings.meeting(
            try PathID.parse(context, entity: "meeting"), viewer: context.viewer)
        return JSONResponse.record(MeetingResponse(meeting: meeting), version: meeting.version)
    }

    @Sendable func createMeeting(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await MeetingInput.decode(from: request)
        let draft = try body.draft()
        let meeting = try await services.meetings.create(draft, viewer: context.viewer)
        return JSONResponse.record(
            MeetingResponse(meeting: meeting), version: meeting.version, status: .created,
            location: Paths.API.meeting(meeting.id))
    }

    @Sendable func updateMeeting(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Meeting.ID = try PathID.parse(context, entity: "meeting")
        let body = try await MeetingInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let current = try await services.meetings.meeting(id, viewer: context.viewer)
        var draft = MeetingDraft(current)
        try body.apply(to: &draft)
        let meeting = try await services.meetings.update(
            id, draft: draft, cancel: body.isCancelled ?? current.isCancelled, viewer: context.viewer,
            expectedVersion: version)
        return JSONResponse.record(MeetingResponse(meeting: meeting), version: meeting.version)
    }

    @Sendable func listRules(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let rules = try await services.routing.rules(companyID: context.viewer.companyID)
        return JSONResponse.make(ListResponse(data: rules.map(RoutingRuleResponse.init), nextCursor: nil))
    }

    @Sendable func addRule(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            RoutingRuleRequest.self, from: request, allowedKeys: RoutingRuleRequest.allowedKeys)
        var errors = ValidationErrors()
        let field = RoutingRule.Field(rawValue: body.field)
        if field == nil {
            errors.add(field: "field", code: "invalid_choice", message: "Use province, industry or source.")
        }
        let assignee = User.ID(string: body.assigneeId)
        if assignee == nil { errors.add(field: "assignee_id", code: "invalid_id", message: "Choose a manager.") }
        try errors.throwIfAny()
        guard let field, let assignee else { throw errors }
        let rule = try await services.routing.addRule(
            field: field, value: body.value, assigneeID: assignee, viewer: context.viewer)
        return JSONResponse.make(RoutingRuleResponse(rule: rule), status: .created)
    }

    @Sendable func removeRule(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await services.routing.removeRule(try PathID.parse(context, entity: "routing_rule"), viewer: context.viewer)
        return Response(status: .noContent)
    }

    private func timeZone(_ context: AuthenticatedContext) async throws -> TimeZone {
        try await services.companies.company(context.viewer.companyID).settings.timeZone
    }
}

struct RoutingRuleResponse: Encodable {
    let id: String
    let position: Int
    let field: String
    let value: String
    let assigneeId: String

    init(rule: RoutingRule) {
        id = rule.id.description
        position = rule.position
        field = rule.field.rawValue
        value = rule.value
        assigneeId = rule.assigneeID.description
    }
}

struct RoutingRuleRequest: Decodable {
    static let allowedKeys: Set<String> = ["field", "value", "assignee_id"]
    var field: String
    var value: String
    var assigneeId: String
}
