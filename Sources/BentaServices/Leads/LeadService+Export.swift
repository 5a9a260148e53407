import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension LeadService {
    /// Every lead the viewer may see that matches the filter, as CSV (formula cells neutralized).
    public func exportCSV(viewer: Viewer, filter: LeadFilter) async throws -> String {
        let users = try await database.read { db in try await UserStore(db).all(companyID: viewer.companyID) }
        let owners = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: [
            "id", "person_name", "company_name", "phone", "email", "source", "status", "interest", "province",
            "industry", "owner", "created_at",
        ])
        var cursor: String?
        repeat {
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            for lead in page.items {
                let f = lead.fields
                writer.appendRow([
                    lead.id.description, f.personName ?? "", f.companyName ?? "", f.phone?.e164 ?? "",
                    f.email?.value ?? "", f.source.rawValue, lead.status.rawValue, f.interest ?? "", f.province ?? "",
                    f.industry ?? "", owners[f.ownerID] ?? "", ISO8601DateFormatter().string(from: lead.createdAt),
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return writer.text
    }
}
