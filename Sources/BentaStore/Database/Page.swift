import BentaCore
import Foundation
import SQLKit

// `PageRequest`, `Page` and the cursors are read models in BentaCore (`Reading/`); here are their SQL halves.

extension SortCursor {
    /// The condition "after this cursor" for a table alias sorted by `(sort_name, id)`; `idColumn` names the id
    /// when the alias is a row that carries the record's sort name under another id column (a tag row).
    func afterCondition(alias: String, idColumn: String = "id") -> SQLQueryString {
        "(\(ident: alias).sort_name > \(bind: sortName) OR (\(ident: alias).sort_name = \(bind: sortName) AND \(ident: alias).\(ident: idColumn) > \(bind: id)))"
    }
}

/// Text search helpers shared by list queries.
enum SearchText {
    /// The lowercased text a record is searched by.
    static func normalize(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ").lowercased()
    }

    /// The digits of a query, when it looks like a phone number or a TIN (at least four digits, nothing else
    /// but separators); the leading trunk `0` is dropped so that `0917 123` finds `+63917123…`.
    static func digitsQuery(_ text: String) -> (digits: String, phoneDigits: String)? {
        let allowed = Set("0123456789 -+().")
        guard text.allSatisfy({ allowed.contains($0) }) else { return nil }
        let digits = text.filter(\.isNumber)
        guard digits.count >= 4 else { return nil }
        let phoneDigits = digits.hasPrefix("0") ? String(digits.drop(while: { $0 == "0" })) : digits
        return (digits, phoneDigits.isEmpty ? digits : phoneDigits)
    }
}

extension SQLDatabase {
    /// Runs a list query sorted by `(sort_name, id)` one page at a time: adds the "after the cursor" condition,
    /// the order and the limit to `sql` (which ends in its WHERE conditions), and makes the next cursor. The rows
    /// must have `sort_name` and `id` columns; `idColumn` is the id's name on `alias` when it is not `id` (the page
    /// is then ordered by that alias's index, e.g. `account_tags_sorted`, whose rows carry the same values).
    /// `wrap` puts the ordered, limited query inside an outer one (which must keep the order), so a page can be cut
    /// from narrow rows before the records it shows are read (``AccountStore``'s text filter).
    func sortedPage<Item: Sendable>(
        _ sql: SQLQueryString, alias: String, idColumn: String = "id", page: PageRequest,
        wrap: (SQLQueryString) -> SQLQueryString = { $0 }, decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        let rows = try await raw(wrap(Self.sortedLimited(sql, alias: alias, idColumn: idColumn, page: page))).all()
        return try Self.sortedPage(rows, page: page, decode: decode)
    }

    /// ``sortedPage(_:alias:idColumn:page:wrap:decode:)`` over the union of `members`, queries that each end in their
    /// WHERE conditions on `alias` and share no row: each is ordered and cut to the page on its own (so each can walk
    /// an index of its own in page order, by `alias`'s `sort_name` and `idColumn`), then the union is ordered and cut
    /// again. The rows must have `sort_name` and `id` columns with those values.
    func sortedUnionPage<Item: Sendable>(
        _ members: [SQLQueryString], alias: String, idColumn: String = "id", page: PageRequest,
        decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        guard members.count > 1 else {
            return try await sortedPage(
                members.first ?? "", alias: alias, idColumn: idColumn, page: page, decode: decode)
        }
        let sql = Self.unionPage(members, order: "sort_name, id", page: page) {
            Self.sortedLimited($0, alias: alias, idColumn: idColumn, page: page)
        }
        return try Self.sortedPage(try await raw(sql).all(), page: page, decode: decode)
    }

    /// The union of `members`, each already ordered and cut to the page by `limited`, ordered by `order` (the
    /// members' page order, by column names their rows share) and cut to one row more than the page again.
    private static func unionPage(
        _ members: [SQLQueryString], order: String, page: PageRequest,
        limited: (SQLQueryString) -> SQLQueryString
    ) -> SQLQueryString {
        var sql: SQLQueryString = ""
        for (place, member) in members.enumerated() {
            if place > 0 { sql += " UNION ALL " }
            sql += "SELECT * FROM (" + limited(member) + ") AS \(unsafeRaw: "part\(place)")"
        }
        sql += " ORDER BY \(unsafeRaw: order) LIMIT \(literal: page.limit + 1)"
        return sql
    }

