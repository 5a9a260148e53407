import Foundation

/// A pipeline's name as typed in a form or an API body, before validation.
public struct PipelineDraft: Sendable, Hashable {
    /// The longest pipeline name accepted.
    public static let maxNameLength = 100

    public var name: String

    public init(name: String = "") {
        self.name = name
    }

    /// The trimmed name; "required" or "too_long" on the field `name` otherwise.
    public func validatedName() throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: Self.maxNameLength, into: &errors)
        try errors.throwIfAny()
        guard let name else { throw errors }
        return name
    }
}
