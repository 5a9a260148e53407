import Foundation
import SQLKit

/// Every difference between SQLite and PostgreSQL that Benta's SQL has to know about, in one place.
public enum SQLDialectFacts {
    /// SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so that two pooled connections cannot deadlock
    /// upgrading read locks; PostgreSQL uses row locks and a plain `BEGIN`.
    static func beginTransaction(_ engine: DatabaseEngine) -> String {
        switch engine {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// Column type for a boolean: SQLite stores it as an integer, PostgreSQL has a native type.
    static func booleanType(_ engine: DatabaseEngine) -> String {
        switch engine {
        case .sqlite: "INTEGER"
        case .postgres: "BOOLEAN"
        }
    }

    /// `FOR UPDATE` on PostgreSQL, where a read that decides a write must lock its row; nothing on SQLite, whose
    /// write transactions (`BEGIN IMMEDIATE`) already run one at a time.
    static func rowLockSuffix(_ db: any SQLDatabase) -> String {
        db.dialect.name == "sqlite" ? "" : " FOR UPDATE"
    }

    /// ` FOR UPDATE OF <alias>` on PostgreSQL, which locks only that table's row when the query joins others (the
    /// account a record is seen through); nothing on SQLite (see ``rowLockSuffix(_:)``).
    static func rowLockSuffix(_ db: any SQLDatabase, of alias: String) -> String {
        db.dialect.name == "sqlite" ? "" : " FOR UPDATE OF \(alias)"
    }

    /// Column type for raw bytes (email attachments).
    static func blobType(_ engine: DatabaseEngine) -> String {
        switch engine {
        case .sqlite: "BLOB"
        case .postgres: "BYTEA"
        }
    }

    /// Whether a driver error message reports a violated unique constraint.
    static func isUniqueViolation(_ message: String) -> Bool {
        message.contains("UNIQUE constraint failed") || message.contains("23505")
            || message.contains("duplicate key value violates unique constraint")
    }

    /// Whether a driver error message reports a violated foreign key.
    static func isForeignKeyViolation(_ message: String) -> Bool {
        message.contains("FOREIGN KEY constraint failed") || message.contains("23503")
            || message.contains("violates foreign key constraint")
    }
}

extension SQLDialectFacts {
    /// A statement that makes concurrent migrators (several app servers starting at once) wait for each other.
    /// SQLite needs none: `BEGIN IMMEDIATE` already admits one writer.
    static func migrationLock(_ engine: DatabaseEngine) -> String? {
        switch engine {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(7231000001)"
        }
    }
}

extension SQLDialectFacts {
    /// The full-text index of accounts, contacts and leads (and, from migration 19, deals, products and
    /// contracts): one `search_index` row per record on both engines
    /// (keyed by entity and record, so re-indexing one record is an index lookup). PostgreSQL searches a generated
    /// `tsvector` with a GIN index; SQLite keeps an FTS5 table over the same rows, in step through triggers.
    static func searchIndexStatements(_ engine: DatabaseEngine) -> [String] {
        switch engine {
        case .sqlite:
            return [
                """
                CREATE TABLE search_index (
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    company_id TEXT NOT NULL,
                    content TEXT NOT NULL,
                    PRIMARY KEY (entity, record_id))
                """,
                """
                CREATE VIRTUAL TABLE search_fts USING fts5(
                    content, content = 'search_index', content_rowid = 'rowid',
                    tokenize = 'unicode61 remove_diacritics 2')
                """,
                """
                CREATE TRIGGER search_index_insert AFTER INSERT ON search_index BEGIN
                    INSERT INTO search_fts (rowid, content) VALUES (new.rowid, new.content);
                END
                """,
                """
                CREATE TRIGGER search_index_delete AFTER DELETE ON search_index BEGIN
                    INSERT INTO search_fts (search_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
                END
                """,
                """
                CREATE TRIGGER search_index_update AFTER UPDATE ON search_index BEGIN
                    INSERT INTO search_fts (search_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
                    INSERT INTO search_fts (rowid, content) VALUES (new.rowid, new.content);
                END
                """,
            ]
        case .postgres:
            return [
                """
                CREATE TABLE search_index (
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    company_id TEXT NOT NULL,
                    content TEXT NOT NULL,
                    document tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
                    PRIMARY KEY (entity, record_id))
                """,
                "CREATE INDEX search_index_document ON search_index USING GIN (document)",
                "CREATE INDEX search_index_company ON search_index (company_id)",
            ]
        }
    }

    /// The full-text query "every term, the last as a prefix and the others whole" (see ``SearchWords``), in the
    /// engine's syntax: FTS5's on SQLite, a `tsquery` on PostgreSQL. Terms are letters and digits only, so no query
    /// syntax of the user's reaches the engine.
    static func fullTextQuery(_ db: any SQLDatabase, terms: [[String]]) -> String {
        let last = terms.count - 1
        if db.dialect.name == "sqlite" {
            return terms.enumerated().map { index, term in
                let words = term.map { index == last ? "\"\($0)\"*" : "\"\($0)\"" }
                return words.count == 1 ? words[0] : "(" + words.joined(separator: " OR ") + ")"
            }.joined(separator: " AND ")  // An implicit AND before a parenthesis is a syntax error in FTS5.
        }
        return terms.enumerated().map { index, term in
            let words = term.map { index == last ? "\($0):*" : $0 }
            return words.count == 1 ? words[0] : "(" + words.joined(separator: " | ") + ")"
        }.joined(separator: " & ")
    }

    /// The full-text query "all the words of at least one group" (whole words; an import's batch asks once for the
    /// names and TINs of all its rows), in the engine's syntax.
    static func fullTextQuery(_ db: any SQLDatabase, anyOf groups: [[String]]) -> String {
        if db.dialect.name == "sqlite" {
            return groups.map { "(" + $0.map { "\"\($0)\"" }.joined(separator: " AND ") + ")" }
                .joined(separator: " OR ")
        }
        return groups.map { "(" + $0.joined(separator: " & ") + ")" }.joined(separator: " | ")
    }

    /// The records of a company (of the kinds in `entities`, or of every kind when it is empty) whose indexed text matches `query` (from
    /// ``fullTextQuery(_:terms:)``): a FROM item giving them as `s.record_id`, and its condition. Callers join
    /// their tables after it with `CROSS JOIN … WHERE x.id = s.record_id`.
    ///
    /// Both shapes make the engine start from the matches, then reach each record by its primary key and sort only
    /// the matches, whatever the statistics say:
    /// - SQLite starts from the FTS5 table and reaches `search_index` by rowid; `CROSS JOIN` fixes that order.
    /// - PostgreSQL reads the GIN index of the generated `tsvector` into an array first (`ARRAY(SELECT …)`), which
    ///   it cannot mistake for a large set: its estimate of a prefix query is a blunt few percent of the index,
    ///   and with a join it walked a million accounts in name order probing each (6 s for a phone number; 0.2 ms
    ///   this way).
    static func searchMatches(
        _ db: any SQLDatabase, query: String, companyID: String, entities: [String] = []
    ) -> (from: SQLQueryString, condition: SQLQueryString) {
        var scope: SQLQueryString = "s.company_id = \(bind: companyID)"
        if entities.count == 1 {
            scope += " AND s.entity = \(bind: entities[0])"
        } else if !entities.isEmpty {
            scope += " AND s.entity IN (\(binds: entities))"
        }
        if db.dialect.name == "sqlite" {
            return (
                "search_fts f CROSS JOIN search_index s",
                "f.search_fts MATCH \(bind: query) AND s.rowid = f.rowid AND " + scope
            )
        }
        return (
            "unnest(ARRAY(SELECT s.record_id FROM search_index s WHERE s.document @@ to_tsquery('simple', "
                + "\(bind: query)) AND " + scope + ")) AS s (record_id)",
            "TRUE"
        )
    }
}
