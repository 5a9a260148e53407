import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// A company's own bank CSV profiles (issue 12): saved beside the ready ones (`BankCSVProfile.ready`) so that a bank
/// without a ready profile can still be imported. Read and changed by whoever imports statements (the
/// record-payments duty, not a manager: ``requireStatementWriter(_:)``); every change is versioned and audited
/// through the change path; archiving (never deleting) takes a profile out of the import's choices.
extension PaymentService {
    /// A saved profile with its layout read back.
    public struct BankCSVProfileRecord: Sendable, Hashable {
        public let record: SavedBankCSVProfile
        public let profile: BankCSVProfile
    }

    /// A choice of the import's profile select: a ready profile or one of the company's own.
    public struct BankCSVProfileChoice: Sendable, Hashable {
        /// What the import's `profile` field takes: the ready profile's id or the saved profile's record id.
        public let id: String
        public let name: String
        public let isSaved: Bool
    }

    /// The most saved profiles the import's select offers (the newest ones).
    static let profileChoiceLimit = 200

    /// One page of the company's saved profiles, newest first.
    public func bankCSVProfiles(
        viewer: Viewer, includeArchived: Bool = false, page: PageRequest
    ) async throws -> Page<BankCSVProfileRecord> {
        try await requireStatementWriter(viewer)
        let stored = try await database.read { db in
            try await BankCSVProfileStore(db).list(
                companyID: viewer.companyID, includeArchived: includeArchived, page: page)
        }
        return Page(items: try stored.items.map(Self.withLayout), nextCursor: stored.nextCursor)
    }

    /// A saved profile of the viewer's company (another company's is not found).
    public func bankCSVProfile(_ id: SavedBankCSVProfile.ID, viewer: Viewer) async throws -> BankCSVProfileRecord {
        try await requireStatementWriter(viewer)
        guard
            let record = try await database.read({ db in
                try await BankCSVProfileStore(db).find(id, companyID: viewer.companyID)
            })
        else { throw RecordError.notFound(entity: "bank_csv_profile") }
        return try Self.withLayout(record)
    }

    /// Saves a new profile for the company; its `id` is replaced by the new record's. Every field is validated
    /// (`BankCSVProfile.validate()`) and the name must be new to the company (`name_taken`), else nothing is saved.
    public func createBankCSVProfile(_ profile: BankCSVProfile, viewer: Viewer) async throws -> BankCSVProfileRecord {
        try await requireStatementWriter(viewer)
        var profile = profile
        let id: SavedBankCSVProfile.ID = clock.newID()
        profile.id = id.description
        profile.name = profile.name.trimmingCharacters(in: .whitespacesAndNewlines)
        try profile.validate()
        let json = try Self.json(profile)
        let (clock, audit, name) = (clock, audit, profile.name)
        let record = try await Self.nameRaceIsTaken {
            try await database.transaction { db in
                let store = BankCSVProfileStore(db)
                try await Self.checkNameFree(name, companyID: viewer.companyID, excluding: nil, store: store)
                let now = clock.now()
                let record = SavedBankCSVProfile(
                    id: id, companyID: viewer.companyID, name: name, profileJSON: json, createdBy: viewer.userID,
                    createdAt: now, updatedAt: now, version: 1)
                try await store.insert(record)
                try await audit.record(
                    "bank_csv_profile.created", entityType: "bank_csv_profile", entityID: id.description,
                    companyID: viewer.companyID, by: viewer, details: ["name": name], created: record, on: db)
                return record
            }
        }
        return BankCSVProfileRecord(record: record, profile: profile)
    }

    /// Changes a saved profile at `expectedVersion` (412 when stale): `change` gets the stored layout and returns
    /// the new one, which is validated like a new profile's (its `id` stays the record's).
    public func updateBankCSVProfile(
        _ id: SavedBankCSVProfile.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (BankCSVProfile) throws -> BankCSVProfile
    ) async throws -> BankCSVProfileRecord {
        try await requireStatementWriter(viewer)
        let (clock, audit, database) = (clock, audit, database)
        let record = try await Self.nameRaceIsTaken {
            try await ChangePath(clock: clock, audit: audit).change(
                Self.profileTarget(id, companyID: viewer.companyID), expectedVersion: expectedVersion, by: viewer,
                in: database
            ) { record, context in
                guard !record.isArchived else {
                    throw ValidationErrors([
                        FieldError(field: "id", code: "archived", message: "An archived profile is no longer changed.")
                    ])
                }
                var profile = try change(try Self.layout(of: record))
                profile.id = record.id.description
                profile.name = profile.name.trimmingCharacters(in: .whitespacesAndNewlines)
                try profile.validate()
                try await Self.checkNameFree(
                    profile.name, companyID: record.companyID, excluding: record.id,
                    store: BankCSVProfileStore(context.db))
                let json = try Self.json(profile)
                guard json != record.profileJSON else { return nil }
                record.name = profile.name
                record.profileJSON = json
                return AuditEntry("bank_csv_profile.updated", details: ["name": profile.name])
            }
        }
        return try Self.withLayout(record)
    }

