import BentaCore
import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// A query parameter, trimmed; nil when absent or empty. Every page and API route reads its query here.
    ///
    /// The query is decoded as `application/x-www-form-urlencoded`, which is what a GET form sends: `+` is a space,
    /// then percent escapes (`%2B` is a literal plus). Hummingbird's `queryParameters` decodes only the escapes, so
    /// a search for "Tala Coffee" arrived as "Tala+Coffee".
    ///
    /// Read one parameter at a time without building every field, and trimmed without Foundation (issue 11: a
    /// list reads half a dozen parameters per request).
    func query(_ name: String) -> String? {
        guard let value = FormData.firstValue(of: name, urlencoded: uri.query ?? "") else { return nil }
        let trimmed = WhitespaceTrimming.trimmed(value)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The version from `If-Match` (`"3"`, `W/"3"` or `3`), if the header is present.
    func ifMatchVersion() throws -> Int64? {
        guard let header = headers[.ifMatch] else { return nil }
        let cleaned = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(
            in: CharacterSet(charactersIn: "\" "))
        guard let version = Int64(cleaned.hasPrefix("v") ? String(cleaned.dropFirst()) : cleaned) else {
            throw RequestError.invalidParameter(name: "If-Match", message: "must be the record's version, e.g. \"3\".")
        }
        return version
    }
}

/// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` (or, with `newlines: false`, `.whitespaces`)
/// without its bridge for the common text: the set's ASCII members (space and tab; with newlines also line feed,
/// vertical tab, form feed and carriage return) are cut here; when what is left starts or ends with a non-ASCII
/// character, which may be one of the set's other members (a no-break or ideographic space, U+0085, U+2028…),
/// Foundation trims the text as before.
enum WhitespaceTrimming {
    static func trimmed(_ text: String, newlines: Bool = true) -> String {
        let isBlank = { (byte: UInt8) in
            byte == 0x20 || byte == 0x09 || (newlines && (0x0A...0x0D).contains(byte))
        }
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while start < end, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        guard start < end else { return "" }
        if utf8[start] >= 0x80 || utf8[utf8.index(before: end)] >= 0x80 {
            return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
        }
        if start == utf8.startIndex && end == utf8.endIndex { return text }
        return String(text[start..<end])
    }
}

extension Response {
    /// Adds the record's version as a strong ETag, for clients that use `If-Match`.
    mutating func setVersionTag(_ version: Int64) {
        headers[.eTag] = "\"\(version)\""
    }
}

extension AuthenticatedContext {
    /// Refuses (403) a user who is not an admin; `action` ends the sentence "Only an admin can …".
    func requireAdministrator(to action: String) throws {
        guard user.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can \(action).")
        }
    }
}

/// The version a client claims to update, from the body or `If-Match`; required for every PATCH.
enum VersionPrecondition {
    static func required(body: Int64?, request: Request) throws -> Int64 {
        let header = try request.ifMatchVersion()
        try checkMinimum(body)
        switch (body, header) {
        case (nil, nil): throw RequestError.versionRequired
        case (let body?, let header?) where body != header: throw RequestError.versionMismatch
        case (let body?, _): return body
        case (nil, let header?): return header
        }
    }

    /// The version a create-or-replace write names (a month's plan, a commission plan): required like any update
    /// once the resource exists (`current`, the version it is at, above 0); the first save may leave it out and then
    /// expects none (0), so a first save made meanwhile answers 412 and nothing is added.
    static func required(
        body: Int64?, request: Request, current: () async throws -> Int64
    ) async throws -> Int64 {
        if body != nil || request.headers[.ifMatch] != nil { return try required(body: body, request: request) }
        guard try await current() == 0 else { throw RequestError.versionRequired }
        return 0
    }

    /// The version a lifecycle action expects, when the client names one: the body's, else `If-Match`, else none
    /// (the action then checks no version). Both sent must agree (400 `version_mismatch`), and `If-Match` is read
    /// even beside a body version: a malformed one is 422.
    static func optional(body: Int64?, request: Request) throws -> Int64? {
        let header = try request.ifMatchVersion()
        try checkMinimum(body)
        if let body, let header, body != header { throw RequestError.versionMismatch }
        return body ?? header
    }

