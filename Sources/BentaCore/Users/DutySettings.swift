import Foundation

/// A piece of work a company may give to a role or keep from it (issue 13, "each company's own duties").
public enum Duty: String, Sendable, Hashable, Codable, CaseIterable {
    /// Issue invoices and credit notes (without it, the role drafts them and someone else issues).
    case issueInvoices = "issue_invoices"
    /// Record payments, allocate them to invoices and reverse allocations.
    case recordPayments = "record_payments"
    /// Make the collection calls of the accounts they own (without it, the dunning ladder gives the call to the
    /// company's collector, else to an accountant).
    case makeCollectionCalls = "make_collection_calls"
    /// Give a quote or invoice line a discount above the company's limit (without it, an invoice line is refused
    /// and a quote line waits for a head's approval, ``DiscountApproval``).
    case discountsAboveLimit = "discounts_above_limit"
    /// See their own commission estimate for the running month.
    case seeCommissionEstimate = "see_commission_estimate"
    /// Create, change and move deals.
    case changeDeals = "change_deals"
}

/// Which duties each role has in one company, the discount limit and the collector. The admin always has every
/// duty; the settings name the head's, the manager's and the accountant's.
///
/// The defaults are the article's model: the manager does the selling work (issues invoices, makes the calls,
/// gives discounts, sees their estimate, works deals); money is recorded by the accountant and the head; the
/// accountant reads deals.
public struct DutySettings: Sendable, Hashable, Codable {
    /// The roles the settings name; the admin is not among them (an admin has every duty).
    public static let configurableRoles: [Role] = [.head, .manager, .accountant]

    public var head: Set<Duty>
    public var manager: Set<Duty>
    public var accountant: Set<Duty>
    /// The largest line discount, in percent of the line before its discount, a role without
    /// ``Duty/discountsAboveLimit`` may give; nil when there is no limit.
    public var discountLimitPercent: Decimal?
    /// Who gets the collection calls of accounts whose owner's role does not make them; an accountant when nil.
    public var collectorID: User.ID?

    public init(
        head: Set<Duty>, manager: Set<Duty>, accountant: Set<Duty>, discountLimitPercent: Decimal? = nil,
        collectorID: User.ID? = nil
    ) {
        self.head = head
        self.manager = manager
        self.accountant = accountant
        self.discountLimitPercent = discountLimitPercent
        self.collectorID = collectorID
    }

    /// The article's model (see the type's comment): what a company has until an admin changes it.
    public static let standard = DutySettings(
        head: Set(Duty.allCases),
        manager: [.issueInvoices, .makeCollectionCalls, .discountsAboveLimit, .seeCommissionEstimate, .changeDeals],
        accountant: [.issueInvoices, .recordPayments, .discountsAboveLimit])

    /// The duties of `role` (every duty for the admin).
    public func duties(of role: Role) -> Set<Duty> {
        switch role {
        case .admin: Set(Duty.allCases)
        case .head: head
        case .manager: manager
        case .accountant: accountant
        }
    }

    /// Whether `role` has `duty` in this company.
    public func allows(_ duty: Duty, for role: Role) -> Bool { duties(of: role).contains(duty) }

    /// Refuses (403, ``DutyError``) a role without `duty`.
    public func require(_ duty: Duty, for role: Role) throws(DutyError) {
        guard allows(duty, for: role) else { throw DutyError(duty: duty, role: role) }
    }

    /// Replaces the duties of one configurable role (the admin's cannot be set).
    public mutating func set(_ duties: Set<Duty>, for role: Role) {
        switch role {
        case .admin: break
        case .head: head = duties
        case .manager: manager = duties
        case .accountant: accountant = duties
        }
    }

    /// Who makes the collection call of an account owned by `ownerID`: the owner when their role makes calls,
    /// else the company's collector when active, else the first active accountant, else (nobody else can) the
    /// owner. `users` are the company's users with their role and whether they are active.
    public func callAssignee(owner ownerID: User.ID, users: [(id: User.ID, role: Role, isActive: Bool)]) -> User.ID {
        guard let owner = users.first(where: { $0.id == ownerID }), !allows(.makeCollectionCalls, for: owner.role)
        else { return ownerID }
        if let collectorID, users.contains(where: { $0.id == collectorID && $0.isActive }) { return collectorID }
        return users.first(where: { $0.role == .accountant && $0.isActive })?.id ?? ownerID
    }

    /// Refuses (422, field `lines[i].discount`, code `discount_above_limit`) the lines whose discount is above the
    /// limit when `role` may not give one (``linesAboveLimit(_:previous:currency:role:)``).
    public func checkDiscounts(
        _ lines: [DocumentLine], previous: [DocumentLine] = [], currency: Currency, role: Role
    ) throws(ValidationErrors) {
        guard let limit = discountLimitPercent else { return }
        var errors = ValidationErrors()
        for index in linesAboveLimit(lines, previous: previous, currency: currency, role: role) {
            errors.add(
                field: "lines[\(index)].discount", code: "discount_above_limit",
                message: "A discount above \(limit)% needs a head's approval: ask a head or an admin to give it.")
        }
        try errors.throwIfAny()
    }

