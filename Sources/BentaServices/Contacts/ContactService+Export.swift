import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension ContactService {
    /// Every contact the viewer may see that matches the filter, as CSV (formula cells neutralized).
    public func exportCSV(viewer: Viewer, filter: ContactFilter) async throws -> String {
        var writer = CSVWriter(header: [
            "id", "name", "position", "account_id", "account", "phones", "emails", "preferred_channel", "status",
        ])
        var cursor: String?
        repeat {
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            let names = try await AccountService.names(
                of: page.items.map(\.fields.accountID), viewer: viewer, database: database)
            for contact in page.items {
                let f = contact.fields
                writer.appendRow([
                    contact.id.description, f.name, f.position ?? "", f.accountID.description,
                    names[f.accountID] ?? "", f.phones.map(\.e164).joined(separator: "; "),
                    f.emails.map(\.value).joined(separator: "; "), f.preferredChannel?.rawValue ?? "",
                    contact.status.rawValue,
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return writer.text
    }
}
