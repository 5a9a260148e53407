import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The account pages: list with search and filters, detail with contacts and history, create and edit forms.
struct AccountsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.accounts, use: list)
        group.post(Paths.accounts, use: create)
        group.get(Paths.newAccount, use: new)
        group.get(Paths.accountsExport, use: export)
        group.get(Paths.account, use: show)
        group.post(Paths.account, use: update)
        group.get(Paths.editAccount, use: edit)
        group.post(Paths.archiveAccount, use: archive)
        group.post(Paths.unarchiveAccount, use: unarchive)
        group.post(Paths.mergeAccount, use: merge)
    }

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
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let account = try await services.accounts.account(id, viewer: context.viewer)
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
        var mergeCandidates: [DuplicateMatch<Account>] = []
        if context.user.role.mayReassignOwners {
            mergeCandidates = try await services.duplicates.accounts(
                like: account.fields, excluding: account.id, viewer: context.viewer)
        }
        var model = AccountDetailPage.make(
            account, contacts: contacts, history: history, mergeCandidates: mergeCandidates, panels: panels,
            directory: directory, strings: strings)
        let today = directory.company.settings.today(at: services.clock.now())
        model.credit_hold = CreditHoldPart.make(
            try await services.creditHolds.state(accountID: id, viewer: context.viewer, today: today),
            role: context.user.role, today: today, directory: directory)
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
        if submitted["confirm_duplicates"] != "1" {
            var withOwner = draft
            if withOwner.ownerID.isEmpty { withOwner.ownerID = context.user.id.description }
            let country = try await services.companies.company(context.viewer.companyID).settings.country
            if let fields = try? withOwner.validated(defaultCountry: country) {
                let matches = try await services.duplicates.accounts(like: fields, viewer: context.viewer)
                if !matches.isEmpty {
                    return try await form(
                        draft: draft, account: nil, errors: nil, context: context, duplicates: matches)
                }
            }
        }
        do {
            let account = try await services.accounts.create(draft, viewer: context.viewer)
            return .redirect(to: Paths.account(account.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await form(draft: draft, account: nil, errors: errors, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let account = try await services.accounts.account(
            try PathID.parse(context, entity: "account"), viewer: context.viewer)
        return try await form(draft: AccountDraft(account.fields), account: account, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let submitted = context.form ?? FormData()
        let draft = try AccountInput(form: submitted).draft()
        let mayReassign = context.user.role.mayReassignOwners
        do {
            let account = try await services.accounts.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
            ) { current in
                let owner = current.ownerID
                current = draft
                if !mayReassign || draft.ownerID.isEmpty { current.ownerID = owner }
            }
            return .redirect(to: Paths.account(account.id), type: .normal)
        } catch let errors as ValidationErrors {
            let account = try await services.accounts.account(id, viewer: context.viewer)
            return try await self.form(draft: draft, account: account, errors: errors, context: context)
        } catch RecordError.staleVersion {
            let account = try await services.accounts.account(id, viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this account.")
            return try await self.form(
                draft: draft, account: account, errors: stale, context: context, status: .preconditionFailed)
        }
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        _ = try await services.accounts.setStatus(.archived, of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Paths.account(id), type: .normal)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        _ = try await services.accounts.setStatus(.active, of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Paths.account(id), type: .normal)
    }

    @Sendable func merge(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        guard let from = Account.ID(string: (context.form ?? FormData())["from"]) else {
            throw RequestError.invalidParameter(name: "from", message: "must be an account id.")
        }
        _ = try await services.duplicates.mergeAccounts(from, into: id, viewer: context.viewer)
        return .redirect(to: Paths.account(id), type: .normal)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.accounts.exportCSV(
            viewer: context.viewer, filter: try ListQuery.accountFilter(request))
        return CSVResponse.make(csv, filename: "accounts.csv")
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
