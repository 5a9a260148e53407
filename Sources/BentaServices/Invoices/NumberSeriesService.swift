import BentaCore
import BentaStore
import Foundation

/// The company's number series (quotes, contracts, amendments, invoices, credit notes; per branch): how numbers
/// print, and the sequence the next document gets. The sequence itself is never set by hand: it only moves
/// forward, one number per issued document.
public struct NumberSeriesService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// Every document type with its series (the type's default format until the series is first used).
    public func series(viewer: Viewer) async throws -> [NumberSeries] {
        let stored = try await database.read { db in try await NumberSeriesStore(db).series(companyID: viewer.companyID)
        }
        var result = stored
        for type in DocumentType.allCases where !stored.contains(where: { $0.type == type && $0.branch.isEmpty }) {
            result.append(NumberSeries(type: type, branch: "", format: type.defaultFormat, nextValue: 1))
        }
        return result.sorted { ($0.type.rawValue, $0.branch) < ($1.type.rawValue, $1.branch) }
    }

    /// Changes how a series prints its numbers (admins only); numbering continues where it is.
    /// Number formats are the admin's (403 otherwise).
    public static func requireAdmin(_ viewer: Viewer) throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin changes number formats.")
        }
    }

    public func setFormat(
        _ template: String, type: DocumentType, branch: String, viewer: Viewer, expectedVersion: Int64? = nil
    ) async throws -> NumberSeries {
        try Self.requireAdmin(viewer)
        let format = try NumberFormat(template: template)
        var errors = ValidationErrors()
        let branch = branch.trimmingCharacters(in: .whitespaces)
        if branch.count > 20 || !branch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            errors.add(field: "branch", code: "invalid_branch", message: "Use up to 20 letters, digits or dashes.")
        }
        try errors.throwIfAny()
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = NumberSeriesStore(db)
            func stored() async throws -> NumberSeries? {
                try await store.series(companyID: viewer.companyID).first { $0.type == type && $0.branch == branch }
            }
            let before = try await stored()
            guard
                try await store.setFormat(
                    format, companyID: viewer.companyID, type: type, branch: branch, now: clock.now(),
                    expectedVersion: expectedVersion)
            else {
                throw RecordError.staleVersion(
                    entity: "number_series", expected: expectedVersion ?? 0, actual: before?.formatVersion ?? 1)
            }
            let from = before?.format.template ?? type.defaultFormat.template
            try await audit.record(
                "number_series.format_changed", entityType: "company", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["type": type.rawValue, "branch": branch, "format": format.template],
                changes: from == format.template
                    ? [:] : ["format": AuditChanges.Change(from: from, to: format.template)],
                on: db)
            guard let saved = try await stored() else { throw RecordError.notFound(entity: "series") }
            return saved
        }
    }
}
