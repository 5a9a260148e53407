import Foundation

/// A person who logs in to Benta.
public struct User: Sendable, Hashable {
    public typealias ID = Identifier<User>

    public var id: ID
    public var companyID: Company.ID
    public var email: EmailAddress
    public var name: String
    public var role: Role
    public var language: LanguageCode
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, email: EmailAddress, name: String, role: Role, language: LanguageCode,
        isActive: Bool, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.email = email
        self.name = name
        self.role = role
        self.language = language
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The viewer this user acts as when reading and writing records.
    public var viewer: Viewer { Viewer(userID: id, companyID: companyID, role: role) }
}

/// A group of users that accounts can be shared with.
public struct Team: Sendable, Hashable {
    public typealias ID = Identifier<Team>
    public var id: ID
    public var companyID: Company.ID
    public var name: String

    public init(id: ID, companyID: Company.ID, name: String) {
        self.id = id
        self.companyID = companyID
        self.name = name
    }
}

/// The rules for a password chosen by a user (OWASP ASVS 5.0 §6.2: length, no composition rules, no truncation).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 128

    /// Returns the problems with a proposed password, empty when it is acceptable.
    public static func check(_ password: String, email: String) -> ValidationErrors {
        var errors = ValidationErrors()
        let length = password.count
        if length < minimumLength {
            errors.add(
                field: "password", code: "too_short",
                message: "The password must have at least \(minimumLength) characters.")
        } else if length > maximumLength {
            errors.add(
                field: "password", code: "too_long",
                message: "The password must have at most \(maximumLength) characters.")
        } else if commonPasswords.contains(password.lowercased())
            || password.lowercased() == email.lowercased()
        {
            errors.add(
                field: "password", code: "too_common",
                message: "This password is too common or too easy to guess; choose another.")
        }
        return errors
    }

    /// A short list of the most used passwords; longer lists can be loaded later without changing callers.
    static let commonPasswords: Set<String> = [
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwerty123", "qwertyuiop",
        "11111111", "iloveyou", "sunshine", "princess", "football", "baseball", "welcome1", "admin123",
        "abc12345", "letmein1", "trustno1", "passw0rd", "00000000", "88888888", "12341234", "87654321",
        "superman", "iloveyou1", "asdfghjkl", "zxcvbnm1", "mahalkita", "iloveyou2", "qwerty12", "1q2w3e4r",
        "changeme", "benta123", "password!", "p@ssw0rd", "pilipinas", "philippines",
    ]
}
