import Foundation

/// Companies, users, teams, sessions, API tokens, login attempts, accounts, contacts and the audit log.
///
/// Conventions: IDs are UUID v7 strings; instants are `BIGINT` milliseconds since 1970 (UTC); money will be
/// `BIGINT` minor units beside a currency code; every editable row has `created_at`, `updated_at`, `version`.
struct M0001_Foundation: Migration {
    let number = 1
    let name = "foundation"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        return [
            """
            CREATE TABLE companies (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                registered_name TEXT NOT NULL,
                registered_address TEXT NOT NULL,
                tin TEXT,
                is_vat_registered \(bool) NOT NULL,
                country TEXT NOT NULL,
                base_currency TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                default_language TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'head', 'manager', 'accountant')),
                language TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                is_active \(bool) NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX users_company ON users (company_id, name)",
            """
            CREATE TABLE teams (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (company_id, name))
            """,
            """
            CREATE TABLE team_members (
                team_id TEXT NOT NULL REFERENCES teams (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                PRIMARY KEY (team_id, user_id))
            """,
            "CREATE INDEX team_members_user ON team_members (user_id)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                ip TEXT NOT NULL,
                user_agent TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                token_prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT)
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
            """
            CREATE TABLE login_attempts (
                email_normalized TEXT NOT NULL,
                ip TEXT NOT NULL,
                attempted_at BIGINT NOT NULL,
                succeeded \(bool) NOT NULL)
            """,
            "CREATE INDEX login_attempts_email ON login_attempts (email_normalized, attempted_at)",
            "CREATE INDEX login_attempts_ip ON login_attempts (ip, attempted_at)",
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                search_text TEXT NOT NULL,
                registered_name TEXT,
                tin TEXT,
                billing_address TEXT,
                delivery_address TEXT,
                phones_json TEXT NOT NULL,
                email TEXT,
                website TEXT,
                industry TEXT,
                owner_id TEXT NOT NULL REFERENCES users (id),
                team_id TEXT REFERENCES teams (id),
                tags_json TEXT NOT NULL,
                notes TEXT,
                status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX accounts_list ON accounts (company_id, sort_name, id)",
            "CREATE INDEX accounts_owner ON accounts (company_id, owner_id, sort_name)",
            "CREATE INDEX accounts_team ON accounts (team_id)",
            "CREATE INDEX accounts_tin ON accounts (company_id, tin)",
            """
            CREATE TABLE contacts (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                name TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                search_text TEXT NOT NULL,
                position TEXT,
                phones_json TEXT NOT NULL,
                emails_json TEXT NOT NULL,
                preferred_channel TEXT,
                notes TEXT,
                status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX contacts_list ON contacts (company_id, sort_name, id)",
            "CREATE INDEX contacts_account ON contacts (account_id, sort_name)",
            """
            CREATE TABLE contact_points (
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                contact_id TEXT REFERENCES contacts (id),
                kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
                normalized TEXT NOT NULL)
            """,
            "CREATE INDEX contact_points_lookup ON contact_points (company_id, kind, normalized)",
            "CREATE INDEX contact_points_account ON contact_points (account_id)",
            "CREATE INDEX contact_points_contact ON contact_points (contact_id)",
            """
            CREATE TABLE account_tags (
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                tag TEXT NOT NULL,
                PRIMARY KEY (account_id, tag))
            """,
            "CREATE INDEX account_tags_tag ON account_tags (company_id, tag)",
            """
            CREATE TABLE audit_events (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                occurred_at BIGINT NOT NULL,
                actor_id TEXT,
                action TEXT NOT NULL,
                entity_type TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                details TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_entity ON audit_events (company_id, entity_type, entity_id, occurred_at)",
            "CREATE INDEX audit_events_time ON audit_events (company_id, occurred_at)",
        ]
    }
}