    /// A body's `version` below 0 (the document's `minimum`) is refused (422 `out_of_range` on `version`) before it
    /// is compared: no record is ever at it. A create whose body may carry a version (it shares its schema with the
    /// update) checks it too.
    static func checkMinimum(_ body: Int64?) throws {
        guard let body, body < 0 else { return }
        throw ValidationErrors([
            FieldError(field: "version", code: "out_of_range", message: "Send a version of 0 or more.")
        ])
    }
}

/// Reads typed IDs out of paths: a malformed ID is simply not found, exactly like an invisible one.
enum PathID {
    static func parse<Tag>(
        _ context: some RequestContext, _ name: String = "id", entity: String
    ) throws -> Identifier<Tag> {
        guard let text = context.parameters.get(name), let id = Identifier<Tag>(string: text) else {
            throw RecordError.notFound(entity: entity)
        }
        return id
    }
}

/// Reads typed IDs out of request bodies: a malformed one is a validation error on its field (422), like any other
/// value the client must correct.
enum BodyID {
    static func parse<Tag>(
        _ text: String, field: String, code: String = "invalid_id", message: String
    ) throws -> Identifier<Tag> {
        guard let id = Identifier<Tag>(string: text) else {
            throw ValidationErrors([FieldError(field: field, code: code, message: message)])
        }
        return id
    }
}

/// Filters shared by the API and the HTML lists, parsed with errors for bad values.
enum ListQuery {
    static func status(_ request: Request) throws -> RecordStatus? {
        switch request.query("status") {
        case nil: return .active
        case "all": return nil
        case let value?:
            guard let status = RecordStatus(rawValue: value) else {
                throw RequestError.invalidParameter(name: "status", message: "must be active, archived or all.")
            }
            return status
        }
    }

    static func owner(_ request: Request, name: String = "owner_id") throws -> User.ID? {
        try id(request, name, message: "must be a user id.")
    }

    /// An optional id parameter (`account_id`, `deal_id`, …): nil when absent, a 400 naming it when malformed.
    static func id<Tag>(_ request: Request, _ name: String, message: String) throws -> Identifier<Tag>? {
        guard let text = request.query(name) else { return nil }
        guard let id = Identifier<Tag>(string: text) else {
            throw RequestError.invalidParameter(name: name, message: message)
        }
        return id
    }

    static func page(_ request: Request) throws -> PageRequest {
        try PageRequest.parse(limit: request.query("limit"), cursor: request.query("cursor"))
    }

    /// `limit` and `cursor` of a list newest first by time (a timeline, a record's history).
    static func timelinePage(_ request: Request) throws -> PageRequest {
        try PageRequest.parse(limit: request.query("limit"), cursor: request.query("cursor"), kind: TimelineCursor.self)
    }

    /// The longest `q` a list or export takes (`maxLength` of every `q` in the OpenAPI document).
    static let maximumSearchLength = 200

    /// A list's or export's `q`: nil when absent or blank, 422 `invalid_parameter` over 200 characters.
    static func search(_ request: Request) throws -> String? {
        let query = request.query("q")
        if let query, query.count > maximumSearchLength {
            throw RequestError.invalidParameter(
                name: "q", message: "must have at most \(maximumSearchLength) characters.")
        }
        return query
    }

    /// A boolean query parameter (`include_done`): `true` or `false`, absent or empty for false; anything else is
    /// 422 `invalid_parameter`, as the document's `type: boolean` says.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.query(name) {
        case nil, "false": return false
        case "true": return true
        default: throw RequestError.invalidParameter(name: name, message: "must be true or false.")
        }
    }

    static func accountFilter(_ request: Request) throws -> AccountFilter {
        AccountFilter(
            ownerID: try owner(request), status: try status(request), tag: request.query("tag"),
            query: try search(request))
    }

    static func contactFilter(_ request: Request) throws -> ContactFilter {
        let accountID: Account.ID? = try ListQuery.id(request, "account_id", message: "must be an account id.")
        return ContactFilter(
            accountID: accountID, ownerID: try owner(request), status: try status(request),
            query: try search(request))
    }
}
