import BentaCore
import Foundation

/// The head's and admin's queue of discounts awaiting approval (`discount_approvals.mustache`), each with its quote,
/// line, discount, the limit, who asked and when, and a form to approve or reject with a reason.
struct DiscountApprovalsPage: PageModel {
    struct Row {
        var id: String
        var quote_url: String
        var line: Int
        var description: String
        var discount: String
        var limit: String
        var requested_by: String
        var requested_at: String
        var decide_url: String
        var version: Int64
    }

    var has_rows: Bool
    var rows: [Row]
    var next_url: String
    var has_next: Bool
    var decided: Bool

    static func make(
        _ page: Page<DiscountApproval>, users: [User], decided: Bool, timeZone: TimeZone
    ) -> DiscountApprovalsPage {
        let names = Dictionary(users.map { ($0.id, $0.name) }) { first, _ in first }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = timeZone
        format.dateFormat = "yyyy-MM-dd HH:mm"
        let rows = page.items.map { approval in
            Row(
                id: approval.id.description, quote_url: Paths.quote(approval.quoteID), line: approval.lineIndex + 1,
                description: approval.lineDescription, discount: approval.discount,
                limit: DecimalText.format(approval.limitPercent) + "%",
                requested_by: names[approval.requestedBy] ?? approval.requestedBy.description,
                requested_at: format.string(from: approval.requestedAt),
                decide_url: Paths.discountDecisionPage(approval.id), version: approval.version)
        }
        return DiscountApprovalsPage(
            has_rows: !rows.isEmpty, rows: rows,
            next_url: page.nextCursor.map { Paths.discountApprovalsPage() + "?cursor=" + $0 } ?? "",
            has_next: page.nextCursor != nil, decided: decided)
    }
}
