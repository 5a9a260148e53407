import BentaCore
import BentaServices
import Foundation

/// `GET /api/v1/plans/{month}/credits/{id}`: the sales behind one manager's actual (``ManagerCredits``).
struct PlanCreditsResponse: Encodable {
    /// One credited document.
    struct Credit: Encodable {
        let sourceKind: String
        let sourceId: String
        /// The document's number, the deal's title or the payment's reference; nil when it has none.
        let label: String?
        /// The API path of the source record.
        let sourceLink: String?
        let date: String
        let amount: String
        let isNewCustomer: Bool
    }

    let month: String
    let asOf: String
    let creditBasis: String
    let managerId: String
    let managerName: String
    let currency: String
    let actual: String
    let data: [Credit]

    init(_ credits: ManagerCredits) {
        month = credits.month.text
        asOf = credits.asOf.iso8601String
        creditBasis = credits.basis.rawValue
        managerId = credits.managerID.description
        managerName = credits.managerName
        currency = credits.actual.currency.code
        actual = credits.actual.decimalString
        data = credits.events.map { event in
            let label = credits.labels[event.sourceID] ?? ""
            return Credit(
                sourceKind: event.sourceKind.rawValue, sourceId: event.sourceID, label: label.isEmpty ? nil : label,
                sourceLink: CommissionLineResponse.link(kind: event.sourceKind.rawValue, id: event.sourceID),
                date: event.date.iso8601String, amount: event.amount.decimalString,
                isNewCustomer: event.isNewCustomer)
        }
    }
}
