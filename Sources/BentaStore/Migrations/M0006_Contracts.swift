import Foundation

/// Contracts with their amendments, signed copies (bytes in the database, never on a web root), templates, and
/// the company's renewal lead time.
///
/// `effective_end_date` / `effective_value_minor` start as the contract's own terms and take the new end date and
/// value of each amendment when it is signed; the original `end_date` / `value_minor` never change after sending.
struct M0006_Contracts: Migration {
    let number = 6
    let name = "contracts"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        let blob = SQLDialectFacts.blobType(engine)
        return [
            """
            CREATE TABLE contract_templates (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                language TEXT NOT NULL CHECK (language IN ('en', 'fil')),
                body TEXT NOT NULL,
                is_built_in \(bool) NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX contract_templates_company ON contract_templates (company_id, name)",
            """
            CREATE TABLE contracts (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                signatory_contact_id TEXT NOT NULL REFERENCES contacts (id),
                owner_id TEXT NOT NULL REFERENCES users (id),
                deal_id TEXT REFERENCES deals (id),
                quote_id TEXT REFERENCES quotes (id),
                template_id TEXT REFERENCES contract_templates (id),
                language TEXT NOT NULL,
                number TEXT,
                sequence BIGINT,
                status TEXT NOT NULL
                    CHECK (status IN ('draft', 'sent', 'signed', 'active', 'expired', 'terminated')),
                title TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                body_template TEXT NOT NULL,
                rendered_body TEXT,
                parties_json TEXT,
                start_date TEXT NOT NULL,
                end_date TEXT NOT NULL,
                value_minor BIGINT NOT NULL CHECK (value_minor >= 0),
                currency TEXT NOT NULL,
                payment_terms TEXT NOT NULL,
                billing_schedule_json TEXT,
                effective_end_date TEXT NOT NULL,
                effective_value_minor BIGINT NOT NULL CHECK (effective_value_minor >= 0),
                issue_date TEXT,
                signed_date TEXT,
                terminated_date TEXT,
                termination_reason TEXT,
                renewal_task_id TEXT REFERENCES tasks (id),
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL,
                CHECK (end_date > start_date))
            """,
            "CREATE UNIQUE INDEX contracts_number ON contracts (company_id, number)",
            "CREATE INDEX contracts_list ON contracts (company_id, sort_name, id)",
            "CREATE INDEX contracts_ending ON contracts (company_id, status, effective_end_date)",
            "CREATE INDEX contracts_account ON contracts (account_id)",
            """
            CREATE TABLE contract_amendments (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                contract_id TEXT NOT NULL REFERENCES contracts (id),
                number TEXT,
                sequence BIGINT,
                status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'signed')),
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                effective_date TEXT NOT NULL,
                new_end_date TEXT,
                new_value_minor BIGINT CHECK (new_value_minor >= 0),
                issue_date TEXT,
                signed_date TEXT,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX contract_amendments_number ON contract_amendments (company_id, number)",
            "CREATE INDEX contract_amendments_contract ON contract_amendments (contract_id, created_at)",
            """
            CREATE TABLE contract_files (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                contract_id TEXT NOT NULL REFERENCES contracts (id),
                filename TEXT NOT NULL,
                media_type TEXT NOT NULL,
                byte_count BIGINT NOT NULL,
                data \(blob) NOT NULL,
                uploaded_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX contract_files_contract ON contract_files (contract_id, created_at)",
            """
            CREATE TABLE contract_settings (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                renewal_notice_days BIGINT NOT NULL CHECK (renewal_notice_days BETWEEN 1 AND 365),
                updated_at BIGINT NOT NULL)
            """,
        ]
    }
}
