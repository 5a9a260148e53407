import Foundation

/// Progress of a bank statement import (issue 12, "progress for large files"): the import files and matches its
/// lines a batch at a time, each batch in its own transaction, and keeps on the statement where it stands
/// (importing, imported or failed with the reason), how many of its lines it will read and how many it confirmed
/// as payments; `line_count` and `duplicate_count` grow with each batch. Statements imported before were read
/// whole: they are imported, every line read, and their matched lines are counted.
struct M0029_StatementImportProgress: Migration {
    let number = 29
    let name = "statement_import_progress"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            ALTER TABLE bank_statements ADD COLUMN import_status TEXT NOT NULL DEFAULT 'imported'
                CHECK (import_status IN ('importing', 'imported', 'failed'))
            """,
            "ALTER TABLE bank_statements ADD COLUMN lines_total BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE bank_statements ADD COLUMN lines_matched BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE bank_statements ADD COLUMN import_error TEXT",
            """
            UPDATE bank_statements SET lines_total = line_count + duplicate_count,
                lines_matched = (SELECT COUNT(*) FROM bank_statement_lines l
                    WHERE l.statement_id = bank_statements.id AND l.status = 'matched')
            """,
        ]
    }
}
