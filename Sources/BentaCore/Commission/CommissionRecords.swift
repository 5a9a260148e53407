import Foundation

/// One version of a commission plan as stored: for one manager, or the company's default for every manager
/// without one of their own. Versions are only ever added; the plan in force for a month is the latest version
/// effective from that month or earlier.
public struct CommissionPlanVersion: Sendable, Hashable {
    public typealias ID = Identifier<CommissionPlanVersion>

    /// Whose plan a version is.
    public enum Subject: Sendable, Hashable {
        /// The company's default plan.
        case companyDefault
        /// One manager's own plan.
        case user(User.ID)

        /// The stored text: "default" or the user's id.
        public var key: String {
            switch self {
            case .companyDefault: "default"
            case .user(let id): id.description
            }
        }

        /// Reads "default" or a user id; nil for anything else.
        public init?(key: String) {
            if key == "default" {
                self = .companyDefault
            } else if let id = User.ID(string: key) {
                self = .user(id)
            } else {
                return nil
            }
        }

        /// The user, or nil for the company default.
        public var userID: User.ID? {
            if case .user(let id) = self { return id }
            return nil
        }
    }

    public var id: ID
    public var companyID: Company.ID
    public var subject: Subject
    /// 1 for the first version of the subject's plan, one more for each later one.
    public var version: Int64
    public var plan: CommissionPlan
    /// The first month the version applies to.
    public var effectiveFrom: PlanMonth
    /// Why the plan was set or changed.
    public var reason: String
    public var authorID: User.ID?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, subject: Subject, version: Int64, plan: CommissionPlan,
        effectiveFrom: PlanMonth, reason: String, authorID: User.ID?, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.subject = subject
        self.version = version
        self.plan = plan
        self.effectiveFrom = effectiveFrom
        self.reason = reason
        self.authorID = authorID
        self.createdAt = createdAt
    }
}

/// A manager's commission statement for a month as stored: a draft while the month is open to re-runs, then
/// approved and immutable.
public struct StoredCommissionStatement: Sendable, Hashable {
    public typealias ID = Identifier<StoredCommissionStatement>

    /// Where a statement is in its life.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Computed by a run; a later run of the month replaces it.
        case draft
        /// Approved by the head or an admin: never changes again.
        case approved

        /// The translation key: "commission_status.draft".
        public var labelKey: String { "commission_status.\(rawValue)" }
    }

    public var id: ID
    public var companyID: Company.ID
    public var userID: User.ID
    public var month: PlanMonth
    /// 1 for the first run of the month, one more for each re-run that replaced the draft.
    public var revision: Int64
    public var status: Status
    /// The statement with every line and the inputs it was computed from.
    public var statement: CommissionStatement
    public var createdBy: User.ID?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, userID: User.ID, month: PlanMonth, revision: Int64, status: Status,
        statement: CommissionStatement, createdBy: User.ID?, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.userID = userID
        self.month = month
        self.revision = revision
        self.status = status
        self.statement = statement
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The actions the viewer may take on the statement: "approve" for the head or an admin while it is a draft.
    public func allowedActions(for viewer: Viewer) -> [String] {
        status == .draft && CommissionRules.mayManage(viewer.role) ? ["approve"] : []
    }
}

/// Who may do what with commission (issue 13): the head and admins set plans, run months and approve statements;
/// a manager reads only their own statements and estimate.
public enum CommissionRules {
    /// True for the head and admins.
    public static func mayManage(_ role: Role) -> Bool {
        role == .head || role == .admin
    }
}

/// An open deal expected to close in the estimate's month.
public struct CommissionEstimateDeal: Sendable, Hashable {
    public var dealID: String
    public var title: String
    /// The deal's amount (without VAT).
    public var amount: Money
    public var expectedClose: CalendarDate
    /// True when no invoice was issued to the deal's account before its expected close: the rule of
    /// ``CreditEvent/isNewCustomer`` for a deal won that day.
    public var isNewCustomer: Bool

    public init(
        dealID: String, title: String, amount: Money, expectedClose: CalendarDate, isNewCustomer: Bool = false
    ) {
        self.dealID = dealID
        self.title = title
        self.amount = amount
        self.expectedClose = expectedClose
        self.isNewCustomer = isNewCustomer
    }

    /// The booked credit the deal would be if won on its expected close date.
    public var credit: CreditEvent {
        CreditEvent(
            sourceKind: .deal, sourceID: dealID, date: expectedClose, amount: amount, isNewCustomer: isNewCustomer)
    }
}

/// The running month's estimate: the statement of the credits so far, the same with the open deals expected to
/// close in the month added as booked credits, and what closing them would add.
public struct CommissionEstimate: Sendable, Hashable {
    public var userID: User.ID
    public var month: PlanMonth
    /// The statement of the month's credits so far.
    public var current: CommissionStatement
    /// The statement with the open deals added.
    public var withDeals: CommissionStatement
    /// The open deals expected to close in the month.
    public var deals: [CommissionEstimateDeal]
    /// What closing the deals adds to the earned commission: `withDeals.earned − current.earned`.
    public var additional: Money

    public init(
        userID: User.ID, month: PlanMonth, current: CommissionStatement, withDeals: CommissionStatement,
        deals: [CommissionEstimateDeal], additional: Money
    ) {
        self.userID = userID
        self.month = month
        self.current = current
        self.withDeals = withDeals
        self.deals = deals
        self.additional = additional
    }
}
