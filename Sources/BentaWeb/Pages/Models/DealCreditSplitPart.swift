import BentaCore
import Foundation

/// The credit-split card of a deal's page (`deal_credit_split.mustache`, issue 13): who shares the deal's credit and
/// their percentages. The head and the admin edit it while the deal is open (rows for the managers and heads who
/// may share credit, and two empty rows); everyone else, and everyone once the deal is won or lost, reads it.
struct DealCreditSplitPart {
    /// One row of the form: a manager choice and a percentage.
    struct Row {
        var index: Int
        var options: [PageOption]
        var percent: String
    }

    /// One share as read.
    struct Share {
        var name: String
        var percent: String
    }

    /// How many empty rows the form offers beyond the shares saved.
    static let emptyRows = 2

    var action: String
    var editable: Bool
    var is_fixed: Bool
    var has_split: Bool
    var shares: [Share]
    var rows: [Row]
    /// The split's version the form was read at: a change saved meanwhile refuses the form (issue 15).
    var version = "0"

    static func make(
        split: CreditSplit?, version: Int64 = 0, deal: Deal, users: [User], viewer: Viewer
    ) -> DealCreditSplitPart {
        let names = Dictionary(users.map { ($0.id.description, $0.name) }, uniquingKeysWith: { first, _ in first })
        let saved = split?.shares ?? []
        let shares = saved.map {
            Share(name: names[$0.managerID] ?? $0.managerID, percent: DecimalText.format($0.value) + "%")
        }
        let candidates = users.filter { ($0.role == .manager || $0.role == .head) && $0.isActive }
            .sorted { $0.name != $1.name ? $0.name < $1.name : $0.id < $1.id }
        let isOpen = deal.status == .open
        let editable = isOpen && (viewer.role == .head || viewer.role == .admin)
        var rows: [Row] = []
        if editable {
            let blank = Array(repeating: ("", ""), count: emptyRows)
            let typed = saved.map { ($0.managerID, DecimalText.format($0.value)) } + blank
            rows = typed.enumerated().map { index, entry in
                Row(
                    index: index + 1,
                    options: candidates.map {
                        PageOption(id: $0.id.description, name: $0.name, selected: $0.id.description == entry.0)
                    }, percent: entry.1)
            }
        }
        return DealCreditSplitPart(
            action: Paths.dealCreditSplitPage(deal.id), editable: editable, is_fixed: !isOpen,
            has_split: !shares.isEmpty, shares: shares, rows: rows, version: String(version))
    }

    /// The split the form describes: the rows with a manager or a percentage, in order; nil when every row is
    /// empty (the owner is credited again). A percentage that is not a number is `shares[i].percent`: "invalid",
    /// then ``CreditSplit/init(shares:)``'s own checks.
    static func split(form: FormData) throws -> CreditSplit? {
        let managers = form.all("manager_id")
        let percents = form.all("percent")
        var entries: [(String, String)] = []
        for index in 0..<max(managers.count, percents.count) {
            let manager = index < managers.count ? managers[index].trimmingCharacters(in: .whitespaces) : ""
            let percent = index < percents.count ? percents[index].trimmingCharacters(in: .whitespaces) : ""
            if !manager.isEmpty || !percent.isEmpty { entries.append((manager, percent)) }
        }
        guard !entries.isEmpty else { return nil }
        var errors = ValidationErrors()
        var shares: [CreditSplit.Share] = []
        for (index, entry) in entries.enumerated() {
            let percent = errors.decimal(entry.1, field: "shares[\(index)].percent", required: true)
            shares.append(CreditSplit.Share(managerID: entry.0, percent: percent ?? 0))
        }
        try errors.throwIfAny()
        return try CreditSplit(shares: shares)
    }
}
