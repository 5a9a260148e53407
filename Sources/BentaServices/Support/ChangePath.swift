import BentaCore
import BentaStore
import Foundation

/// How the change path reaches one versioned record in the store: its name in errors and audit rows, a load that
/// sees only what the viewer may see and locks the row for the rest of the transaction, and a save.
struct ChangeTarget<Record: VersionedRecord>: Sendable {
    /// The record's name in `notFound`, `staleVersion` and the audit row's entity type (`account`).
    let entity: String
    /// The record if it exists and the viewer may see it, locked until the transaction ends.
    let load: @Sendable (StoreConnection) async throws -> Record?
    /// Saves `changed` if the stored version is still `loaded.version`; false when it is not. `loaded` is the record
    /// as it was read, so a store can skip rewriting what did not change (lines).
    let save: @Sendable (_ changed: Record, _ loaded: Record, StoreConnection) async throws -> Bool
}

/// What a change is done with: the transaction's connection and the one instant the change is stamped with.
struct ChangeContext: Sendable {
    let db: StoreConnection
    let now: Date
}

/// The audit row a change writes: its action (`account.updated`), details, and the record it is filed under.
struct AuditEntry: Sendable {
    /// Nil when the change writes no row of its own (see ``toldByTheEnclosingChange``).
    var action: String?
    var details: [String: String]
    /// The record the row is filed under when it is not the changed one (an amendment's rows are its contract's).
    var filedUnder: (entityType: String, entityID: String)?

    init(_ action: String, details: [String: String] = [:], filedUnder: (entityType: String, entityID: String)? = nil) {
        self.action = action
        self.details = details
        self.filedUnder = filedUnder
    }

    private init() {
        action = nil
        details = [:]
        filedUnder = nil
    }

    /// A change that is part of another one whose audit row tells it (an amendment's signature changes its
    /// contract's terms; a signed copy's upload signs a sent contract): saved with a new version, no row of its own.
    static let toldByTheEnclosingChange = AuditEntry()

    /// A user's own preference (the interface language), which is no business change and is not audited.
    static let unaudited = AuditEntry()
}

/// The one path by which services change a versioned record: a visible, locked load; the caller's expected
/// version against the stored one; the change; a new version and `updatedAt`; the save; the audit row — all in
/// the caller's transaction, so a failure anywhere leaves nothing behind. The audit row is the viewer's, in their
/// company and request, and carries each changed field before and after (``AuditChanges``).
struct ChangePath: Sendable {
    let clock: AppClock
    let audit: AuditWriter

    /// Changes the record in its own transaction; see ``change(_:expectedVersion:by:on:mutate:)``.
    func change<Record: VersionedRecord>(
        _ target: ChangeTarget<Record>, expectedVersion: Int64?, by viewer: Viewer, in database: any AppDatabase,
        mutate: @escaping @Sendable (inout Record, ChangeContext) async throws -> AuditEntry?
    ) async throws -> Record {
        try await database.transaction { db in
            try await change(target, expectedVersion: expectedVersion, by: viewer, on: db, mutate: mutate)
        }
    }

    /// Changes the record inside a transaction the caller holds (`db`).
    ///
    /// `mutate` applies the core transition or edit and names the audit row; it returns nil when there is nothing
    /// to change (the record is returned as loaded: no save, no new version, no audit row). A nil
    /// `expectedVersion` (a form without a version field) changes whatever version is stored. A stale version is
    /// `RecordError.staleVersion` with the version actually stored.
    func change<Record: VersionedRecord>(
        _ target: ChangeTarget<Record>, expectedVersion: Int64?, by viewer: Viewer, on db: StoreConnection,
        mutate: (inout Record, ChangeContext) async throws -> AuditEntry?
    ) async throws -> Record {
        guard let loaded = try await target.load(db) else { throw RecordError.notFound(entity: target.entity) }
        let expected = try RecordError.checkVersion(expectedVersion, current: loaded.version, entity: target.entity)
        var record = loaded
        let context = ChangeContext(db: db, now: clock.now())
        guard let entry = try await mutate(&record, context) else { return loaded }
        record.recordChange(at: context.now)
        guard try await target.save(record, loaded, db) else {
            // Only a row the load did not lock can have moved on; read what is stored now to say which version.
            guard let current = try await target.load(db) else { throw RecordError.notFound(entity: target.entity) }
            throw RecordError.staleVersion(entity: target.entity, expected: expected, actual: current.version)
        }
        if let action = entry.action {
            let (entityType, entityID) = entry.filedUnder ?? (target.entity, record.id.description)
            // Before and after, from the record as loaded and as saved: once here, for every record type.
            try await audit.record(
                action, entityType: entityType, entityID: entityID, companyID: viewer.companyID, actor: viewer.userID,
                details: entry.details, changes: AuditChanges.diff(before: loaded, after: record),
                requestID: viewer.requestID, on: db)
        }
        return record
    }
}

/// A service that changes versioned records, through ``ChangePath`` only.
protocol ChangesVersionedRecords {
    var clock: AppClock { get }
    var audit: AuditWriter { get }
}

extension ChangesVersionedRecords {
    /// The one change path, with this service's clock and audit writer.
    var changes: ChangePath { ChangePath(clock: clock, audit: audit) }
}