    /// Archives a saved profile (nothing is deleted): it is no longer offered or used by an import.
    public func archiveBankCSVProfile(
        _ id: SavedBankCSVProfile.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> BankCSVProfileRecord {
        try await requireStatementWriter(viewer)
        let record = try await ChangePath(clock: clock, audit: audit).change(
            Self.profileTarget(id, companyID: viewer.companyID), expectedVersion: expectedVersion, by: viewer,
            in: database
        ) { record, _ in
            guard !record.isArchived else { return nil }
            record.isArchived = true
            return AuditEntry("bank_csv_profile.archived", details: ["name": record.name])
        }
        return try Self.withLayout(record)
    }

    /// The import's profile choices: every ready profile, then the company's own (not archived, newest first).
    public func bankCSVProfileChoices(viewer: Viewer) async throws -> [BankCSVProfileChoice] {
        try await requireStatementWriter(viewer)
        let saved = try await database.read { db in
            try await BankCSVProfileStore(db).list(
                companyID: viewer.companyID, includeArchived: false,
                page: PageRequest(limit: Self.profileChoiceLimit))
        }
        return BankCSVProfile.ready.map { BankCSVProfileChoice(id: $0.id, name: $0.name, isSaved: false) }
            + saved.items.map { BankCSVProfileChoice(id: $0.id.description, name: $0.name, isSaved: true) }
    }

    /// The profile an import names: a ready one by its id, else one of the company's own saved profiles (not
    /// archived); nil when it is neither (another company's profile is not found either).
    func statementProfile(_ id: String, viewer: Viewer) async throws -> BankCSVProfile? {
        if let ready = BankCSVProfile.ready(id: id) { return ready }
        guard let savedID = SavedBankCSVProfile.ID(string: id) else { return nil }
        let record = try await database.read { db in
            try await BankCSVProfileStore(db).find(savedID, companyID: viewer.companyID)
        }
        guard let record, !record.isArchived else { return nil }
        return try Self.layout(of: record)
    }

    // MARK: - JSON

    /// Reads a profile's JSON (snake_case keys, as `BankCSVProfile` writes it); anything that is not a valid profile
    /// is a ``ValidationErrors`` naming the field (422), never a crash.
    public static func decodeBankCSVProfile(_ data: Data) throws(ValidationErrors) -> BankCSVProfile {
        do {
            return try JSONDecoder().decode(BankCSVProfile.self, from: data)
        } catch let errors as ValidationErrors {
            throw errors
        } catch let DecodingError.keyNotFound(key, context) {
            throw ValidationErrors([
                FieldError(
                    field: fieldPath(context.codingPath + [key]), code: "required", message: "A value is required.")
            ])
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ValidationErrors([
                FieldError(
                    field: fieldPath(context.codingPath), code: "invalid_type",
                    message: "This value has the wrong type.")
            ])
        } catch let DecodingError.dataCorrupted(context) {
            throw ValidationErrors([
                FieldError(
                    field: context.codingPath.isEmpty ? "profile" : fieldPath(context.codingPath), code: "invalid",
                    message: "This value is not valid.")
            ])
        } catch {
            throw ValidationErrors([FieldError(field: "profile", code: "invalid", message: "This is not a profile.")])
        }
    }

    /// `profile` with the top-level members of the JSON object `patch` put in its place (JSON merge patch, RFC 7396:
    /// a member set to null is removed), read back as a profile (``decodeBankCSVProfile(_:)``).
    /// `patch` must be a JSON object (the API checked it).
    public static func mergeBankCSVProfile(_ profile: BankCSVProfile, patch: Data) throws -> BankCSVProfile {
        guard var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(profile)) as? [String: Any],
            let patch = try? JSONSerialization.jsonObject(with: patch) as? [String: Any]
        else {
            throw ValidationErrors([FieldError(field: "profile", code: "invalid", message: "This is not a profile.")])
        }
        for (key, value) in patch {
            if value is NSNull { object.removeValue(forKey: key) } else { object[key] = value }
        }
        return try decodeBankCSVProfile(try JSONSerialization.data(withJSONObject: object))
    }

    private static func fieldPath(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func json(_ profile: BankCSVProfile) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(profile), as: UTF8.self)
    }

    static func layout(of record: SavedBankCSVProfile) throws -> BankCSVProfile {
        try JSONDecoder().decode(BankCSVProfile.self, from: Data(record.profileJSON.utf8))
    }

    static func withLayout(_ record: SavedBankCSVProfile) throws -> BankCSVProfileRecord {
        BankCSVProfileRecord(record: record, profile: try layout(of: record))
    }

    /// Runs `work`; a name another writer took between the check and the insert (the unique index) is refused like
    /// one taken before (`name_taken`), never answered as a conflict of storage.
    private static func nameRaceIsTaken<R>(_ work: () async throws -> R) async throws -> R {
        do { return try await work() } catch StorageError.duplicate {
            throw ValidationErrors([
                FieldError(
                    field: "name", code: "name_taken", message: "A bank CSV profile with this name already exists.")
            ])
        }
    }

    private static func checkNameFree(
        _ name: String, companyID: Company.ID, excluding: SavedBankCSVProfile.ID?, store: BankCSVProfileStore
    ) async throws {
        let clashesWithReady = BankCSVProfile.ready.contains {
            SavedBankCSVProfile.nameKey($0.name) == SavedBankCSVProfile.nameKey(name)
        }
        let taken = try await store.nameTaken(name, companyID: companyID, excluding: excluding)
        if clashesWithReady || taken {
            throw ValidationErrors([
                FieldError(
                    field: "name", code: "name_taken", message: "A bank CSV profile with this name already exists.")
            ])
        }
    }

    static func profileTarget(
        _ id: SavedBankCSVProfile.ID, companyID: Company.ID
    ) -> ChangeTarget<SavedBankCSVProfile> {
        ChangeTarget(
            entity: "bank_csv_profile",
            load: { db in try await BankCSVProfileStore(db).find(id, companyID: companyID, forUpdate: true) },
            save: { profile, loaded, db in
                try await BankCSVProfileStore(db).update(profile, expectedVersion: loaded.version)
            })
    }
}
