import BentaCore
import Foundation
import SQLKit

/// Gapless number series: one counter row per (company, document type, branch), advanced inside the transaction
/// that issues the document.
///
/// The `UPDATE … RETURNING` takes the row lock on PostgreSQL, so concurrent issuers queue behind it and a rollback
/// hands the number back with everything else; SQLite's write transactions (`BEGIN IMMEDIATE`) already run one at
/// a time. Each document table's `UNIQUE (company_id, number)` is the backstop. Never call this outside a
/// transaction.
public struct NumberSeriesStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Takes the next number of the series, creating the series with the type's default format on first use.
    public func take(
        companyID: Company.ID, type: DocumentType, branch: String = "", date: CalendarDate, now: Date
    ) async throws -> AssignedNumber {
        try await ensure(companyID: companyID, type: type, branch: branch, now: now)
        guard
            let row = try await db.raw(
                """
                UPDATE number_series SET next_value = next_value + 1, updated_at = \(bind: now.millisecondsSince1970)
                WHERE company_id = \(bind: companyID.description) AND document_type = \(bind: type.rawValue)
                    AND branch = \(bind: branch)
                RETURNING next_value - 1 AS taken, format
                """
            ).first()
        else { throw CorruptRow(description: "number series \(type.rawValue) vanished") }
        let sequence = try row.int64("taken")
        let format = NumberFormat(stored: try row.string("format"))
        return AssignedNumber(sequence: sequence, text: format.format(sequence: sequence, date: date))
    }

    /// Takes the next number and reads the clock only once the series is held (the `UPDATE` locks its row on
    /// PostgreSQL; SQLite's writers already run one at a time), so a later number never bears an earlier date: a
    /// request that waited for the series across midnight is dated the day it was numbered. Returns the number,
    /// the date it is printed with (in `timeZone`) and the moment it was taken.
    public func take(
        companyID: Company.ID, type: DocumentType, branch: String = "", clock: @Sendable () -> Date,
        timeZone: TimeZone
    ) async throws -> (number: AssignedNumber, date: CalendarDate, at: Date) {
        try await ensure(companyID: companyID, type: type, branch: branch, now: clock())
        guard
            let row = try await db.raw(
                """
                UPDATE number_series SET next_value = next_value + 1
                WHERE company_id = \(bind: companyID.description) AND document_type = \(bind: type.rawValue)
                    AND branch = \(bind: branch)
                RETURNING next_value - 1 AS taken, format
                """
            ).first()
        else { throw CorruptRow(description: "number series \(type.rawValue) vanished") }
        let at = clock()
        let date = CalendarDate.from(at, in: timeZone)
        try await db.raw(
            """
            UPDATE number_series SET updated_at = \(bind: at.millisecondsSince1970)
            WHERE company_id = \(bind: companyID.description) AND document_type = \(bind: type.rawValue)
                AND branch = \(bind: branch)
            """
        ).run()
        let sequence = try row.int64("taken")
        let format = NumberFormat(stored: try row.string("format"))
        return (AssignedNumber(sequence: sequence, text: format.format(sequence: sequence, date: date)), date, at)
    }

    /// The series of a company, with the number the next document will get.
    public func series(companyID: Company.ID) async throws -> [NumberSeries] {
        try await db.raw(
            """
            SELECT document_type, branch, format, next_value, format_version FROM number_series
            WHERE company_id = \(bind: companyID.description) ORDER BY document_type, branch
            """
        ).all().compactMap { row in
            guard let type = DocumentType(rawValue: try row.string("document_type")) else { return nil }
            return NumberSeries(
                type: type, branch: try row.string("branch"), format: NumberFormat(stored: try row.string("format")),
                nextValue: try row.int64("next_value"), formatVersion: try row.int64("format_version"))
        }
    }

    /// Changes how future numbers print; the counter goes on (a series never restarts or goes back). With
    /// `expectedVersion` only while the format is still at that version (a series not yet made is at 1); false
    /// when another change came first. Raises the format's version.
    @discardableResult
    public func setFormat(
        _ format: NumberFormat, companyID: Company.ID, type: DocumentType, branch: String = "", now: Date,
        expectedVersion: Int64? = nil
    ) async throws -> Bool {
        try await ensure(companyID: companyID, type: type, branch: branch, now: now)
        var sql: SQLQueryString = """
            UPDATE number_series SET format = \(bind: format.template), updated_at = \(bind: now.millisecondsSince1970),
                format_version = format_version + 1
            WHERE company_id = \(bind: companyID.description) AND document_type = \(bind: type.rawValue)
                AND branch = \(bind: branch)
            """
        if let expectedVersion { sql += " AND format_version = \(bind: expectedVersion)" }
        sql += " RETURNING format_version"
        return !(try await db.raw(sql).all()).isEmpty
    }

    private func ensure(companyID: Company.ID, type: DocumentType, branch: String, now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO number_series (company_id, document_type, branch, format, next_value, updated_at)
            VALUES (\(bind: companyID.description), \(bind: type.rawValue), \(bind: branch),
                \(bind: type.defaultFormat.template), 1, \(bind: now.millisecondsSince1970))
            ON CONFLICT (company_id, document_type, branch) DO NOTHING
            """
        ).run()
    }
}
