import Foundation

/// The kind of failure an error stands for, independent of how a caller reports it (HTTP status, exit code).
public enum ErrorKind: String, Sendable, Hashable {
    case validation
    case malformedInput
    case notFound
    case conflict
    case staleVersion
    case unauthenticated
    case forbidden
    case tooManyRequests
    case payloadTooLarge
    case unsupportedMediaType
    /// A dependency (the database) is down; the caller may retry later.
    case unavailable
}

/// An error that knows its kind, a stable machine code and a human sentence safe to show to the user.
public protocol ClassifiedError: Error {
    /// What went wrong, in categories a caller can map to a status.
    var kind: ErrorKind { get }
    /// A stable snake_case code, documented in the API (`account_not_found`).
    var code: String { get }
    /// A sentence for the user; never contains internal details.
    var detail: String { get }
}

extension ValidationErrors: ClassifiedError {
    public var kind: ErrorKind { .validation }
    public var code: String { "validation_failed" }
    public var detail: String { "Some fields are not valid." }
}

/// Failures that every feature shares: a missing record, a stale version, a state conflict, a refused action.
public enum RecordError: ClassifiedError, Equatable, Sendable {
    /// The record does not exist, or the current user may not see it (the two are deliberately indistinguishable).
    case notFound(entity: String)
    /// The record changed since the caller read it (optimistic concurrency).
    case staleVersion(entity: String, expected: Int64, actual: Int64)
    /// The action is not possible in the record's current state.
    case conflict(code: String, detail: String)
    /// The user is authenticated but their role does not allow the action.
    case forbidden(detail: String)

    /// The version a change is based on: the caller's, which must equal the record's current one; the current
    /// one when the caller sent none (forms without a version field).
    public static func checkVersion(_ expected: Int64?, current: Int64, entity: String) throws(RecordError) -> Int64 {
        let expected = expected ?? current
        guard expected == current else { throw .staleVersion(entity: entity, expected: expected, actual: current) }
        return expected
    }

    public var kind: ErrorKind {
        switch self {
        case .notFound: .notFound
        case .staleVersion: .staleVersion
        case .conflict: .conflict
        case .forbidden: .forbidden
        }
    }

    public var code: String {
        switch self {
        // "collection receipt" → `collection_receipt_not_found`: codes are snake_case (`^[a-z0-9_]+$`).
        case .notFound(let entity): "\(entity.split(separator: " ").joined(separator: "_"))_not_found"
        case .staleVersion: "stale_version"
        case .conflict(let code, _): code
        case .forbidden: "forbidden"
        }
    }

    public var detail: String {
        switch self {
        case .notFound(let entity): "The \(entity) was not found."
        case .staleVersion(let entity, let expected, let actual):
            "The \(entity) was changed by someone else (you had version \(expected), it is now \(actual)). "
                + "Reload it and apply your change again."
        case .conflict(_, let detail): detail
        case .forbidden(let detail): detail
        }
    }
}
