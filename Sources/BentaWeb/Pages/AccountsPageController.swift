import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The account pages: list with search and filters, detail with contacts and history, create and edit forms.
struct AccountsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.accounts), use: list)
        group.post(RouterPath(Paths.accounts), use: create)
        group.get(RouterPath(Paths.newAccount), use: new)
        group.get(RouterPath(Paths.accountsExport), use: export)
        group.get("/accounts/:id", use: show)
        group.post("/accounts/:id", use: update)
        group.get("/accounts/:id/edit", use: edit)
        group.post("/accounts/:id/archive", use: archive)
        group.post("/accounts/:id/unarchive", use: unarchive)
        group.post("/accounts/:id/merge", use: merge)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.accountFilter(request)
        let page = try await services.accounts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let statusParam = request.query("status")
        let filters: [(String, String?)] = [
            ("q", filter.query), ("owner_id", filter.ownerID?.description), ("status", statusParam),
            ("tag", filter.tag),
        ]
        let rows: [[String: Any]] = page.items.map { account in
            [
                "url": Paths.account(account.id), "name": account.fields.name,
                "registered_name": account.fields.registeredName ?? "", "tin": account.fields.tin?.formatted ?? "",
                "industry": account.fields.industry ?? "", "owner": directory.userName(account.fields.ownerID),
                "phone": account.fields.phones.first?.display ?? "", "is_archived": account.status == .archived,
            ]
        }
        return renderer.render(
            "accounts_list", title: strings["accounts_title"] ?? "Accounts",
            values: [
                "accounts": rows, "has_accounts": !rows.isEmpty, "q": filter.query ?? "",
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords || directory.teams.count > 0,
                "status_active": statusParam == nil, "status_archived": statusParam == "archived",
                "status_all": statusParam == "all", "tag": filter.tag ?? "",
                "next_url": page.nextCursor.map { Paths.accounts + QueryString.make(filters + [("cursor", $0)]) }
                    as Any,
                "export_url": Paths.accountsExport + QueryString.make(filters),
                "nav_accounts": true,
            ],
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
        let f = account.fields
        let panels = try await RecordPanels(services: services, renderer: renderer).values(
            for: .account(id), context: context, directory: directory, cursor: request.query("before"),
            returnTo: Paths.account(id), phones: f.phones.map { ["value": $0.raw, "label": $0.display] },
            contacts: contacts.items.filter { $0.status == .active }, hasMoreContacts: contacts.nextCursor != nil)
        var mergeCandidates: [DuplicateMatch<Account>] = []
        if context.user.role.mayReassignOwners {
            mergeCandidates = try await services.duplicates.accounts(
                like: account.fields, excluding: account.id, viewer: context.viewer)
        }
        var values: [String: Any] = [
            "may_merge": !mergeCandidates.isEmpty, "merge_url": "/accounts/\(account.id)/merge",
            "merge_candidates": DuplicateRows.accounts(mergeCandidates, strings: strings),
            "account": [
                "name": f.name, "registered_name": f.registeredName ?? "", "tin": f.tin?.formatted ?? "",
                "billing_address": f.billingAddress ?? "", "delivery_address": f.deliveryAddress ?? "",
                "phones": f.phones.map { ["display": $0.display, "tel": $0.e164] },
                "email": f.email?.value ?? "", "website": f.website ?? "", "industry": f.industry ?? "",
                "owner": directory.userName(f.ownerID),
                "team": directory.teams.first { $0.id == f.teamID }?.name ?? "",
                "tags": f.tags, "notes": f.notes ?? "", "is_archived": account.status == .archived,
                "country": f.country.displayName, "is_vat_registered": f.isVATRegistered,
                "buyer_kind": strings["buyer_kind_\(f.buyerKind.rawValue)"] ?? f.buyerKind.rawValue,
                "created_at": directory.dateTime(account.createdAt),
                "updated_at": directory.dateTime(account.updatedAt), "version": account.version,
                "edit_url": Paths.editAccount(account.id), "archive_url": Paths.archiveAccount(account.id),
                "unarchive_url": Paths.unarchiveAccount(account.id),
                "new_contact_url": Paths.newContact + QueryString.make([("account_id", account.id.description)]),
                "contracts_url": "/contracts" + QueryString.make([("account_id", account.id.description)]),
                "new_invoice_url": Paths.newInvoice + QueryString.make([("account_id", account.id.description)]),
            ],
            "contacts": contacts.items.map { contact -> [String: Any] in
                [
                    "url": Paths.contact(contact.id), "name": contact.fields.name,
                    "position": contact.fields.position ?? "",
                    "phone": contact.fields.phones.first?.display ?? "",
                    "email": contact.fields.emails.first?.value ?? "", "is_archived": contact.status == .archived,
                ]
            },
            "has_contacts": !contacts.items.isEmpty,
            "all_contacts_url": contacts.nextCursor.map { _ in
                Paths.contacts + QueryString.make([("account_id", account.id.description), ("status", "all")])
            } as Any,
            "history": history.map { event -> [String: Any] in
                [
                    "when": directory.dateTime(event.occurredAt),
                    "who": event.actorID.map(directory.userName) ?? "",
                    "what": strings["audit_\(event.action.replacingOccurrences(of: ".", with: "_"))"]
                        ?? event.action,
                ]
            },
            "nav_accounts": true,
        ]
        values.merge(panels) { _, new in new }
        return renderer.render(
            "account_detail", title: f.name, values: values, identity: context.identity,
            language: context.user.language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = AccountDraft()
        draft.ownerID = context.user.id.description
        return try await form(draft: draft, account: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
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
        let draft = Self.draft(from: submitted)
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
        let kind = draft.buyerKind.isEmpty ? BuyerKind.business.rawValue : draft.buyerKind
        return renderer.render(
            "account_form", title: title,
            values: [
                "action": account.map { Paths.account($0.id) } ?? Paths.accounts,
                "cancel_url": account.map { Paths.account($0.id) } ?? Paths.accounts,
                "is_new": account == nil, "version": account.map { String($0.version) } ?? "",
                "name": draft.name, "registered_name": draft.registeredName, "tin": draft.tin,
                "billing_address": draft.billingAddress, "delivery_address": draft.deliveryAddress,
                "phones": draft.phones.joined(separator: "\n"), "email": draft.email, "website": draft.website,
                "industry": draft.industry, "tags": draft.tags.joined(separator: ", "), "notes": draft.notes,
                "countries": CountryCode.allCases.map {
                    ["code": $0.rawValue, "name": $0.displayName, "selected": $0.rawValue == country]
                },
                "is_vat_registered": draft.isVATRegistered,
                "buyer_kinds": BuyerKind.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["buyer_kind_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == kind,
                    ]
                },
                "may_reassign": context.user.role.mayReassignOwners,
                "owners": directory.ownerOptions(selected: draft.ownerID),
                "teams": directory.teamOptions(selected: draft.teamID), "has_teams": !directory.teams.isEmpty,
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false,
                "duplicates": DuplicateRows.accounts(duplicates, strings: strings),
                "has_duplicates": !duplicates.isEmpty,
                "nav_accounts": true,
            ],
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil && duplicates.isEmpty ? .ok : .unprocessableContent))
    }

    /// The draft typed in the form: phones one per line, tags separated by commas.
    static func draft(from form: FormData) -> AccountDraft {
        var draft = AccountDraft()
        draft.name = form["name"]
        draft.registeredName = form["registered_name"]
        draft.tin = form["tin"]
        draft.billingAddress = form["billing_address"]
        draft.deliveryAddress = form["delivery_address"]
        draft.phones = form.list("phones")
        draft.email = form["email"]
        draft.website = form["website"]
        draft.industry = form["industry"]
        draft.ownerID = form["owner_id"]
        draft.teamID = form["team_id"]
        draft.tags = form["tags"].split(separator: ",").map { String($0) }
        draft.notes = form["notes"]
        draft.country = form["country"]
        draft.isVATRegistered = form["is_vat_registered"] == "on"
        draft.buyerKind = form["buyer_kind"]
        return draft
    }
}
