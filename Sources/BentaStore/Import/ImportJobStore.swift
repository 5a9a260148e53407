import BentaCore
import Foundation
import SQLKit

/// The `import_jobs` table: saves what ``ImportJob``'s transitions decided; it decides no status itself.
public struct ImportJobStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Records a job that just started (``ImportJob/started(id:companyID:userID:entity:filename:totalRows:now:)``).
    public func insert(_ job: ImportJob) async throws {
        try await db.raw(
            """
            INSERT INTO import_jobs (id, company_id, user_id, entity, filename, status, total_rows, processed_rows,
                created_rows, rejected_rows, report, created_at, updated_at)
            VALUES (\(bind: job.id.description), \(bind: job.companyID.description), \(bind: job.userID.description),
                \(bind: job.entity), \(bind: job.filename), \(bind: job.status.rawValue), \(bind: Int64(job.totalRows)),
                \(bind: Int64(job.processedRows)), \(bind: Int64(job.createdRows)), \(bind: Int64(job.rejectedRows)),
                \(bind: job.report), \(bind: job.createdAt.millisecondsSince1970), \(bind: job.updatedAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Saves the job's progress and status as its last transition left them.
    public func update(_ job: ImportJob) async throws {
        try await db.raw(
            """
            UPDATE import_jobs SET status = \(bind: job.status.rawValue), processed_rows = \(bind: Int64(job.processedRows)),
                created_rows = \(bind: Int64(job.createdRows)), rejected_rows = \(bind: Int64(job.rejectedRows)),
                report = \(bind: job.report), updated_at = \(bind: job.updatedAt.millisecondsSince1970)
            WHERE id = \(bind: job.id.description)
            """
        ).run()
    }

    /// The job if it belongs to the viewer (or the viewer sees everything in the company); `forUpdate` locks its
    /// row until the transaction ends.
    public func find(_ id: ImportJob.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> ImportJob? {
        var sql: SQLQueryString =
            "SELECT * FROM import_jobs WHERE id = \(bind: id.description) AND company_id = \(bind: viewer.companyID.description)"
        if !viewer.role.seesAllRecords { sql += " AND user_id = \(bind: viewer.userID.description)" }
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        return try await db.raw(sql).first().map(Self.decode)
    }

    public func recent(viewer: Viewer, limit: Int = 20) async throws -> [ImportJob] {
        try await db.raw(
            """
            SELECT * FROM import_jobs WHERE company_id = \(bind: viewer.companyID.description)
              AND user_id = \(bind: viewer.userID.description) ORDER BY created_at DESC LIMIT \(literal: limit)
            """
        ).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> ImportJob {
        let statusText = try row.string("status")
        guard let status = ImportJob.Status(rawValue: statusText) else {
            throw CorruptRow(description: "import_jobs.status: \(statusText)")
        }
        return ImportJob(
            id: try row.id("id"), companyID: try row.id("company_id"), userID: try row.id("user_id"),
            entity: try row.string("entity"), filename: try row.string("filename"), status: status,
            totalRows: Int(try row.int64("total_rows")), processedRows: Int(try row.int64("processed_rows")),
            createdRows: Int(try row.int64("created_rows")), rejectedRows: Int(try row.int64("rejected_rows")),
            report: try row.string("report"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}

/// A file uploaded for import, kept between the dry run and the real import (any app server can read it).
public struct ImportUploadStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(
        id: String, companyID: Company.ID, userID: User.ID, filename: String, data: Data, at now: Date
    )
        async throws
    {
        try await db.raw(
            """
            INSERT INTO import_uploads (id, company_id, user_id, filename, data, created_at)
            VALUES (\(bind: id), \(bind: companyID.description), \(bind: userID.description), \(bind: filename),
                \(bind: data), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// The upload if it is the viewer's own.
    public func find(id: String, viewer: Viewer) async throws -> (filename: String, data: Data)? {
        guard
            let row = try await db.raw(
                """
                SELECT filename, data FROM import_uploads WHERE id = \(bind: id)
                  AND company_id = \(bind: viewer.companyID.description) AND user_id = \(bind: viewer.userID.description)
                """
            ).first()
        else { return nil }
        return (try row.string("filename"), try row.decode(column: "data", as: Data.self))
    }

    /// Forgets uploads older than `before` (they are only needed between a dry run and its import).
    public func deleteOld(before: Date) async throws {
        try await db.raw("DELETE FROM import_uploads WHERE created_at < \(bind: before.millisecondsSince1970)").run()
    }
}