    /// The positions of the lines whose discount is above the limit, when `role` may not give one (none when there
    /// is no limit or the role has ``Duty/discountsAboveLimit``). A percentage is compared as given; an amount as
    /// its share of the line's rounded quantity × price, exactly (no rounding). A line the document already had
    /// unchanged (`previous`) is left out: a head gave that discount, and editing another line does not take it
    /// back.
    public func linesAboveLimit(
        _ lines: [DocumentLine], previous: [DocumentLine] = [], currency: Currency, role: Role
    ) -> [Int] {
        guard let limit = discountLimitPercent, !allows(.discountsAboveLimit, for: role) else { return [] }
        var above: [Int] = []
        for (index, line) in lines.enumerated() where !previous.contains(line) {
            guard let discount = line.discount else { continue }
            switch discount {
            case .percent(let rate):
                if rate > limit { above.append(index) }
            case .amount(let money):
                guard let gross = try? line.grossAmount(currency: currency), gross.minorUnits > 0 else { continue }
                if Decimal(money.minorUnits) * 100 > limit * Decimal(gross.minorUnits) { above.append(index) }
            }
        }
        return above
    }
}

/// Raw duty settings as a form or JSON sends them, before validation.
public struct DutySettingsDraft: Sendable, Hashable {
    /// Each configurable role's duties by their codes (``Duty/rawValue``).
    public var duties: [Role: [String]]
    public var discountLimitPercent: String
    public var collectorID: String

    public init(duties: [Role: [String]], discountLimitPercent: String, collectorID: String) {
        self.duties = duties
        self.discountLimitPercent = discountLimitPercent
        self.collectorID = collectorID
    }

    /// Checks every field and returns typed settings, or all the problems at once: an unknown duty
    /// (`<role>`, `invalid_duty`), a duty named twice (`<role>`, `duplicate`: the lists are sets), a limit that is not a number from 0 to 100 (`discount_limit_percent`,
    /// `out_of_range`), a collector that is not an id (`collector_id`, `invalid_id`). Whether the collector is an
    /// active user of the company is the service's check.
    public func validated() throws(ValidationErrors) -> DutySettings {
        var errors = ValidationErrors()
        var settings = DutySettings(head: [], manager: [], accountant: [])
        for role in DutySettings.configurableRoles {
            var set = Set<Duty>()
            for code in duties[role] ?? [] {
                if let duty = Duty(rawValue: code) {
                    if !set.insert(duty).inserted {
                        errors.add(field: role.rawValue, code: "duplicate", message: "Name each duty once.")
                    }
                } else {
                    errors.add(
                        field: role.rawValue, code: "invalid_duty",
                        message: "Choose duties from: \(Duty.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            settings.set(set, for: role)
        }
        let limit = discountLimitPercent.trimmingCharacters(in: .whitespaces)
        if !limit.isEmpty {
            if let value = Decimal(string: limit, locale: Locale(identifier: "en_US_POSIX")), value >= 0,
                value <= 100, limit.allSatisfy({ $0.isNumber || $0 == "." })
            {
                settings.discountLimitPercent = value
            } else {
                errors.add(
                    field: "discount_limit_percent", code: "out_of_range",
                    message: "Enter a percentage from 0 to 100, or leave it empty for no limit.")
            }
        }
        let collector = collectorID.trimmingCharacters(in: .whitespaces)
        if !collector.isEmpty {
            if let id = User.ID(string: collector) {
                settings.collectorID = id
            } else {
                errors.add(field: "collector_id", code: "invalid_id", message: "Choose a user of the company.")
            }
        }
        try errors.throwIfAny()
        return settings
    }
}

/// The caller's role lacks a duty in the company's settings (403, code `duty_required`; the detail names the duty
/// and the role).
public struct DutyError: ClassifiedError, Equatable, Sendable {
    public let duty: Duty
    public let role: Role

    public init(duty: Duty, role: Role) {
        self.duty = duty
        self.role = role
    }

    public var kind: ErrorKind { .forbidden }
    public var code: String { "duty_required" }
    public var detail: String {
        "The duty \(duty.rawValue) is not given to the \(role.rawValue) role in this company's settings; "
            + Self.whoElse(duty)
    }

    private static func whoElse(_ duty: Duty) -> String {
        switch duty {
        case .issueInvoices: "save the invoice as a draft and ask someone who issues invoices to issue it."
        case .recordPayments: "payments are recorded by a role that has this duty."
        case .makeCollectionCalls: "the company's collector makes these calls."
        case .discountsAboveLimit: "ask a head or an admin to give the discount."
        case .seeCommissionEstimate: "your approved statements still show what you earned."
        case .changeDeals: "your access to deals is read-only."
        }
    }
}
