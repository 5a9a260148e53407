import BentaCore
import Foundation
import SQLKit

/// Imported bank statements and their lines. A line is inserted once per bank account and dedupe key (a second
/// import of the same or an overlapping statement skips it); afterwards only its place in the review queue changes.
public struct BankStatementStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ statement: ImportedStatement) async throws {
        try await db.raw(
            """
            INSERT INTO bank_statements (id, company_id, bank_account_id, format, file_name, identifier, from_date,
                to_date, currency, opening_minor, closing_minor, line_count, duplicate_count, warnings_json,
                imported_by, imported_at, import_status, lines_total, lines_matched, import_error, instance_id)
            VALUES (\(bind: statement.id.description), \(bind: statement.companyID.description),
                \(bind: statement.bankAccountID.description), \(bind: statement.format), \(bind: statement.fileName),
                \(bind: statement.identifier), \(bind: statement.fromDate?.iso8601String),
                \(bind: statement.toDate?.iso8601String), \(bind: statement.currency.code),
                \(bind: statement.opening?.minorUnits), \(bind: statement.closing?.minorUnits),
                \(bind: Int64(statement.lineCount)), \(bind: Int64(statement.duplicateCount)),
                \(bind: try jsonText(statement.warnings)), \(bind: statement.importedBy?.description),
                \(bind: statement.importedAt.millisecondsSince1970), \(bind: statement.importStatus.rawValue),
                \(bind: Int64(statement.linesTotal)), \(bind: Int64(statement.linesMatched)),
                \(bind: statement.importError), \(bind: statement.instanceID))
            """
        ).run()
    }

    /// Adds one batch's counts to an importing statement: lines new, lines already known, lines confirmed as
    /// payments (written in the batch's transaction, so the counts are what the committed batches filed).
    public func addProgress(_ id: ImportedStatement.ID, lines: Int, duplicates: Int, matched: Int) async throws {
        try await db.raw(
            """
            UPDATE bank_statements SET line_count = line_count + \(bind: Int64(lines)),
                duplicate_count = duplicate_count + \(bind: Int64(duplicates)),
                lines_matched = lines_matched + \(bind: Int64(matched))
            WHERE id = \(bind: id.description) AND import_status = 'importing'
            """
        ).run()
    }

    /// Ends an importing statement's import as `status` (`imported`, or `failed` with the reason); a statement
    /// whose import already ended is left as it is.
    public func finishImport(
        _ id: ImportedStatement.ID, status: StatementImportStatus, error: String?
    ) async throws {
        try await db.raw(
            """
            UPDATE bank_statements SET import_status = \(bind: status.rawValue), import_error = \(bind: error)
            WHERE id = \(bind: id.description) AND import_status = 'importing'
            """
        ).run()
    }

    /// Inserts the line unless its account already has a line with its dedupe key; true when it was new.
    public func insertIfNew(_ line: StatementLineRecord) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO bank_statement_lines (id, company_id, bank_account_id, statement_id, dedupe_key, booking_date,
                value_date, currency, amount_minor, bank_reference, end_to_end_id, counterparty_name,
                counterparty_account, remittance, creditor_reference, transaction_code, is_reversal, status,
                payment_id, created_at, version)
            VALUES (\(bind: line.id.description), \(bind: line.companyID.description),
                \(bind: line.bankAccountID.description), \(bind: line.statementID.description),
                \(bind: line.dedupeKey), \(bind: line.bookingDate.iso8601String),
                \(bind: line.valueDate?.iso8601String), \(bind: line.amount.currency.code),
                \(bind: line.amount.minorUnits), \(bind: line.bankReference), \(bind: line.endToEndID),
                \(bind: line.counterpartyName), \(bind: line.counterpartyAccount), \(bind: line.remittance),
                \(bind: line.creditorReference), \(bind: line.transactionCode), \(bind: line.isReversal),
                \(bind: line.status.rawValue), \(bind: line.paymentID?.description),
                \(bind: line.createdAt.millisecondsSince1970), \(bind: line.version))
            ON CONFLICT (bank_account_id, dedupe_key) DO NOTHING
            RETURNING id
            """
        ).all().isEmpty)
    }

    public func statement(_ id: ImportedStatement.ID, companyID: Company.ID) async throws -> ImportedStatement? {
        try await db.raw(
            """
            SELECT * FROM bank_statements WHERE id = \(bind: id.description)
                AND company_id = \(bind: companyID.description)
            """
        ).first().map(Self.decodeStatement)
    }

    /// Newest first, keyset-paged.
    public func statements(companyID: Company.ID, page: PageRequest) async throws -> Page<ImportedStatement> {
        try await db.newestFirstPage(
            "SELECT s.* FROM bank_statements s WHERE s.company_id = \(bind: companyID.description)", alias: "s",
            page: page, decode: Self.decodeStatement)
    }

    /// The company's lines newest first, optionally of one status and one statement.
    public func lines(
        companyID: Company.ID, status: StatementLineStatus?, statementID: ImportedStatement.ID?, page: PageRequest
    ) async throws -> Page<StatementLineRecord> {
        var sql: SQLQueryString = "SELECT l.* FROM bank_statement_lines l WHERE "
        if let statementID {
            sql += "l.statement_id = \(bind: statementID.description) AND "
        }
        sql += "l.company_id = \(bind: companyID.description)"
        if let status { sql += " AND l.status = \(bind: status.rawValue)" }
        return try await db.newestFirstPage(sql, alias: "l", page: page, decode: Self.decodeLine)
    }

    public func line(
        _ id: StatementLineRecord.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws -> StatementLineRecord? {
        var sql: SQLQueryString = """
            SELECT * FROM bank_statement_lines WHERE id = \(bind: id.description)
                AND company_id = \(bind: companyID.description)
            """
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        return try await db.raw(sql).first().map(Self.decodeLine)
    }

    /// Moves a line from `from` to `to` (with the payment that recorded it, or none), raising its version; the line
    /// as stored afterwards, or nil when it was no longer in `from` at `expectedVersion`.
    public func move(
        _ id: StatementLineRecord.ID, from: StatementLineStatus, to: StatementLineStatus, paymentID: Payment.ID?,
        expectedVersion: Int64
    ) async throws -> StatementLineRecord? {
        try await db.raw(
            """
            UPDATE bank_statement_lines SET status = \(bind: to.rawValue),
                payment_id = \(bind: paymentID?.description), version = version + 1
            WHERE id = \(bind: id.description) AND status = \(bind: from.rawValue)
                AND version = \(bind: expectedVersion)
            RETURNING *
            """
        ).first().map(Self.decodeLine)
    }

    /// Moves new lines from unmatched to matched with the payment that recorded each, raising their versions, as
    /// `move` does one at a time (one statement per 500 lines); the ids of the lines moved (a line no longer
    /// unmatched is left as it is).
    public func markMatched(
        _ lines: [(line: StatementLineRecord.ID, payment: Payment.ID)]
    ) async throws -> Set<StatementLineRecord.ID> {
        var moved = Set<StatementLineRecord.ID>()
        for start in stride(from: 0, to: lines.count, by: 500) {
            let chunk = lines[start..<min(start + 500, lines.count)]
            var sql: SQLQueryString = "UPDATE bank_statement_lines SET status = 'matched', payment_id = CASE id"
            for (line, payment) in chunk {
                sql += " WHEN \(bind: line.description) THEN \(bind: payment.description)"
            }
            sql += """
                 END, version = version + 1
                WHERE id IN (\(binds: chunk.map(\.line.description))) AND status = 'unmatched'
                RETURNING id
                """
            for row in try await db.raw(sql).all() { moved.insert(try row.id("id")) }
        }
        return moved
    }

    static func decodeStatement(_ row: any SQLRow) throws -> ImportedStatement {
        let code = try row.string("currency")
        guard let currency = Currency(code: code) ?? Self.fallback(code) else {
            throw CorruptRow(description: "statement currency")
        }
        guard let status = StatementImportStatus(rawValue: try row.string("import_status")) else {
            throw CorruptRow(description: "statement import status")
        }
        return ImportedStatement(
            id: try row.id("id"), companyID: try row.id("company_id"), bankAccountID: try row.id("bank_account_id"),
            format: try row.string("format"), fileName: try row.string("file_name"),
            identifier: try row.optionalString("identifier"),
            fromDate: try row.optionalString("from_date").flatMap(CalendarDate.init(iso8601:)),
            toDate: try row.optionalString("to_date").flatMap(CalendarDate.init(iso8601:)), currency: currency,
            opening: try row.optionalInt64("opening_minor").map { Money(minorUnits: $0, currency: currency) },
            closing: try row.optionalInt64("closing_minor").map { Money(minorUnits: $0, currency: currency) },
            lineCount: Int(try row.int64("line_count")), duplicateCount: Int(try row.int64("duplicate_count")),
            warnings: try row.strings("warnings_json"), importedBy: try row.optionalID("imported_by"),
            importedAt: try row.date("imported_at"), importStatus: status,
            linesTotal: Int(try row.int64("lines_total")), linesMatched: Int(try row.int64("lines_matched")),
            importError: try row.optionalString("import_error"), instanceID: try row.optionalString("instance_id"))
    }

    static func decodeLine(_ row: any SQLRow) throws -> StatementLineRecord {
        let code = try row.string("currency")
        guard let currency = Currency(code: code) ?? Self.fallback(code),
            let date = CalendarDate(iso8601: try row.string("booking_date")),
            let status = StatementLineStatus(rawValue: try row.string("status"))
        else { throw CorruptRow(description: "statement line currency, date or status") }
        return StatementLineRecord(
            id: try row.id("id"), companyID: try row.id("company_id"), bankAccountID: try row.id("bank_account_id"),
            statementID: try row.id("statement_id"), dedupeKey: try row.string("dedupe_key"), bookingDate: date,
            valueDate: try row.optionalString("value_date").flatMap(CalendarDate.init(iso8601:)),
            amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
            bankReference: try row.optionalString("bank_reference"),
            endToEndID: try row.optionalString("end_to_end_id"),
            counterpartyName: try row.optionalString("counterparty_name"),
            counterpartyAccount: try row.optionalString("counterparty_account"),
            remittance: try row.string("remittance"),
            creditorReference: try row.optionalString("creditor_reference"),
            transactionCode: try row.optionalString("transaction_code"), isReversal: try row.bool("is_reversal"),
            status: status, paymentID: try row.optionalID("payment_id"), createdAt: try row.date("created_at"),
            version: try row.int64("version"))
    }

    /// A currency outside the built-in table, as a bank file named it (two decimals).
    static func fallback(_ code: String) -> Currency? {
        code.count == 3 ? Currency(code: code, minorUnitDigits: 2, symbol: code) : nil
    }
}
