import Foundation

/// Short prefixes from an index of their own (issue 11), SQLite only. The search box and every list's text filter
/// take the last word as a prefix, since it may still be being typed (``SearchWords``); FTS5 answered a last word of
/// one or two characters by merging the lists of every indexed word that starts with it: `3` starts the digits of
/// most phone numbers and TINs, so "Triple J IT Solutions Mandaue 3" merged 457,000 documents' lists, 86 ms of CPU
/// on the large data set for 5 matches. With `prefix = '1 2'` FTS5 keeps those prefixes as words of their own, and
/// the same search takes 5–6 ms (BENCHMARKS.md, "query shapes"; the index grew by 1.4%).
///
/// The full-text table is made anew with the option and rebuilt from its content table, `search_index`; the
/// triggers that keep it in step name it, not its options, so they stay. On a million accounts this takes about two
/// minutes, once. PostgreSQL's GIN index answers a prefix from its own sorted entries and needs nothing.
struct M0044_SearchPrefixIndex: Migration {
    let number = 44
    let name = "search_prefix_index"

    func statements(for engine: DatabaseEngine) -> [String] {
        guard engine == .sqlite else { return [] }
        return [
            "DROP TABLE search_fts",
            """
            CREATE VIRTUAL TABLE search_fts USING fts5(
                content, content = 'search_index', content_rowid = 'rowid',
                tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')
            """,
            "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
        ]
    }
}
