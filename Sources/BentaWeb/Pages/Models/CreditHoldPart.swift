import BentaCore
import BentaServices
import Foundation

/// The credit-hold card of the account page (`credit_hold.mustache`, a partial of `account_detail.mustache`): the
/// banner "On credit hold since … (reason)" and the override in force for everyone; the place-hold form for the
/// head, the admin and the accountant; the release and override forms for the head and the admin.
struct CreditHoldPart {
    var is_on_hold = false
    var placed_on = ""
    var reason = ""
    /// Who placed it, or empty when the dunning ladder did.
    var placed_by = ""
    var version: Int64 = 0
    var has_override = false
    var override_until = ""
    var override_reason = ""
    var override_by = ""
    var may_place = false
    var may_release = false
    var place_url = ""
    var release_url = ""
    var override_url = ""
    /// The range the override form's date accepts (today to 30 days ahead).
    var override_min = ""
    var override_max = ""

    /// The card for `state`, as `role` may act on it; `today` is the company's; the reason in the reader's `strings`.
    static func make(
        _ state: CreditHoldState, role: Role, today: CalendarDate, directory: PageDirectory, strings: [String: String]
    ) -> CreditHoldPart {
        var part = CreditHoldPart()
        let id = state.accountID
        part.place_url = Paths.accountCreditHold(id)
        part.release_url = Paths.releaseCreditHold(id)
        part.override_url = Paths.creditHoldOverrides(id)
        part.override_min = today.iso8601String
        part.override_max = today.adding(days: CreditHoldRules.maximumOverrideDays).iso8601String
        if let hold = state.hold {
            part.is_on_hold = true
            part.placed_on = hold.placedOn.iso8601String
            part.reason = hold.shownReason(in: strings)
            part.placed_by = hold.placedBy.map(directory.userName) ?? ""
            part.version = hold.version
            part.may_release = CreditHoldRules.mayReleaseOrOverride(role)
        } else {
            part.may_place = CreditHoldRules.mayPlace(role)
        }
        if let active = state.activeOverride {
            part.has_override = true
            part.override_until = active.validUntil.iso8601String
            part.override_reason = active.reason
            part.override_by = directory.userName(active.grantedBy)
        }
        return part
    }
}
