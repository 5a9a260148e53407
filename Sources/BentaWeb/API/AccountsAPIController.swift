import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// `/api/v1/accounts`: list, show, create, update, archive, unarchive, export (``ArchivableRecordAPI``).
struct AccountsAPIController: ArchivableRecordAPI {
    typealias Input = AccountInput

    let services: Services
    var service: AccountService { services.accounts }

    static let routes = ArchivableRecordAPIRoutes<Account.ID>(
        collection: Paths.API.accounts, export: Paths.API.accountsExport, record: Paths.API.account,
        archive: Paths.API.archiveAccount, unarchive: Paths.API.unarchiveAccount)

    func wire(_ account: Account, context: AuthenticatedContext) async throws -> AccountResponse {
        AccountResponse(account, ownerName: try await services.users.user(account.fields.ownerID)?.name)
    }

    /// The page's accounts with their owners' names, from one read of the page's owners.
    func wires(_ accounts: [Account], context: AuthenticatedContext) async throws -> [AccountResponse] {
        let owners = try await services.users.names(
            Set(accounts.map(\.fields.ownerID)), companyID: context.viewer.companyID)
        return accounts.map { AccountResponse($0, ownerName: owners[$0.fields.ownerID]) }
    }
}
