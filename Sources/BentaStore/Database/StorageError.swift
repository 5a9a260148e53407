import BentaCore
import Foundation
import PostgresNIO

/// Failures of the storage layer in Benta's own terms; driver errors never leak past it.
public enum StorageError: Error, ClassifiedError, Sendable {
    /// A unique constraint refused the write (e.g. the same email twice).
    case duplicate(constraint: String)
    /// A foreign key refused the write (the referenced record is gone).
    case missingReference
    /// The database could not be reached or failed; the message is for the log only.
    case unavailable(String)

    public var kind: ErrorKind {
        switch self {
        case .duplicate, .missingReference: .conflict
        case .unavailable: .unavailable
        }
    }

    public var code: String {
        switch self {
        case .duplicate: "duplicate"
        case .missingReference: "missing_reference"
        case .unavailable: "storage_unavailable"
        }
    }

    public var detail: String {
        switch self {
        case .duplicate: "A record with the same unique value already exists."
        case .missingReference: "A record this one refers to does not exist."
        case .unavailable: "The database is not available right now."
        }
    }

    /// Translates a driver error into a ``StorageError``; Benta's own errors pass through unchanged.
    static func map(_ error: any Error) -> any Error {
        if error is any ClassifiedError || error is CancellationError { return error }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            switch state {
            case "23505": return StorageError.duplicate(constraint: postgres.serverInfo?[.constraintName] ?? "")
            case "23503": return StorageError.missingReference
            default: return error
            }
        }
        let message = String(reflecting: error)
        if SQLDialectFacts.isUniqueViolation(message) { return StorageError.duplicate(constraint: message) }
        if SQLDialectFacts.isForeignKeyViolation(message) { return StorageError.missingReference }
        return error
    }
}