    /// `sql` with the "after the cursor" condition, the page order and the limit (one row more than the page).
    private static func sortedLimited(
        _ sql: SQLQueryString, alias: String, idColumn: String, page: PageRequest
    ) -> SQLQueryString {
        var sql = sql
        if let encoded = page.cursor, let cursor = SortCursor(encoded: encoded) {
            sql += " AND " + cursor.afterCondition(alias: alias, idColumn: idColumn)
        }
        sql += " ORDER BY \(ident: alias).sort_name, \(ident: alias).\(ident: idColumn)"
        sql += " LIMIT \(literal: page.limit + 1)"
        return sql
    }

    /// The page of `rows` (one more than the page when there is a next one) and the cursor after its last row.
    private static func sortedPage<Item: Sendable>(
        _ rows: [any SQLRow], page: PageRequest, decode: (any SQLRow) throws -> Item
    ) throws -> Page<Item> {
        let items = try rows.prefix(page.limit).map(decode)
        var next: String?
        if rows.count > page.limit, let last = rows.prefix(page.limit).last {
            next = SortCursor(sortName: try last.string("sort_name"), id: try last.string("id")).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    /// Runs a list query newest first, by id (UUIDv7 ids sort by creation time), one page at a time: adds the
    /// "before the cursor" condition, the order and the limit to `sql` (which ends in its WHERE conditions).
    func newestFirstPage<Item: Sendable>(
        _ sql: SQLQueryString, alias: String, page: PageRequest, decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        let rows = try await raw(Self.newestFirstLimited(sql, alias: alias, page: page)).all()
        return try Self.newestFirstPage(rows, page: page, decode: decode)
    }

    /// ``newestFirstPage(_:alias:page:decode:)`` over the union of `members`, queries that each end in their WHERE
    /// conditions on `alias` and share no row (the rows must have an `id` column): each is ordered newest first and
    /// cut to the page on its own, so each can walk an index of its own newest first (a manager's invoices: their
    /// own accounts' and each team's shared ones, ``InvoiceStore``), then the union is ordered and cut again.
    func newestFirstUnionPage<Item: Sendable>(
        _ members: [SQLQueryString], alias: String, page: PageRequest, decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        guard members.count > 1 else {
            return try await newestFirstPage(members.first ?? "", alias: alias, page: page, decode: decode)
        }
        let sql = Self.unionPage(members, order: "id DESC", page: page) {
            Self.newestFirstLimited($0, alias: alias, page: page)
        }
        return try Self.newestFirstPage(try await raw(sql).all(), page: page, decode: decode)
    }

    /// `sql` with the "before the cursor" condition, the newest-first order and the limit (one row more than the
    /// page).
    private static func newestFirstLimited(_ sql: SQLQueryString, alias: String, page: PageRequest) -> SQLQueryString {
        var sql = sql
        if let encoded = page.cursor, let cursor = SortCursor(encoded: encoded) {
            sql += " AND \(ident: alias).id < \(bind: cursor.id)"
        }
        sql += " ORDER BY \(ident: alias).id DESC LIMIT \(literal: page.limit + 1)"
        return sql
    }

    /// The page of `rows` (one more than the page when there is a next one) and the cursor after its last row.
    private static func newestFirstPage<Item: Sendable>(
        _ rows: [any SQLRow], page: PageRequest, decode: (any SQLRow) throws -> Item
    ) throws -> Page<Item> {
        let items = try rows.prefix(page.limit).map(decode)
        var next: String?
        if rows.count > page.limit, let last = rows.prefix(page.limit).last {
            next = PageRequest.newestFirstCursor(after: try last.string("id"))
        }
        return Page(items: items, nextCursor: next)
    }
}
