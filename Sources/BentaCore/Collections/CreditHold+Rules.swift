import Foundation

extension CreditHold: VersionedRecord {}

/// Who may do what with a credit hold, and the checks on its inputs.
public enum CreditHoldRules {
    /// How far ahead an override may reach: at most 30 days after the day it is granted (inclusive), so an
    /// account's hold is looked at again within a month however generous the head was.
    public static let maximumOverrideDays = 30

    /// The longest reason or note kept.
    public static let maximumTextLength = 500

    /// Placing a hold by hand: the head, the admin and the accountant (the dunning ladder places its own).
    public static func mayPlace(_ role: Role) -> Bool { role == .head || role == .admin || role == .accountant }

    /// Releasing a hold and granting an override: the head and the admin.
    public static func mayReleaseOrOverride(_ role: Role) -> Bool { role == .head || role == .admin }

    /// The reason for placing a hold by hand: required, at most ``maximumTextLength`` characters.
    public static func validatedReason(_ reason: String?) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        let text = Validate.requiredText(reason, field: "reason", maxLength: maximumTextLength, into: &errors)
        try errors.throwIfAny()
        return text ?? ""
    }
}

/// What a head or admin enters to let an account on hold through until a date.
public struct CreditHoldOverrideDraft: Sendable, Hashable {
    public var reason: String?
    /// The last day the override lets a document through.
    public var validUntil: CalendarDate?

    public init(reason: String?, validUntil: CalendarDate?) {
        self.reason = reason
        self.validUntil = validUntil
    }

    /// The reason (required) and the last day, which is from `today` to ``CreditHoldRules/maximumOverrideDays``
    /// days after it (`required`, `out_of_range` on `valid_until`).
    public func validated(today: CalendarDate) throws(ValidationErrors) -> (reason: String, validUntil: CalendarDate) {
        var errors = ValidationErrors()
        let reason = Validate.requiredText(
            reason, field: "reason", maxLength: CreditHoldRules.maximumTextLength, into: &errors)
        let latest = today.adding(days: CreditHoldRules.maximumOverrideDays)
        if let validUntil {
            if validUntil < today || validUntil > latest {
                errors.add(
                    field: "valid_until", code: "out_of_range",
                    message: "Choose a day from \(today.iso8601String) to \(latest.iso8601String).")
            }
        } else {
            errors.add(field: "valid_until", code: "required", message: "This field is required.")
        }
        try errors.throwIfAny()
        guard let reason, let validUntil else { throw errors }
        return (reason, validUntil)
    }
}

extension CreditHold {
    /// open → released by `user` at `now` with a note; the account may be held again later. A released hold is
    /// not released twice (409 `credit_hold_released`).
    public mutating func release(by user: User.ID, note: String?, at now: Date) throws {
        guard isOpen else {
            throw RecordError.conflict(code: "credit_hold_released", detail: "The credit hold is already released.")
        }
        var errors = ValidationErrors()
        let note = Validate.requiredText(
            note, field: "note", maxLength: CreditHoldRules.maximumTextLength, into: &errors)
        try errors.throwIfAny()
        releasedAt = now
        releasedBy = user
        releaseNote = note
    }
}
