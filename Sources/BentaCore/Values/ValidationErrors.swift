import Foundation

/// All field problems found while validating one input; thrown as a whole so the client sees every error at once.
public struct ValidationErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public private(set) var errors: [FieldError]

    /// Creates a collection, empty by default.
    public init(_ errors: [FieldError] = []) {
        self.errors = errors
    }

    /// True when no problem was recorded.
    public var isEmpty: Bool { errors.isEmpty }

    /// The distinct field names with problems, in first-seen order.
    public var fields: [String] {
        var seen = Set<String>()
        return errors.map(\.field).filter { seen.insert($0).inserted }
    }

    /// Records a problem.
    public mutating func add(field: String, code: String, message: String) {
        errors.append(FieldError(field: field, code: code, message: message))
    }

    /// Records a problem.
    public mutating func add(_ error: FieldError) {
        errors.append(error)
    }

    /// Records all problems of another collection, optionally under a field prefix ("lines[0].").
    public mutating func merge(_ other: ValidationErrors, prefix: String = "") {
        for error in other.errors {
            add(field: prefix + error.field, code: error.code, message: error.message)
        }
    }

    /// The problems recorded for one field.
    public subscript(field: String) -> [FieldError] {
        errors.filter { $0.field == field }
    }

    /// Throws `self` when any problem was recorded.
    public func throwIfAny() throws(ValidationErrors) {
        guard isEmpty else { throw self }
    }

    /// A one-line summary, for logs.
    public var description: String {
        "ValidationErrors(" + errors.map { "\($0.field): \($0.code)" }.joined(separator: ", ") + ")"
    }
}
