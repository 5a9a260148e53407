import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// What to import and how the columns map.
public struct ImportRequest: Sendable {
    public var entity: ImportEntity
    /// nil = recognize the exporting CRM from the header.
    public var preset: ImportPreset?
    /// A manual mapping (field → column header) that overrides the preset for the fields it names; an empty header
    /// unmaps a field.
    public var columns: [ImportField: String]

    public init(entity: ImportEntity, preset: ImportPreset? = nil, columns: [ImportField: String] = [:]) {
        self.entity = entity
        self.preset = preset
        self.columns = columns
    }
}

/// The fate of one row.
public struct ImportRowResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case create
        /// Skipped because a record like it exists (the reason says which key matched).
        case duplicate(String)
        case rejected([String])
    }

    public var rowNumber: Int
    public var name: String
    public var outcome: Outcome
}

/// The dry run: what an import would do, row by row, without writing anything.
public struct ImportPreview: Sendable {
    public var header: [String]
    public var encoding: String
    public var preset: ImportPreset
    public var mapping: ImportMapping
    /// Problems that block the import (a required field is not mapped).
    public var problems: [String]
    public var warnings: [String]
    public var totalRows: Int
    public var creates: Int
    public var duplicates: Int
    public var rejected: Int
    /// Every rejected or duplicate row (up to 1,000) and the first 50 rows to be created.
    public var rows: [ImportRowResult]
}

