import Foundation

/// A step in an import job's life; the service, the API and the pages all ask ``ImportJob/allowedActions``.
///
/// Every step is the import's own run (`ImportService`): no person changes a job once it started (there is no
/// cancel, restart or undo), so the API and the pages show these steps but offer none of them.
public enum ImportJobAction: String, Sendable, Hashable, CaseIterable {
    /// Count a written batch of rows (created and skipped); the job finishes with its last rows.
    case recordBatch = "record_batch"
    /// End a job with every row handled (a file without data rows ends this way).
    case finish
    /// Stop the job because a batch could not be written; the batches before it stay.
    case fail
}

/// What an import job refuses to do in its current state.
public enum ImportJobError: ClassifiedError, Equatable, Sendable {
    /// A finished or failed job never changes again.
    case notRunning(status: ImportJob.Status)
    /// A batch counts at least no rows, and no more rows than the file has left.
    case batchDoesNotFit(rows: Int, left: Int)
    /// A job finishes once every row of the file is handled.
    case rowsRemaining(processed: Int, total: Int)

    public var kind: ErrorKind { .conflict }

    public var code: String {
        switch self {
        case .notRunning: "import_not_running"
        case .batchDoesNotFit: "import_batch_does_not_fit"
        case .rowsRemaining: "import_rows_remaining"
        }
    }

    public var detail: String {
        switch self {
        case .notRunning(let status): "The import is \(status.rawValue); it does not change any more."
        case .batchDoesNotFit(let rows, let left): "A batch of \(rows) rows does not fit the \(left) rows left."
        case .rowsRemaining(let processed, let total):
            "The import has handled \(processed) of \(total) rows; it cannot finish yet."
        }
    }
}

extension ImportJob {
    /// A job that starts now for a file of `totalRows` data rows: running, nothing handled yet. The file name is
    /// kept to its first 200 characters.
    public static func started(
        id: ID, companyID: Company.ID, userID: User.ID, entity: String, filename: String, totalRows: Int, now: Date
    ) -> ImportJob {
        ImportJob(
            id: id, companyID: companyID, userID: userID, entity: entity, filename: String(filename.prefix(200)),
            status: .running, totalRows: max(0, totalRows), processedRows: 0, createdRows: 0, rejectedRows: 0,
            report: "[]", createdAt: now, updatedAt: now)
    }

    /// The steps the job allows: a running job counts batches while rows are left and finishes once none are, and
    /// fails at any time; a finished or failed job allows nothing.
    public var allowedActions: Set<ImportJobAction> {
        switch status {
        case .running: processedRows < totalRows ? [.recordBatch, .fail] : [.finish, .fail]
        case .finished, .failed: []
        }
    }

    /// Whether the job's life is over: finished or failed, nothing changes it again (the pages stop refreshing).
    public var isFinished: Bool { status != .running }

    /// How much of the file is handled, 0 to 100; an empty file is done.
    public var percentDone: Int {
        totalRows == 0 ? 100 : min(100, processedRows * 100 / totalRows)
    }

    /// Refuses `action` with the error that says why, unless the job allows it.
    public func check(_ action: ImportJobAction) throws(ImportJobError) {
        if allowedActions.contains(action) { return }
        guard status == .running else { throw .notRunning(status: status) }
        switch action {
        case .recordBatch: throw .batchDoesNotFit(rows: 1, left: totalRows - processedRows)
        case .finish: throw .rowsRemaining(processed: processedRows, total: totalRows)
        case .fail: throw .notRunning(status: status)
        }
    }

    /// Counts a written batch: `created` rows became records, `rejected` were skipped (duplicates and invalid
    /// rows), `report` is the skipped rows so far (JSON). The batch with the file's last rows finishes the job.
    public mutating func recordBatch(created: Int, rejected: Int, report: String, now: Date) throws(ImportJobError) {
        try check(.recordBatch)
        let rows = created + rejected
        let left = totalRows - processedRows
        guard created >= 0, rejected >= 0, rows <= left else { throw .batchDoesNotFit(rows: rows, left: left) }
        processedRows += rows
        createdRows += created
        rejectedRows += rejected
        self.report = report
        updatedAt = now
        if processedRows == totalRows { status = .finished }
    }

    /// running → finished, once every row is handled (a file without data rows has no batch to finish it).
    public mutating func finish(now: Date) throws(ImportJobError) {
        try check(.finish)
        status = .finished
        updatedAt = now
    }

    /// running → failed: a batch could not be written. The batches before it stay, as counted.
    public mutating func fail(now: Date) throws(ImportJobError) {
        try check(.fail)
        status = .failed
        updatedAt = now
    }
}
