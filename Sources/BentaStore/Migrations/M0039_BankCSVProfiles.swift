import Foundation

/// A company's own bank CSV profiles (issue 12, `SavedBankCSVProfile`): the layout as JSON, a name unique per company
/// whatever its case (`name_key`), a version for optimistic concurrency and an archived flag (nothing is deleted).
struct M0039_BankCSVProfiles: Migration {
    let number = 39
    let name = "bank_csv_profiles"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        return [
            """
            CREATE TABLE bank_csv_profiles (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                profile_json TEXT NOT NULL,
                is_archived \(bool) NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX bank_csv_profiles_name ON bank_csv_profiles (company_id, name_key)",
            "CREATE INDEX bank_csv_profiles_company ON bank_csv_profiles (company_id, id)",
        ]
    }
}
