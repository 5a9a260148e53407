import BentaCore
import BentaStore
import Foundation

/// The sales behind one manager's actual in a month: the figure on the attainment page, opened.
public struct ManagerCredits: Sendable {
    public let month: PlanMonth
    /// The day the actual is counted through (the company's today, or the `as_of` day asked for, within the month).
    public let asOf: CalendarDate
    public let basis: CreditBasis
    public let managerID: User.ID
    public let managerName: String
    /// Σ of ``events``: the actual the attainment report shows.
    public let actual: Money
    /// The month's credit events through ``asOf`` in date order, clawbacks aside (they are commission, not sales).
    public let events: [CreditEvent]
    /// The source documents' numbers, titles or references by source id (``CreditEventStore/sourceLabels``).
    public let labels: [String: String]
}

extension PlanService {
    /// The credit events that make up `managerID`'s actual for `month` (through `asOf`, as the attainment report
    /// counts it), with each source document's number or title. A manager reads only their own (another's is
    /// 404, as on the attainment report, which shows them only their own row); the head, the admin and the
    /// accountant read anyone's. A user who is not measured for the month is 404.
    public func credits(
        month: PlanMonth, managerID: User.ID, asOf: CalendarDate? = nil, viewer: Viewer
    ) async throws -> ManagerCredits {
        guard viewer.role != .manager || viewer.userID == managerID else {
            throw RecordError.notFound(entity: "manager")
        }
        let now = clock.now()
        return try await database.read { db in
            let measured = try await MonthMeasure.read(
                month: month, companyID: viewer.companyID, onlyUser: managerID, now: now, asOfDate: asOf, on: db)
            guard let row = measured.rows.first(where: { $0.managerID == managerID }) else {
                throw RecordError.notFound(entity: "manager")
            }
            let events = (measured.credits[managerID] ?? []).filter {
                $0.date <= measured.asOf && $0.sourceKind != .clawback
            }
            return ManagerCredits(
                month: month, asOf: measured.asOf, basis: measured.basis, managerID: managerID,
                managerName: row.managerName, actual: try measured.actual(events), events: events,
                labels: try await CreditEventStore(db).sourceLabels(companyID: viewer.companyID, of: events))
        }
    }
}
