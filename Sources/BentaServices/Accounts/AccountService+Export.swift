import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension AccountService {
    /// Names of the accounts with these IDs that the viewer may see (one query, for lists of other records).
    public func names(of ids: [Account.ID], viewer: Viewer) async throws -> [Account.ID: String] {
        try await Self.names(of: ids, viewer: viewer, database: database)
    }

    static func names(
        of ids: [Account.ID], viewer: Viewer, database: any AppDatabase
    ) async throws
        -> [Account.ID: String]
    {
        let unique = Array(Set(ids))
        let accounts = try await database.read { db in try await AccountStore(db).find(unique, viewer: viewer) }
        return Dictionary(accounts.map { ($0.id, $0.fields.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every account the viewer may see that matches the filter, as CSV (formula cells neutralized).
    public func exportCSV(viewer: Viewer, filter: AccountFilter) async throws -> String {
        let users = try await database.read { db in try await UserStore(db).all(companyID: viewer.companyID) }
        let owners = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: [
            "id", "name", "registered_name", "tin", "billing_address", "delivery_address", "phones", "email",
            "website", "industry", "owner", "tags", "status", "created_at",
        ])
        var cursor: String?
        repeat {
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            for account in page.items {
                let f = account.fields
                writer.appendRow([
                    account.id.description, f.name, f.registeredName ?? "", f.tin?.formatted ?? "",
                    f.billingAddress ?? "", f.deliveryAddress ?? "", f.phones.map(\.e164).joined(separator: "; "),
                    f.email?.value ?? "", f.website ?? "", f.industry ?? "", owners[f.ownerID] ?? "",
                    f.tags.joined(separator: "; "), account.status.rawValue,
                    ISO8601DateFormatter().string(from: account.createdAt),
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return writer.text
    }
}
