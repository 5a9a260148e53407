import Foundation

/// Which slice of a list to read: at most `limit` rows after `cursor`.
public struct PageRequest: Sendable, Hashable {
    public static let maximumLimit = 200
    public static let defaultLimit = 50

    public var limit: Int
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    /// Parses `limit` and `cursor` query parameters; a bad value is a validation error, never a silent default.
    public static func parse(limit: String?, cursor: String?) throws(ValidationErrors) -> PageRequest {
        try parse(limit: limit, cursor: cursor, kind: SortCursor.self)
    }

    /// ``parse(limit:cursor:)`` for a list whose positions are `kind` (a timeline's or a history's): a cursor that
    /// is not one of them (too long, not base64url, another kind) is `cursor`: "invalid_cursor".
    package static func parse<Cursor: OpaqueCursor>(
        limit: String?, cursor: String?, kind: Cursor.Type
    ) throws(ValidationErrors) -> PageRequest {
        var errors = ValidationErrors()
        var value = defaultLimit
        if let limit, !limit.isEmpty {
            if let number = Int(limit), number >= 1, number <= maximumLimit {
                value = number
            } else {
                errors.add(field: "limit", code: "out_of_range", message: "limit must be a whole number from 1 to 200.")
            }
        }
        if let cursor, !cursor.isEmpty, Cursor(encoded: cursor) == nil {
            errors.add(
                field: "cursor", code: "invalid_cursor", message: "The cursor is not valid; start from the first page.")
        }
        try errors.throwIfAny()
        return PageRequest(limit: value, cursor: cursor?.isEmpty == true ? nil : cursor)
    }

    /// The cursor that continues a newest-first list after the record with `id` (for callers that filter a page
    /// further and stop part-way through it).
    public static func newestFirstCursor(after id: String) -> String {
        SortCursor(sortName: "", id: id).encoded
    }
}

/// One page of a list and the cursor of the next page (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
