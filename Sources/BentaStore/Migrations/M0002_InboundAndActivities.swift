import Foundation

/// Leads and their routing, activities (the timelines), tasks, meetings, inbound messages with attachments,
/// web-to-lead forms, calendar feed tokens, import jobs, the full-text search index and merge markers.
struct M0002_InboundAndActivities: Migration {
    let number = 2
    let name = "inbound_and_activities"

    func statements(for engine: DatabaseEngine) -> [String] {
        let bool = SQLDialectFacts.booleanType(engine)
        let blob = SQLDialectFacts.blobType(engine)
        return [
            """
            CREATE TABLE leads (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                person_name TEXT,
                company_name TEXT,
                sort_name TEXT NOT NULL,
                search_text TEXT NOT NULL,
                phone_raw TEXT,
                phone_e164 TEXT,
                email TEXT,
                email_normalized TEXT,
                source TEXT NOT NULL,
                interest TEXT,
                province TEXT,
                industry TEXT,
                owner_id TEXT NOT NULL REFERENCES users (id),
                status TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'disqualified')),
                disqualify_reason TEXT,
                converted_account_id TEXT REFERENCES accounts (id),
                converted_contact_id TEXT REFERENCES contacts (id),
                converted_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX leads_list ON leads (company_id, sort_name, id)",
            "CREATE INDEX leads_owner ON leads (company_id, owner_id, status)",
            "CREATE INDEX leads_phone ON leads (company_id, phone_e164)",
            "CREATE INDEX leads_email ON leads (company_id, email_normalized)",
            "CREATE INDEX leads_created ON leads (company_id, created_at)",
            """
            CREATE TABLE routing_rules (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                position BIGINT NOT NULL,
                field TEXT NOT NULL CHECK (field IN ('province', 'industry', 'source')),
                value TEXT NOT NULL,
                assignee_id TEXT NOT NULL REFERENCES users (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX routing_rules_company ON routing_rules (company_id, position)",
            """
            CREATE TABLE routing_state (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                last_user_id TEXT REFERENCES users (id),
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE inbound_messages (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                message_key TEXT NOT NULL,
                from_address TEXT NOT NULL,
                from_name TEXT,
                to_addresses TEXT NOT NULL,
                cc_addresses TEXT NOT NULL,
                subject TEXT NOT NULL,
                sent_at BIGINT,
                received_at BIGINT NOT NULL,
                text_body TEXT,
                html_body TEXT,
                size_bytes BIGINT NOT NULL,
                UNIQUE (company_id, message_key))
            """,
            """
            CREATE TABLE message_attachments (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                message_id TEXT NOT NULL REFERENCES inbound_messages (id),
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                data \(blob) NOT NULL)
            """,
            "CREATE INDEX message_attachments_message ON message_attachments (message_id)",
            """
            CREATE TABLE activities (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                kind TEXT NOT NULL,
                direction TEXT,
                subject TEXT NOT NULL,
                body TEXT,
                occurred_at BIGINT NOT NULL,
                duration_seconds BIGINT,
                outcome TEXT,
                phone TEXT,
                account_id TEXT REFERENCES accounts (id),
                contact_id TEXT REFERENCES contacts (id),
                lead_id TEXT REFERENCES leads (id),
                user_id TEXT REFERENCES users (id),
                message_id TEXT REFERENCES inbound_messages (id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX activities_account ON activities (account_id, occurred_at, id)",
            "CREATE INDEX activities_contact ON activities (contact_id, occurred_at, id)",
            "CREATE INDEX activities_lead ON activities (lead_id, occurred_at, id)",
            "CREATE INDEX activities_user ON activities (company_id, user_id, occurred_at)",
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                title TEXT NOT NULL,
                notes TEXT,
                due_at BIGINT NOT NULL,
                is_all_day \(bool) NOT NULL,
                assignee_id TEXT NOT NULL REFERENCES users (id),
                priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
                account_id TEXT REFERENCES accounts (id),
                contact_id TEXT REFERENCES contacts (id),
                lead_id TEXT REFERENCES leads (id),
                completed_at BIGINT,
                created_by_id TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX tasks_assignee ON tasks (company_id, assignee_id, completed_at, due_at)",
            "CREATE INDEX tasks_account ON tasks (account_id)",
            "CREATE INDEX tasks_lead ON tasks (lead_id)",
            """
            CREATE TABLE meetings (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                title TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                duration_minutes BIGINT NOT NULL,
                place TEXT,
                link TEXT,
                agenda TEXT,
                outcome TEXT,
                account_id TEXT REFERENCES accounts (id),
                lead_id TEXT REFERENCES leads (id),
                organizer_id TEXT NOT NULL REFERENCES users (id),
                is_cancelled \(bool) NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX meetings_time ON meetings (company_id, starts_at)",
            "CREATE INDEX meetings_account ON meetings (account_id)",
            """
            CREATE TABLE meeting_attendees (
                meeting_id TEXT NOT NULL REFERENCES meetings (id),
                contact_id TEXT REFERENCES contacts (id),
                user_id TEXT REFERENCES users (id))
            """,
            "CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id)",
            "CREATE INDEX meeting_attendees_user ON meeting_attendees (user_id)",
            """
            CREATE TABLE calendar_feeds (
                user_id TEXT PRIMARY KEY REFERENCES users (id),
                token TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE lead_forms (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                form_key TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                fields TEXT NOT NULL,
                thank_you TEXT NOT NULL,
                is_active \(bool) NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE form_submissions (
                form_key TEXT NOT NULL,
                ip TEXT NOT NULL,
                submitted_at BIGINT NOT NULL)
            """,
            "CREATE INDEX form_submissions_ip ON form_submissions (ip, submitted_at)",
            """
            CREATE TABLE import_jobs (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                entity TEXT NOT NULL,
                filename TEXT NOT NULL,
                status TEXT NOT NULL,
                total_rows BIGINT NOT NULL,
                processed_rows BIGINT NOT NULL,
                created_rows BIGINT NOT NULL,
                rejected_rows BIGINT NOT NULL,
                report TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX import_jobs_user ON import_jobs (company_id, user_id, created_at)",
            """
            CREATE TABLE import_uploads (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                filename TEXT NOT NULL,
                data \(blob) NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "ALTER TABLE accounts ADD COLUMN merged_into_id TEXT REFERENCES accounts (id)",
            "ALTER TABLE contacts ADD COLUMN merged_into_id TEXT REFERENCES contacts (id)",
        ] + SQLDialectFacts.searchIndexStatements(engine)
    }
}
