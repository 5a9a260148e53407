import Foundation

/// A manager's commission for one month, line by line, with the inputs it was computed from.
///
/// Made by ``CommissionCalculator/statement(month:plan:target:credits:carriedDeficit:adjustments:)``. Every line
/// traces to its source; ``earned`` is the exact sum of the rounded lines. Once approved a statement never changes:
/// later events that belong to its month become a ``CommissionAdjustment`` on a later statement.
public struct CommissionStatement: Hashable, Sendable, Codable {
    /// Who approved a statement, and when.
    public struct Approval: Hashable, Sendable, Codable {
        /// The approver's user id.
        public let approvedBy: String
        /// The instant of approval.
        public let approvedAt: Date

        enum CodingKeys: String, CodingKey {
            case approvedBy = "approved_by"
            case approvedAt = "approved_at"
        }
    }

    /// The month of the statement.
    public let month: PlanMonth
    /// The commission plan applied (the version in force for the month).
    public let plan: CommissionPlan
    /// The manager's plan (sales target) for the month.
    public let target: Money
    /// The credited amounts, in the order applied: by date, then as given.
    public let credits: [CreditEvent]
    /// The draw and clawback deficit carried in from the month before.
    public let carriedDeficitIn: Money
    /// Corrections of earlier statements paid with this one.
    public let adjustments: [CommissionAdjustment]
    /// The month's credited sales: the sum of the credits other than clawbacks.
    public let creditedSales: Money
    /// The lines: commission per credit and band, then the cap, the clawbacks and the adjustments.
    public let lines: [CommissionLine]
    /// The sum of the lines.
    public let earned: Money
    /// The part of ``payable`` that the draw adds on top of what was earned (net of the deficit carried in).
    public let drawPaid: Money
    /// What is carried to the next month and recovered from later commission (never from wages).
    public let deficitCarried: Money
    /// The commission paid for the month: max(draw, earned − deficit carried in), and never below zero.
    public let payable: Money
    /// The approval, once given.
    public private(set) var approval: Approval?

    /// The base salary of the plan, paid on top of ``payable``.
    public var baseSalary: Money { plan.baseSalary }

    /// True once the head has approved the statement.
    public var isApproved: Bool { approval != nil }

    /// Approves the statement; throws `CommissionError.alreadyApproved` when it already is (nothing changes).
    public mutating func approve(by userID: String, at instant: Date) throws(CommissionError) {
        guard approval == nil else { throw .alreadyApproved }
        approval = Approval(approvedBy: userID, approvedAt: instant)
    }

    init(
        month: PlanMonth, plan: CommissionPlan, target: Money, credits: [CreditEvent], carriedDeficitIn: Money,
        adjustments: [CommissionAdjustment], creditedSales: Money, lines: [CommissionLine], earned: Money,
        drawPaid: Money, deficitCarried: Money, payable: Money
    ) {
        self.month = month
        self.plan = plan
        self.target = target
        self.credits = credits
        self.carriedDeficitIn = carriedDeficitIn
        self.adjustments = adjustments
        self.creditedSales = creditedSales
        self.lines = lines
        self.earned = earned
        self.drawPaid = drawPaid
        self.deficitCarried = deficitCarried
        self.payable = payable
        self.approval = nil
    }

    enum CodingKeys: String, CodingKey {
        case month
        case plan
        case target
        case credits
        case carriedDeficitIn = "carried_deficit_in"
        case adjustments
        case creditedSales = "credited_sales"
        case lines
        case earned
        case drawPaid = "draw_paid"
        case deficitCarried = "deficit_carried"
        case payable
        case approval
    }
}
