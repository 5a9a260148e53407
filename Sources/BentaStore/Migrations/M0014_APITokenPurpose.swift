import Foundation

/// API tokens get a purpose: `personal` (every token so far) or `inbound`, the only kind that may post inbound
/// email and calls (issue 15: a manager's token filed mail on other managers' contacts).
struct M0014_APITokenPurpose: Migration {
    let number = 14
    let name = "api_token_purpose"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            ALTER TABLE api_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'personal'
                CHECK (purpose IN ('personal', 'inbound'))
            """
        ]
    }
}
