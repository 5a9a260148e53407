import BentaCore
import Foundation

/// The duties form (`duty_settings.mustache`): a row per duty with a checkbox per configurable role, the discount
/// limit and the collector.
struct DutySettingsPage: PageModel {
    struct Cell {
        var role: String
        var role_label: String
        var code: String
        var label: String
        var checked: Bool
    }

    struct Row {
        var code: String
        var label: String
        var hint: String
        var cells: [Cell]
    }

    var roles: [PageCodeOption]
    var rows: [Row]
    var discount_limit_percent: String
    var collectors: [PageCodeOption]
    var no_collector: Bool
    var version: String
    var saved: Bool
    var errors: [String: String]
    var has_errors: Bool

    /// The form's fields for stored settings.
    static func draft(_ duties: DutySettings) -> DutySettingsDraft {
        var byRole: [Role: [String]] = [:]
        for role in DutySettings.configurableRoles {
            byRole[role] = Duty.allCases.filter { duties.duties(of: role).contains($0) }.map(\.rawValue)
        }
        return DutySettingsDraft(
            duties: byRole, discountLimitPercent: duties.discountLimitPercent.map { "\($0)" } ?? "",
            collectorID: duties.collectorID?.description ?? "")
    }

    static func make(
        _ draft: DutySettingsDraft, version: Int64, users: [User], strings: [String: String],
        errors: [String: String]?, saved: Bool
    ) -> DutySettingsPage {
        let label = { (role: Role) in strings["role_\(role.rawValue)"] ?? role.rawValue }
        return DutySettingsPage(
            roles: DutySettings.configurableRoles.map {
                PageCodeOption(code: $0.rawValue, name: label($0), selected: false)
            },
            rows: Duty.allCases.map { duty in
                Row(
                    code: duty.rawValue, label: strings["duty_\(duty.rawValue)"] ?? duty.rawValue,
                    hint: strings["duty_\(duty.rawValue)_hint"] ?? "",
                    cells: DutySettings.configurableRoles.map { role in
                        Cell(
                            role: role.rawValue, role_label: label(role), code: duty.rawValue,
                            label: strings["duty_\(duty.rawValue)"] ?? duty.rawValue,
                            checked: (draft.duties[role] ?? []).contains(duty.rawValue))
                    })
            },
            discount_limit_percent: draft.discountLimitPercent,
            collectors: users.map {
                PageCodeOption(code: $0.id.description, name: $0.name, selected: $0.id.description == draft.collectorID)
            },
            no_collector: draft.collectorID.isEmpty, version: String(version), saved: saved, errors: errors ?? [:],
            has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}
