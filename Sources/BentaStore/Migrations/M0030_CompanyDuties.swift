import Foundation

/// Each company's own duties (issue 13): which work the head, the manager and the accountant do, the discount limit
/// and the collector, as one JSON document on the company row (`DutySettings`; NULL while the company keeps the
/// standard duties). On the company row so every use case that already reads the company reads its duties with it.
struct M0030_CompanyDuties: Migration {
    let number = 30
    let name = "company_duties"

    func statements(for engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE companies ADD COLUMN duties TEXT"]
    }
}
