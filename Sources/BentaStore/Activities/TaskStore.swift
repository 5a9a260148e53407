import BentaCore
import Foundation
import SQLKit

/// Tasks. A manager sees the tasks assigned to them and those on records they can see.
public struct TaskStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The task if the viewer may see it; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: TaskItem.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> TaskItem? {
        let sql: SQLQueryString =
            "SELECT * FROM tasks t WHERE t.id = \(bind: id.description) AND "
            + VisibilitySQL.related(viewer, alias: "t", personalColumn: "assignee_id")
        return try await db.first(sql, forUpdate: forUpdate, locking: "t", decode: Self.decode)
    }

    /// Tasks by due time, at most `limit`.
    public func list(viewer: Viewer, filter: TaskFilter, limit: Int = 200) async throws -> [TaskItem] {
        var sql: SQLQueryString =
            "SELECT * FROM tasks t WHERE " + VisibilitySQL.related(viewer, alias: "t", personalColumn: "assignee_id")
        if let assignee = filter.assigneeID { sql += " AND t.assignee_id = \(bind: assignee.description)" }
        if !filter.includeDone { sql += " AND t.completed_at IS NULL" }
        if let before = filter.dueBefore { sql += " AND t.due_at < \(bind: before.millisecondsSince1970)" }
        if let account = filter.accountID { sql += " AND t.account_id = \(bind: account.description)" }
        if let lead = filter.leadID { sql += " AND t.lead_id = \(bind: lead.description)" }
        sql += " ORDER BY t.due_at, t.id LIMIT \(literal: limit)"
        return try await db.raw(sql).all().map(Self.decode)
    }

    /// Open tasks of one assignee due in `[from, to)`, regardless of visibility (the calendar feed of that user).
    public func openTasks(assignee: User.ID, from: Date, to: Date) async throws -> [TaskItem] {
        try await db.raw(
            """
            SELECT * FROM tasks WHERE assignee_id = \(bind: assignee.description)
              AND due_at >= \(bind: from.millisecondsSince1970) AND due_at < \(bind: to.millisecondsSince1970)
            ORDER BY due_at, id LIMIT 2000
            """
        ).all().map(Self.decode)
    }

    public func insert(_ task: TaskItem) async throws {
        try await db.raw(
            """
            INSERT INTO tasks (id, company_id, title, notes, due_at, is_all_day, assignee_id, priority, account_id,
                contact_id, lead_id, completed_at, created_by_id, created_at, updated_at, version, system_text)
            VALUES (\(bind: task.id.description), \(bind: task.companyID.description), \(bind: task.title),
                \(bind: task.notes), \(bind: task.dueAt.millisecondsSince1970), \(bind: task.isAllDay),
                \(bind: task.assigneeID.description), \(bind: task.priority.rawValue),
                \(bind: task.accountID?.description), \(bind: task.contactID?.description),
                \(bind: task.leadID?.description), \(bind: task.completedAt?.millisecondsSince1970),
                \(bind: task.createdByID?.description), \(bind: task.createdAt.millisecondsSince1970),
                \(bind: task.updatedAt.millisecondsSince1970), \(bind: task.version),
                \(bind: try SystemTextColumn.encode(task.systemText)))
            """
        ).run()
    }

    public func update(_ task: TaskItem, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE tasks SET title = \(bind: task.title), notes = \(bind: task.notes),
                due_at = \(bind: task.dueAt.millisecondsSince1970), is_all_day = \(bind: task.isAllDay),
                assignee_id = \(bind: task.assigneeID.description), priority = \(bind: task.priority.rawValue),
                account_id = \(bind: task.accountID?.description), contact_id = \(bind: task.contactID?.description),
                lead_id = \(bind: task.leadID?.description), completed_at = \(bind: task.completedAt?.millisecondsSince1970),
                updated_at = \(bind: task.updatedAt.millisecondsSince1970), version = \(bind: task.version)
            WHERE id = \(bind: task.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    /// Moves a lead's tasks to the account it became.
    public func attachLeadTasks(_ lead: Lead.ID, to account: Account.ID, contact: Contact.ID?) async throws {
        try await db.raw(
            """
            UPDATE tasks SET account_id = \(bind: account.description),
                contact_id = COALESCE(contact_id, \(bind: contact?.description))
            WHERE lead_id = \(bind: lead.description)
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> TaskItem {
        guard let priority = TaskItem.Priority(rawValue: try row.string("priority")) else {
            throw CorruptRow(description: "task priority")
        }
        return TaskItem(
            id: try row.id("id"), companyID: try row.id("company_id"), title: try row.string("title"),
            notes: try row.optionalString("notes"), dueAt: try row.date("due_at"), isAllDay: try row.bool("is_all_day"),
            assigneeID: try row.id("assignee_id"), priority: priority, accountID: try row.optionalID("account_id"),
            contactID: try row.optionalID("contact_id"), leadID: try row.optionalID("lead_id"),
            completedAt: try row.optionalDate("completed_at"), createdByID: try row.optionalID("created_by_id"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"),
            systemText: try SystemTextColumn.decode(row))
    }
}
