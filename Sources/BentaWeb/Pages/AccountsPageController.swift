import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The account pages: list with search and filters, detail with contacts and history, create and edit forms.
struct AccountsPageController: ArchivableRecordPages {
    let services: Services
    let renderer: PageRenderer
    var service: AccountService { services.accounts }

    static let routes = ArchivableRecordPageRoutes<Account.ID>(
        collection: Paths.accounts, new: Paths.newAccount, export: Paths.accountsExport, record: Paths.account,
        edit: Paths.editAccount, archive: Paths.archiveAccount, unarchive: Paths.unarchiveAccount,
        merge: Paths.mergeAccount)
    static var invalidIDMessage: String { "must be an account id." }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.accountFilter(request)
        let page = try await services.accounts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let model = AccountsListPage.make(
            page, filter: filter, status: request.query("status"), directory: directory, role: context.user.role)
        return renderer.render(
            "accounts_list", title: strings["accounts_title"] ?? "Accounts", model: model, section: .accounts,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        let account = try await service.account(id, viewer: context.viewer)
        // The first contacts by name; when there are more, the card links to the account's full contact list.
        let contacts = try await services.contacts.list(
            viewer: context.viewer, filter: ContactFilter(accountID: id, status: nil),
            page: PageRequest(limit: PageRequest.defaultLimit))
        let history = try await services.accounts.history(id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let loaded = try await RecordPanels(services: services, renderer: renderer).load(
            for: .account(id), context: context, cursor: request.query("before"))
        let panels = RecordPanelsPart.make(
            loaded, directory: directory, strings: strings, returnTo: Paths.account(id), phones: account.fields.phones,
            contacts: contacts.items.filter { $0.status == .active }, hasMoreContacts: contacts.nextCursor != nil)
        var model = AccountDetailPage.make(
            account, contacts: contacts, history: history,
            mergeCandidates: try await mergeCandidates(for: account, context: context), panels: panels,
            directory: directory, strings: strings)
        let today = directory.company.settings.today(at: services.clock.now())
        model.credit_hold = CreditHoldPart.make(
            try await services.creditHolds.state(accountID: id, viewer: context.viewer, today: today),
            role: context.user.role, today: today, directory: directory, strings: strings)
        model.overview = AccountOverviewPart.make(
            try await services.accounts.overview(id, viewer: context.viewer, today: today), account: id,
            directory: directory, strings: strings)
        model.saved = request.query("saved") != nil
        model.history_url = RecordHistoryPage.link(.account, id)
        return renderer.render(
            "account_detail", title: account.fields.name, model: model, section: .accounts,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = AccountDraft()
        draft.ownerID = context.user.id.description
        return try await form(draft: draft, account: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = try AccountInput(form: submitted).draft()
        // Likely duplicates are shown first; the user confirms to create anyway.
        var withOwner = draft
        if withOwner.ownerID.isEmpty { withOwner.ownerID = context.user.id.description }
        let matches = try await duplicatesBeforeCreating(withOwner, submitted: submitted, context: context)
        if !matches.isEmpty {
            return try await form(draft: draft, account: nil, errors: nil, context: context, duplicates: matches)
        }
        return try await saveNew(draft, context: context) { errors in
            try await form(draft: draft, account: nil, errors: errors, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let account = try await service.account(try recordID(context), viewer: context.viewer)
        return try await form(draft: AccountDraft(account.fields), account: account, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        let submitted = context.form ?? FormData()
        let draft = try AccountInput(form: submitted).draft()
        let mayReassign = context.user.role.mayReassignOwners
        return try await saveEdit(
            id, submitted: submitted, context: context,
            change: { current in
                let owner = current.ownerID
                current = draft
                if !mayReassign || draft.ownerID.isEmpty { current.ownerID = owner }
            },
            reshow: { account, errors, status in
                try await form(draft: draft, account: account, errors: errors, context: context, status: status)
            })
    }

    func duplicates(
        like fields: AccountFields, excluding: Account.ID?, viewer: Viewer
    ) async throws
        -> [DuplicateMatch<Account>]
    {
        try await services.duplicates.accounts(like: fields, excluding: excluding, viewer: viewer)
    }

    func mergeDuplicate(_ from: Account.ID, into id: Account.ID, viewer: Viewer) async throws {
        _ = try await services.duplicates.mergeAccounts(from, into: id, viewer: viewer)
    }

    /// The account form, new or edit; keeps what was typed and shows each error next to its field.
    private func form(
        draft: AccountDraft, account: Account?, errors: ValidationErrors?, context: AuthenticatedContext,
        status: HTTPResponse.Status? = nil, duplicates: [DuplicateMatch<Account>] = []
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let title = account == nil ? (strings["account_new"] ?? "New account") : (account?.fields.name ?? "")
        // A new account starts in the company's country; a code the list lacks stays selected as typed.
        let country =
            draft.country.isEmpty
            ? try await services.companies.company(context.viewer.companyID).settings.country.rawValue
            : draft.country.uppercased()
        let model = AccountFormPage.make(
            draft: draft, account: account, country: country,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) },
            mayReassign: context.user.role.mayReassignOwners, duplicates: duplicates, directory: directory,
            strings: strings)
        return renderer.render(
            "account_form", title: title, model: model, section: .accounts, identity: context.identity,
            language: context.user.language,
            status: status ?? (errors == nil && duplicates.isEmpty ? .ok : .unprocessableContent))
    }
}
