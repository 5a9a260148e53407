import BentaCore
import Foundation

/// `GET/PUT /api/v1/settings/duties`: each configurable role's duties by code, the discount limit (a decimal as
/// text, null for none), the collector (null for an accountant) and the company's version.
struct DutySettingsWire: Encodable {
    let head: [String]
    let manager: [String]
    let accountant: [String]
    let discountLimitPercent: String?
    let collectorID: String?
    let version: Int64

    enum CodingKeys: String, CodingKey {
        case head, manager, accountant, discountLimitPercent
        case collectorID = "collectorId"
        case version
    }

    init(_ duties: DutySettings, version: Int64) {
        // In the order of `Duty.allCases`, so the answer is the same every time.
        head = Duty.allCases.filter { duties.head.contains($0) }.map(\.rawValue)
        manager = Duty.allCases.filter { duties.manager.contains($0) }.map(\.rawValue)
        accountant = Duty.allCases.filter { duties.accountant.contains($0) }.map(\.rawValue)
        discountLimitPercent = duties.discountLimitPercent.map { "\($0)" }
        collectorID = duties.collectorID?.description
        self.version = version
    }

    /// The body of a PUT: every member optional; a role left out keeps its duties, `null` for the limit or the
    /// collector clears it.
    struct Input: Decodable {
        static let keys: Set<String> = [
            "head", "manager", "accountant", "discount_limit_percent", "collector_id", "version",
        ]
        var head: [String]?
        var manager: [String]?
        var accountant: [String]?
        var discountLimitPercent: String??
        var collectorID: String??
        var version: Int64?

        enum CodingKeys: String, CodingKey {
            case head, manager, accountant, discountLimitPercent
            case collectorID = "collectorId"
            case version
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            head = try c.decodeIfPresent([String].self, forKey: .head)
            manager = try c.decodeIfPresent([String].self, forKey: .manager)
            accountant = try c.decodeIfPresent([String].self, forKey: .accountant)
            if c.contains(.discountLimitPercent) {
                discountLimitPercent = .some(try c.decodeIfPresent(String.self, forKey: .discountLimitPercent))
            }
            // A user id or `null` for none (`""`, the form's none, is 422 `invalid_id` in JSON).
            collectorID = try c.patchID(forKey: .collectorID, in: decoder)
            version = try c.decodeIfPresent(Int64.self, forKey: .version)
        }

        /// The draft this body makes of the `current` settings.
        func draft(over current: DutySettings) -> DutySettingsDraft {
            let codes = { (role: Role) in Duty.allCases.filter { current.duties(of: role).contains($0) }.map(\.rawValue)
            }
            return DutySettingsDraft(
                duties: [
                    .head: head ?? codes(.head), .manager: manager ?? codes(.manager),
                    .accountant: accountant ?? codes(.accountant),
                ],
                discountLimitPercent: discountLimitPercent.map { $0 ?? "" }
                    ?? current.discountLimitPercent.map { "\($0)" } ?? "",
                collectorID: collectorID.map { $0 ?? "" } ?? current.collectorID?.description ?? "")
        }
    }
}
