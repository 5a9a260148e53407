import Foundation
import SQLKit

/// One numbered, append-only schema change. Once landed, a migration is never edited: add a new one.
public protocol Migration: Sendable {
    /// The position in the sequence; unique and increasing.
    var number: Int { get }
    /// A short name, recorded with the number.
    var name: String { get }
    /// The statements to run, for the given engine.
    func statements(for engine: DatabaseEngine) -> [String]
    /// Work after the statements, in the same transaction, for data only Swift can compute (a backfill through the
    /// core's rules); nothing by default. It must read only the columns that exist at this migration.
    func backfill(_ db: any SQLDatabase) async throws
}

extension Migration {
    public func backfill(_ db: any SQLDatabase) async throws {}

    /// Triggers that make `tables` append-only on both engines: UPDATE and DELETE are refused (on SQLite a trigger
    /// per action raising `<table> is append-only`; on PostgreSQL one trigger per table through the function
    /// `benta_append_only`, which migration 16 created with `createFunction`). The statements are part of migrations
    /// already applied: their text must not change.
    func appendOnly(_ tables: [String], on engine: DatabaseEngine, createFunction: Bool = false) -> [String] {
        switch engine {
        case .sqlite:
            return tables.flatMap { table in
                ["UPDATE", "DELETE"].map { action in
                    """
                    CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                    """
                }
            }
        case .postgres:
            let function = """
                CREATE FUNCTION benta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
                """
            return (createFunction ? [function] : [])
                + tables.map { table in
                    """
                    CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                    FOR EACH ROW EXECUTE FUNCTION benta_append_only()
                    """
                }
        }
    }
}

/// Applies the migrations that a database has not seen yet, each in its own transaction, and records them.
public struct Migrator: Sendable {
    public let migrations: [any Migration]

    public init(migrations: [any Migration] = Migrations.all) {
        self.migrations = migrations.sorted { $0.number < $1.number }
    }

    /// Applies what is missing and returns the numbers applied now (empty when the schema is current).
    ///
    /// On SQLite each migration holds the writer queue as a migration (``WriterHold/migration``): a long one (a
    /// backfill or an index over a big file) is not taken for a stuck writer, and the writers queued behind it wait
    /// for it to end.
    @discardableResult
    public func migrate(_ database: any AppDatabase, now: Date) async throws -> [Int] {
        try await WriterHold.$current.withValue(.migration) { try await applyMissing(database, now: now) }
    }

    private func applyMissing(_ database: any AppDatabase, now: Date) async throws -> [Int] {
        let engine = database.engine
        // Under the migration lock too: two servers creating the table at once collide on PostgreSQL's catalog.
        try await database.transaction { db in
            if let lock = SQLDialectFacts.migrationLock(engine) { try await db.raw(SQLQueryString(lock)).run() }
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await database.transaction { db in
                if let lock = SQLDialectFacts.migrationLock(engine) {
                    try await db.raw(SQLQueryString(lock)).run()
                }
                let existing = try await db.raw(
                    "SELECT number FROM schema_migrations WHERE number = \(bind: migration.number)"
                ).first()
                if existing != nil { return false }
                for statement in migration.statements(for: engine) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await migration.backfill(db)
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (number, name, applied_at)
                    VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: now.millisecondsSince1970))
                    """
                ).run()
                return true
            }
            if didApply { applied.append(migration.number) }
        }
        // New tables and indexes need statistics for the planner (SQLite's advice after a schema change).
        if !applied.isEmpty, let sqlite = database as? SQLiteAppDatabase { try await sqlite.optimize() }
        return applied
    }

    /// The numbers already recorded in the database.
    public func appliedNumbers(_ database: any AppDatabase) async throws -> [Int] {
        try await database.read { db in
            try await db.raw("SELECT number FROM schema_migrations ORDER BY number").all()
                .map { try $0.decode(column: "number", as: Int.self) }
        }
    }
}

/// The list of every migration, in order. New migrations are appended here.
public enum Migrations {
    public static let all: [any Migration] = [
        M0001_Foundation(),
        M0002_InboundAndActivities(),
        M0003_Deals(),
        M0004_Products(),
        M0005_Quotes(),
        M0006_Contracts(),
        M0007_Invoices(),
        M0008_Outbox(),
        M0009_ContractBillingRuns(),
        M0010_InvoiceCredits(),
        M0011_IssuedFigures(),
        M0012_AccountTaxProfile(),
        M0013_IdempotencyClaims(),
        M0014_APITokenPurpose(),
        M0015_PipelineVersions(),
        M0016_Payments(),
        M0017_PaymentMatching(),
        M0018_WithholdingCertificates(),
        M0019_SearchMoreRecords(),
        M0020_AuditChain(), M0021_Collections(),
        M0022_InvoiceInstalments(),
        M0023_ReceivablesReports(),
        M0024_Commission(),
        M0025_Plans(),
        M0026_PhoneEndings(),
        M0027_ExchangeDifferences(),
        M0028_DealCreditSplits(),
        M0029_StatementImportProgress(),
        M0030_CompanyDuties(),
        M0031_ServerInstances(),
        M0032_QuotaTypes(),
        M0033_AuditRequestID(),
        M0034_DiscountApprovals(),
        M0035_SystemTexts(),
        M0036_QueryShapes(),
        M0038_SettingVersions(),
        M0039_BankCSVProfiles(),
        M0040_MoreSystemTexts(),
        M0043_AccountSearchRows(),
        M0044_SearchPrefixIndex(),
        M0045_AuditSealQueue(),
        M0046_AccountPagesByOwner(),
        M0047_AccountVisibilityCopies(),
        M0048_InvoicePagesByOwner(),
        M0049_AccountTagPagesByOwner(),
    ]
}
