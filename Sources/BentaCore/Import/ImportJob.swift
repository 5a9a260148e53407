import Foundation

/// One CSV import and its progress, kept in the database so that any app server can show it. Its steps are in
/// `ImportJob+Transitions.swift`.
public struct ImportJob: Sendable, Hashable {
    public typealias ID = Identifier<ImportJob>

    /// `running` while rows remain, then `finished`, or `failed` when a batch could not be written (the batches
    /// before it stay).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case running
        case finished
        case failed
    }

    public var id: ID
    public var companyID: Company.ID
    /// Who started the import; the rows are written as this user.
    public var userID: User.ID
    /// What the rows become (`accounts`, `contacts`, `leads`).
    public var entity: String
    public var filename: String
    public var status: Status
    /// Data rows in the file.
    public var totalRows: Int
    /// Rows handled so far, created or skipped.
    public var processedRows: Int
    public var createdRows: Int
    /// Rows skipped so far (duplicates and invalid rows).
    public var rejectedRows: Int
    /// JSON list of rejected rows with reasons (first 1,000).
    public var report: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, companyID: Company.ID, userID: User.ID, entity: String, filename: String, status: Status,
        totalRows: Int, processedRows: Int, createdRows: Int, rejectedRows: Int, report: String, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.userID = userID
        self.entity = entity
        self.filename = filename
        self.status = status
        self.totalRows = totalRows
        self.processedRows = processedRows
        self.createdRows = createdRows
        self.rejectedRows = rejectedRows
        self.report = report
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
