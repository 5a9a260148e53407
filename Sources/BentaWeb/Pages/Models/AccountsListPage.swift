import BentaCore
import Foundation

/// The account list: the filters as submitted, one row per account on this page, the next page's link.
/// Property names are the template's (`accounts_list.mustache`).
struct AccountsListPage: PageModel {
    struct Row {
        var url: String
        var name: String
        var registered_name: String
        var tin: String
        var industry: String
        var owner: String
        var phone: String
        var is_archived: Bool
    }

    var accounts: [Row]
    var has_accounts: Bool
    var q: String
    var owners: [PageOption]
    var show_owner_filter: Bool
    var status_active: Bool
    var status_archived: Bool
    var status_all: Bool
    var tag: String
    var next_url: String?
    var export_url: String

    /// The page for `page` of accounts read with `filter`; `status` is the status filter as submitted.
    static func make(
        _ page: Page<Account>, filter: AccountFilter, status: String?, directory: PageDirectory, role: Role
    ) -> AccountsListPage {
        let filters: [(String, String?)] = [
            ("q", filter.query), ("owner_id", filter.ownerID?.description), ("status", status), ("tag", filter.tag),
        ]
        let rows = page.items.map { account in
            Row(
                url: Paths.account(account.id), name: account.fields.name,
                registered_name: account.fields.registeredName ?? "", tin: account.fields.tin?.formatted ?? "",
                industry: account.fields.industry ?? "", owner: directory.userName(account.fields.ownerID),
                phone: account.fields.phones.first?.display ?? "", is_archived: account.status == .archived)
        }
        return AccountsListPage(
            accounts: rows, has_accounts: !rows.isEmpty, q: filter.query ?? "",
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords || !directory.teams.isEmpty,
            status_active: status == nil, status_archived: status == "archived", status_all: status == "all",
            tag: filter.tag ?? "",
            next_url: page.nextCursor.map { Paths.accounts() + QueryString.make(filters + [("cursor", $0)]) },
            export_url: Paths.accountsExport() + QueryString.make(filters))
    }
}

/// One choice of a select: its value, its label and whether it is chosen.
struct PageOption {
    var id: String
    var name: String
    var selected: Bool
}

extension PageDirectory {
    /// Owners a form may offer: people who may own accounts; marks the selected one. The current owner is always
    /// listed, even when no longer active, so that saving a form keeps them.
    func owners(selected: String) -> [PageOption] {
        users.filter { ($0.isActive && $0.role.mayOwnAccounts) || $0.id.description == selected }.map {
            PageOption(id: $0.id.description, name: $0.name, selected: $0.id.description == selected)
        }
    }
}
