import BentaCore
import BentaStore
import Foundation

/// A task as typed, before validation.
public struct TaskDraft: Sendable, Hashable {
    public var title: String = ""
    public var notes: String = ""
    public var dueAt: Date?
    public var isAllDay: Bool = false
    /// Empty = the current user.
    public var assigneeID: String = ""
    public var priority: String = TaskItem.Priority.normal.rawValue
    public var accountID: String = ""
    public var contactID: String = ""
    public var leadID: String = ""

    public init() {}
}

/// Tasks: create, change, complete, and the lists behind "My day".
public struct TaskService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: TaskFilter) async throws -> [TaskItem] {
        try await database.read { db in try await TaskStore(db).list(viewer: viewer, filter: filter) }
    }

    public func task(_ id: TaskItem.ID, viewer: Viewer) async throws -> TaskItem {
        guard let task = try await database.read({ db in try await TaskStore(db).find(id, viewer: viewer) }) else {
            throw RecordError.notFound(entity: "task")
        }
        return task
    }

    public func create(_ draft: TaskDraft, viewer: Viewer) async throws -> TaskItem {
        try await database.transaction { db in
            var errors = ValidationErrors()
            let title = Validate.requiredText(draft.title, field: "title", maxLength: 300, into: &errors)
            let notes = Validate.optionalText(draft.notes, field: "notes", maxLength: 10_000, into: &errors)
            if draft.dueAt == nil {
                errors.add(field: "due_at", code: "required", message: "Give the task a due date.")
            }
            let priority = TaskItem.Priority(rawValue: draft.priority)
            if priority == nil {
                errors.add(field: "priority", code: "invalid_choice", message: "Choose low, normal or high.")
            }
            let assignee = try await Self.assignee(draft.assigneeID, viewer: viewer, db: db, errors: &errors)
            var links: (account: Account.ID?, contact: Contact.ID?, lead: Lead.ID?) = (nil, nil, nil)
            if !(draft.accountID.isEmpty && draft.contactID.isEmpty && draft.leadID.isEmpty) {
                links = try await ActivityService.resolveLinks(
                    account: draft.accountID, contact: draft.contactID, lead: draft.leadID, viewer: viewer, db: db,
                    errors: &errors)
            }
            try errors.throwIfAny()
            guard let title, let due = draft.dueAt, let priority, let assignee else { throw errors }
            let now = clock.now()
            let task = TaskItem(
                id: clock.newID(), companyID: viewer.companyID, title: title, notes: notes, dueAt: due,
                isAllDay: draft.isAllDay, assigneeID: assignee, priority: priority, accountID: links.account,
                contactID: links.contact, leadID: links.lead, createdByID: viewer.userID, createdAt: now,
                updatedAt: now,
                version: 1)
            try await TaskStore(db).insert(task)
            try await audit.record(
                "task.created", entityType: "task", entityID: task.id.description, companyID: viewer.companyID,
                by: viewer, created: task, on: db)
            return task
        }
    }

    /// Marks the task done or open again.
    public func setDone(
        _ done: Bool, _ id: TaskItem.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws
        -> TaskItem
    {
        let clock = clock
        return try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { task, context in
            if task.isDone == done { return nil }
            let now = context.now
            task.completedAt = done ? now : nil
            if done {
                try await ActivityStore(context.db).insert(
                    Activity(
                        id: clock.newID(), companyID: viewer.companyID, kind: .task, subject: task.title,
                        body: task.notes, occurredAt: now, accountID: task.accountID, contactID: task.contactID,
                        leadID: task.leadID, userID: viewer.userID, systemText: task.systemText, createdAt: now))
            }
            return AuditEntry(done ? "task.completed" : "task.reopened")
        }
    }

    /// The task as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: TaskItem.ID, viewer: Viewer) -> ChangeTarget<TaskItem> {
        ChangeTarget(
            entity: "task", load: { db in try await TaskStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { task, loaded, db in try await TaskStore(db).update(task, expectedVersion: loaded.version) })
    }

    /// A manager assigns to themself; head and admin to anyone active in the company.
    static func assignee(
        _ text: String, viewer: Viewer, db: StoreConnection, errors: inout ValidationErrors
    )
        async throws -> User.ID?
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return viewer.userID }
        guard let id = User.ID(string: trimmed), let user = try await UserStore(db).find(id),
            user.companyID == viewer.companyID, user.isActive
        else {
            errors.add(field: "assignee_id", code: "invalid_choice", message: "Choose an active user.")
            return nil
        }
        if !viewer.mayAssign(owner: id) {
            errors.add(
                field: "assignee_id", code: "not_allowed",
                message: "Only the head of sales or an admin assigns to others.")
            return nil
        }
        return id
    }
}
