import Foundation

/// Commission (issue 13): plans per manager or the company default, as append-only versions with their author,
/// reason and first month; one statement per manager and month with its lines, each tracing to its source.
///
/// A statement is a draft while runs of its month replace it (the row is updated, its revision raised and its lines
/// written again); once approved, triggers on both engines refuse any UPDATE or DELETE of the statement and any
/// change to its lines, so an approved statement stays exactly as approved. Plans are never updated or deleted.
struct M0024_Commission: Migration {
    let number = 24
    let name = "commission"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE commission_plans (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                subject TEXT NOT NULL,
                user_id TEXT REFERENCES users (id),
                version BIGINT NOT NULL,
                content_json TEXT NOT NULL,
                effective_from TEXT NOT NULL,
                reason TEXT NOT NULL,
                author_id TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                UNIQUE (company_id, subject, version))
            """,
            """
            CREATE TABLE commission_statements (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                month TEXT NOT NULL,
                revision BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
                content_json TEXT NOT NULL,
                currency TEXT NOT NULL,
                target_minor BIGINT NOT NULL,
                credited_sales_minor BIGINT NOT NULL,
                earned_minor BIGINT NOT NULL,
                payable_minor BIGINT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                approved_by TEXT REFERENCES users (id),
                approved_at BIGINT,
                UNIQUE (company_id, user_id, month, revision))
            """,
            "CREATE INDEX commission_statements_month ON commission_statements (company_id, month, user_id)",
            "CREATE INDEX commission_statements_user ON commission_statements (company_id, user_id, month)",
            """
            CREATE TABLE commission_statement_lines (
                statement_id TEXT NOT NULL REFERENCES commission_statements (id),
                seq BIGINT NOT NULL,
                source_kind TEXT NOT NULL,
                source_id TEXT,
                line_date TEXT,
                currency TEXT NOT NULL,
                basis_minor BIGINT NOT NULL,
                band_index BIGINT,
                band_from TEXT,
                band_to TEXT,
                rate_percent TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                PRIMARY KEY (statement_id, seq))
            """,
        ] + appendOnly(["commission_plans"], on: engine)
            + Self.approvedIsFinal(engine)
    }

    /// Triggers that refuse changing or deleting an approved statement, and adding, changing or deleting the lines
    /// of one; a draft and its lines stay free to change.
    static func approvedIsFinal(_ engine: DatabaseEngine) -> [String] {
        let approved = "(SELECT status FROM commission_statements WHERE id = %@) = 'approved'"
        switch engine {
        case .sqlite:
            return ["UPDATE", "DELETE"].map { action in
                """
                CREATE TRIGGER commission_statements_approved_no_\(action.lowercased())
                BEFORE \(action) ON commission_statements WHEN OLD.status = 'approved'
                BEGIN SELECT RAISE(ABORT, 'an approved commission statement is immutable'); END
                """
            }
                + [("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")].map { action, row in
                    """
                    CREATE TRIGGER commission_statement_lines_approved_no_\(action.lowercased())
                    BEFORE \(action) ON commission_statement_lines
                    WHEN \(approved.replacingOccurrences(of: "%@", with: row + ".statement_id"))
                    BEGIN SELECT RAISE(ABORT, 'an approved commission statement is immutable'); END
                    """
                }
        case .postgres:
            return [
                """
                CREATE FUNCTION benta_commission_statement_final() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.status = 'approved' THEN
                        RAISE EXCEPTION 'an approved commission statement is immutable';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER commission_statements_final BEFORE UPDATE OR DELETE ON commission_statements
                FOR EACH ROW EXECUTE FUNCTION benta_commission_statement_final()
                """,
                """
                CREATE FUNCTION benta_commission_line_final() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (TG_OP <> 'DELETE' AND \(approved.replacingOccurrences(of: "%@", with: "NEW.statement_id")))
                        OR (TG_OP <> 'INSERT' AND \(approved.replacingOccurrences(of: "%@", with: "OLD.statement_id")))
                    THEN
                        RAISE EXCEPTION 'an approved commission statement is immutable';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER commission_statement_lines_final BEFORE INSERT OR UPDATE OR DELETE
                ON commission_statement_lines FOR EACH ROW EXECUTE FUNCTION benta_commission_line_final()
                """,
            ]
        }
    }
}
