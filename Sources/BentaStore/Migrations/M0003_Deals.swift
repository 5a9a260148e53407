import Foundation

/// Pipelines with their stages, deals with contacts, and the stage history of every deal.
struct M0003_Deals: Migration {
    let number = 3
    let name = "deals"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        return [
            """
            CREATE TABLE pipelines (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                name TEXT NOT NULL,
                is_default \(bool) NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE pipeline_stages (
                id TEXT PRIMARY KEY,
                pipeline_id TEXT NOT NULL REFERENCES pipelines (id),
                name TEXT NOT NULL,
                position BIGINT NOT NULL,
                probability BIGINT NOT NULL CHECK (probability BETWEEN 0 AND 100),
                forecast_category TEXT NOT NULL,
                outcome TEXT CHECK (outcome IN ('won', 'lost')))
            """,
            "CREATE INDEX pipeline_stages_pipeline ON pipeline_stages (pipeline_id, position)",
            """
            CREATE TABLE deals (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                owner_id TEXT NOT NULL REFERENCES users (id),
                title TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                currency TEXT NOT NULL,
                expected_close TEXT NOT NULL,
                probability BIGINT,
                forecast_category TEXT,
                source_lead_id TEXT REFERENCES leads (id),
                next_step TEXT,
                notes TEXT,
                pipeline_id TEXT NOT NULL REFERENCES pipelines (id),
                stage_id TEXT NOT NULL REFERENCES pipeline_stages (id),
                status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
                lost_reason TEXT,
                closed_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX deals_list ON deals (company_id, sort_name, id)",
            "CREATE INDEX deals_owner ON deals (company_id, owner_id, status, expected_close)",
            "CREATE INDEX deals_account ON deals (account_id)",
            "CREATE INDEX deals_stage ON deals (stage_id)",
            """
            CREATE TABLE deal_contacts (
                deal_id TEXT NOT NULL REFERENCES deals (id),
                contact_id TEXT NOT NULL REFERENCES contacts (id),
                PRIMARY KEY (deal_id, contact_id))
            """,
            """
            CREATE TABLE deal_stage_history (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                deal_id TEXT NOT NULL REFERENCES deals (id),
                from_stage_id TEXT REFERENCES pipeline_stages (id),
                to_stage_id TEXT NOT NULL REFERENCES pipeline_stages (id),
                changed_at BIGINT NOT NULL,
                changed_by TEXT REFERENCES users (id))
            """,
            "CREATE INDEX deal_stage_history_deal ON deal_stage_history (deal_id, changed_at)",
        ]
    }
}
