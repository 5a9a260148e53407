import BentaCore
import BentaStore
import Foundation

/// The store of an archivable record (accounts, contacts): the reads and writes the shared service path uses.
/// Every read takes the viewer and returns only what they may see.
protocol ArchivableRecordStore: Sendable {
    associatedtype Record: ArchivableRecord
    associatedtype Filter: Sendable

    init(_ db: StoreConnection)
    /// The record if it exists and the viewer may see it; `forUpdate` locks its row until the transaction ends.
    func find(_ id: Record.ID, viewer: Viewer, forUpdate: Bool) async throws -> Record?
    func list(viewer: Viewer, filter: Filter, page: PageRequest) async throws -> Page<Record>
    func insert(_ record: Record) async throws
    /// Saves the record if the stored version is still `expectedVersion`; false when it is not.
    func update(_ record: Record, expectedVersion: Int64) async throws -> Bool
}

extension AccountStore: ArchivableRecordStore {}
extension ContactStore: ArchivableRecordStore {}

/// A service of an archivable record: list, read, create, edit, archive and history written once, through the
/// change path for every change, with audit rows named after the record (`account.created`, `account.updated`,
/// `account.archived`, `account.unarchived`). A conforming service supplies its store, its validation (the core's
/// field checks plus the rules that need the database) and the details its audit rows carry; its public functions
/// call these.
protocol ArchivableRecordService: Sendable, ChangesVersionedRecords {
    associatedtype Store: ArchivableRecordStore

    var database: any AppDatabase { get }

    /// Checks a draft as a whole; `previous` is the stored content when the draft edits it (nil for a new record),
    /// so a rule may let a value that was already there stand.
    func validate(
        _ draft: Store.Record.Draft, previous: Store.Record.Fields?, viewer: Viewer, db: StoreConnection
    ) async throws -> Store.Record.Fields

    /// What the `created` audit row records of the new content.
    static func createdDetails(_ fields: Store.Record.Fields) -> [String: String]
    /// What the `updated` audit row records of an edit.
    static func updatedDetails(from old: Store.Record.Fields, to new: Store.Record.Fields) -> [String: String]
}

extension ArchivableRecordService {
    typealias Record = Store.Record

    static func updatedDetails(from old: Record.Fields, to new: Record.Fields) -> [String: String] { [:] }

    /// A page of the records the viewer may see that match the filter.
    func listRecords(viewer: Viewer, filter: Store.Filter, page: PageRequest) async throws -> Page<Record> {
        try await database.read { db in try await Store(db).list(viewer: viewer, filter: filter, page: page) }
    }

    /// The record, or `notFound` when it does not exist or the viewer may not see it.
    func findRecord(_ id: Record.ID, viewer: Viewer) async throws -> Record {
        let record = try await database.read { db in try await Store(db).find(id, viewer: viewer, forUpdate: false) }
        guard let record else { throw RecordError.notFound(entity: Record.entity) }
        return record
    }

    /// Validates the draft and saves it as a new active record of the viewer's company, with its audit row.
    func createRecord(_ draft: Record.Draft, viewer: Viewer) async throws -> Record {
        try await database.transaction { db in
            let fields = try await validate(draft, previous: nil, viewer: viewer, db: db)
            let now = clock.now()
            let record = Record(
                id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                updatedAt: now, version: 1)
            try await Store(db).insert(record)
            try await audit.record(
                "\(Record.entity).created", entityType: Record.entity, entityID: record.id.description,
                companyID: viewer.companyID, by: viewer, details: Self.createdDetails(fields), created: record, on: db)
            return record
        }
    }

    /// Applies `change` to the draft of the record's current content, validates the whole, and saves it if the
    /// version still matches `expectedVersion` (nil skips the check, for forms that carry no version).
    func updateRecord(
        _ id: Record.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout Record.Draft) -> Void
    ) async throws -> Record {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { record, context in
            var draft = Record.Draft(record.fields)
            change(&draft)
            let fields = try await validate(draft, previous: record.fields, viewer: viewer, db: context.db)
            let details = Self.updatedDetails(from: record.fields, to: fields)
            record.fields = fields
            return AuditEntry("\(Record.entity).updated", details: details)
        }
    }

    /// Archives or restores the record; setting the status it already has changes nothing.
    func setRecordStatus(
        _ status: RecordStatus, of id: Record.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Record {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { record, _ in
            if record.status == status { return nil }
            record.status = status
            return AuditEntry(status == .archived ? "\(Record.entity).archived" : "\(Record.entity).unarchived")
        }
    }

    /// The record as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Record.ID, viewer: Viewer) -> ChangeTarget<Record> {
        ChangeTarget(
            entity: Record.entity, load: { db in try await Store(db).find(id, viewer: viewer, forUpdate: true) },
            save: { record, loaded, db in try await Store(db).update(record, expectedVersion: loaded.version) })
    }

    /// The record's audit history, newest first; `notFound` when the viewer may not see the record.
    func recordHistory(_ id: Record.ID, viewer: Viewer) async throws -> [AuditEvent] {
        _ = try await findRecord(id, viewer: viewer)
        return try await database.read { db in
            try await AuditStore(db).history(
                companyID: viewer.companyID, entityType: Record.entity, entityID: id.description)
        }
    }
}