/// CSV import of accounts, contacts and leads: a dry run, then the real import in one transaction per batch of
/// rows, with progress kept in `import_jobs`. Each batch is checked against the database with a few queries for its
/// own keys and written with multi-row inserts (issue 11).
public struct ImportService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    public var batchSize = 500
    public var maximumBytes = 60 * 1024 * 1024

    /// Reads the file and judges every row; writes nothing.
    public func preview(_ data: Data, request: ImportRequest, viewer: Viewer) async throws -> ImportPreview {
        let table = try readTable(data)
        var planner = try await makePlanner(request: request, header: table.table.header, viewer: viewer)
        var rows: [ImportRowResult] = []
        var counts = (creates: 0, duplicates: 0, rejected: 0)
        for start in stride(from: 0, to: table.table.rows.count, by: batchSize) {
            let batch = Array(table.table.rows[start..<min(start + batchSize, table.table.rows.count)])
            for (result, _) in try await plan(batch, planner: &planner, viewer: viewer) {
                switch result.outcome {
                case .create:
                    counts.creates += 1
                    if counts.creates <= 50 { rows.append(result) }
                case .duplicate:
                    counts.duplicates += 1
                    if rows.count < 1_050 { rows.append(result) }
                case .rejected:
                    counts.rejected += 1
                    if rows.count < 1_050 { rows.append(result) }
                }
            }
        }
        return ImportPreview(
            header: table.table.header, encoding: table.encoding, preset: planner.preset, mapping: planner.mapping,
            problems: planner.mapping.validate(header: table.table.header),
            warnings: planner.mapping.warnings(header: table.table.header), totalRows: table.table.rows.count,
            creates: counts.creates, duplicates: counts.duplicates, rejected: counts.rejected,
            rows: rows.sorted { $0.rowNumber < $1.rowNumber })
    }

    /// Starts the real import: records a job and returns it with the work to run (the web layer runs it in the
    /// background and shows progress; the CLI awaits it).
    public func start(
        _ data: Data, filename: String, request: ImportRequest, viewer: Viewer
    ) async throws
        -> (job: ImportJob, work: @Sendable () async -> ImportJob)
    {
        let table = try readTable(data)
        let planner = try await makePlanner(request: request, header: table.table.header, viewer: viewer)
        let problems = planner.mapping.validate(header: table.table.header)
        guard problems.isEmpty else {
            var errors = ValidationErrors()
            for problem in problems { errors.add(field: "mapping", code: "unmapped", message: problem) }
            throw errors
        }
        let job = ImportJob.started(
            id: clock.newID(), companyID: viewer.companyID, userID: viewer.userID, entity: request.entity.rawValue,
            filename: filename, totalRows: table.table.rows.count, now: clock.now())
        try await database.transaction { db in try await ImportJobStore(db).insert(job) }
        let rows = table.table.rows
        let service = self
        return (job, { await service.run(job, rows: rows, planner: planner, viewer: viewer) })
    }

    public func job(_ id: ImportJob.ID, viewer: Viewer) async throws -> ImportJob {
        guard let job = try await database.read({ db in try await ImportJobStore(db).find(id, viewer: viewer) }) else {
            throw RecordError.notFound(entity: "import")
        }
        return job
    }

    public func recentJobs(viewer: Viewer) async throws -> [ImportJob] {
        try await database.read { db in try await ImportJobStore(db).recent(viewer: viewer) }
    }

    /// Imports the rows batch by batch; a failing batch stops the job (earlier batches stay, as reported). Each
    /// batch's transaction loads the job with its row locked, writes the rows, counts them through the core
    /// (``ImportJob/recordBatch(created:rejected:report:now:)``, which finishes the job with its last rows) and
    /// saves it.
    func run(_ start: ImportJob, rows: [CSVRow], planner: ImportPlanner, viewer: Viewer) async -> ImportJob {
        var job = start
        var planner = planner
        var rejections: [[String: String]] = []
        var index = 0
        do {
            while index < rows.count {
                let batch = Array(rows[index..<min(index + batchSize, rows.count)])
                var plans: [ImportPlan] = []
                for (result, plan) in try await plan(batch, planner: &planner, viewer: viewer) {
                    if let plan {
                        plans.append(plan)
                    } else if rejections.count < 1_000 {
                        let reason: String =
                            switch result.outcome {
                            case .duplicate(let why): "duplicate: \(why)"
                            case .rejected(let messages): messages.joined(separator: "; ")
                            case .create: ""
                            }
                        rejections.append(["row": String(result.rowNumber), "name": result.name, "reason": reason])
                    }
                }
                let skipped = batch.count - plans.count
                let ready = plans
                let report = (try? String(decoding: JSONEncoder().encode(rejections), as: UTF8.self)) ?? "[]"
                job = try await change(job.id, viewer: viewer) { job, db in
                    try job.check(.recordBatch)
                    let created = try await ImportWriter(clock: clock, audit: audit, db: db, viewer: viewer)
                        .write(ready)
                    try job.recordBatch(created: created, rejected: skipped, report: report, now: clock.now())
                }
                index += batch.count
            }
            if job.allowedActions.contains(.finish) {
                // A file without data rows: no batch finished the job.
                job = try await change(job.id, viewer: viewer) { job, _ in try job.finish(now: clock.now()) }
            }
        } catch {
            // What the caller sees even when the failure cannot be written either (the database is gone).
            var failed = job
            try? failed.fail(now: clock.now())
            job = (try? await change(job.id, viewer: viewer) { job, _ in try job.fail(now: clock.now()) }) ?? failed
        }
        let done = job
        try? await database.transaction { db in
            try await audit.record(
                "import.finished", entityType: "import", entityID: done.id.description, companyID: done.companyID,
                by: viewer,
                details: [
                    "entity": done.entity, "created": String(done.createdRows), "rejected": String(done.rejectedRows),
                    "status": done.status.rawValue,
                ], on: db)
        }
        return job
    }

    /// Plans one batch of rows: validates them, looks up the batch's keys in what the company has (a few indexed
    /// queries, see ``ImportLookupStore``), and judges each row against that and the file's earlier rows.
    private func plan(
        _ batch: [CSVRow], planner: inout ImportPlanner, viewer: Viewer
    ) async throws -> [(result: ImportRowResult, plan: ImportPlan?)] {
        let checked = planner.check(batch)
        let keys = checked.keys
        let ofContacts = planner.entity == .contacts
        let existing =
            keys == ImportKeys()
            ? ExistingImportKeys()
            : try await database.read { db in
                try await ImportLookupStore(db).existing(keys, ofContacts: ofContacts, viewer: viewer)
            }
        return planner.decide(checked.rows, existing: existing)
    }

    /// Loads the job with its row locked, applies `transition` (a core step, with the transaction for any writes
    /// that belong to it) and saves the job, all in one transaction.
    private func change(
        _ id: ImportJob.ID, viewer: Viewer,
        _ transition: @Sendable @escaping (inout ImportJob, StoreConnection) async throws -> Void
    ) async throws -> ImportJob {
        try await database.transaction { db in
            let store = ImportJobStore(db)
            guard var job = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "import")
            }
            try await transition(&job, db)
            try await store.update(job)
            return job
        }
    }

    private func readTable(_ data: Data) throws -> (table: CSVTable, encoding: String) {
        guard data.count <= maximumBytes else {
            var errors = ValidationErrors()
            errors.add(
                field: "file", code: "too_large", message: "The file is larger than \(maximumBytes / 1_048_576) MiB.")
            throw errors
        }
        let decoded = CSVReader.decodeText(data)
        do {
            return (try CSVReader().read(decoded.text), decoded.encoding)
        } catch let error as CSVError {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "invalid_csv", message: error.message)
            throw errors
        }
    }

    private func makePlanner(request: ImportRequest, header: [String], viewer: Viewer) async throws -> ImportPlanner {
        let preset = request.preset ?? ImportMapping.detectPreset(header: header)
        var mapping = ImportMapping.preset(preset, entity: request.entity, header: header)
        for (field, column) in request.columns {
            if column.isEmpty { mapping.columns[field] = nil } else { mapping.columns[field] = column }
        }
        let finalMapping = mapping
        return try await database.read { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            return ImportPlanner(
                entity: request.entity, preset: preset, mapping: finalMapping, header: header, viewer: viewer,
                country: company.settings.country, users: try await UserStore(db).all(companyID: viewer.companyID))
        }
    }
}

extension ImportService {
    /// Keeps an uploaded file for the dry run and the import that follows; returns its id. Uploads older than a
    /// day are cleared on the way.
    public func stage(_ data: Data, filename: String, viewer: Viewer) async throws -> String {
        guard data.count <= maximumBytes else {
            var errors = ValidationErrors()
            errors.add(
                field: "file", code: "too_large", message: "The file is larger than \(maximumBytes / 1_048_576) MiB.")
            throw errors
        }
        let id = Secrets.randomToken(bytes: 16)
        let now = clock.now()
        try await database.transaction { db in
            let uploads = ImportUploadStore(db)
            try await uploads.deleteOld(before: now.addingTimeInterval(-86_400))
            try await uploads.insert(
                id: id, companyID: viewer.companyID, userID: viewer.userID, filename: String(filename.prefix(200)),
                data: data, at: now)
        }
        return id
    }

    /// A staged upload of the viewer's.
    public func staged(_ id: String, viewer: Viewer) async throws -> (filename: String, data: Data) {
        guard id.count <= 64,
            let upload = try await database.read({ db in try await ImportUploadStore(db).find(id: id, viewer: viewer) })
        else { throw RecordError.notFound(entity: "import") }
        return upload
    }
}
