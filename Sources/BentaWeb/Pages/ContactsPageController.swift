import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The contact pages: list with search, detail, create and edit forms.
struct ContactsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.contacts), use: list)
        group.post(RouterPath(Paths.contacts), use: create)
        group.get(RouterPath(Paths.newContact), use: new)
        group.get(RouterPath(Paths.contactsExport), use: export)
        group.get("/contacts/:id", use: show)
        group.post("/contacts/:id", use: update)
        group.get("/contacts/:id/edit", use: edit)
        group.post("/contacts/:id/archive", use: archive)
        group.post("/contacts/:id/unarchive", use: unarchive)
        group.post("/contacts/:id/merge", use: merge)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.contactFilter(request)
        let page = try await services.contacts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let names = try await services.accounts.names(of: page.items.map(\.fields.accountID), viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let statusParam = request.query("status")
        let filters: [(String, String?)] = [
            ("q", filter.query), ("account_id", filter.accountID?.description), ("status", statusParam),
        ]
        let rows: [[String: Any]] = page.items.map { contact in
            [
                "url": Paths.contact(contact.id), "name": contact.fields.name,
                "position": contact.fields.position ?? "", "account": names[contact.fields.accountID] ?? "",
                "account_url": Paths.account(contact.fields.accountID),
                "phone": contact.fields.phones.first?.display ?? "", "email": contact.fields.emails.first?.value ?? "",
                "is_archived": contact.status == .archived,
            ]
        }
        return renderer.render(
            "contacts_list", title: strings["contacts_title"] ?? "Contacts",
            values: [
                "contacts": rows, "has_contacts": !rows.isEmpty, "q": filter.query ?? "",
                "account_id": filter.accountID?.description ?? "",
                "status_active": statusParam == nil, "status_archived": statusParam == "archived",
                "status_all": statusParam == "all",
                "next_url": page.nextCursor.map { Paths.contacts + QueryString.make(filters + [("cursor", $0)]) }
                    as Any,
                "export_url": Paths.contactsExport + QueryString.make(filters),
                "nav_contacts": true,
            ],
            identity: context.identity, language: context.user.language)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await services.contacts.contact(
            try PathID.parse(context, entity: "contact"), viewer: context.viewer)
        let account = try await services.accounts.account(contact.fields.accountID, viewer: context.viewer)
        let history = try await services.contacts.history(contact.id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let f = contact.fields
        let panels = try await RecordPanels(services: services, renderer: renderer).values(
            for: .contact(contact.id), context: context, directory: directory, cursor: request.query("before"),
            returnTo: Paths.contact(contact.id), phones: f.phones.map { ["value": $0.raw, "label": $0.display] })
        var mergeCandidates: [DuplicateMatch<Contact>] = []
        if context.user.role.mayReassignOwners {
            mergeCandidates = try await services.duplicates.contacts(
                like: contact.fields, excluding: contact.id, viewer: context.viewer)
        }
        var values: [String: Any] = [
            "may_merge": !mergeCandidates.isEmpty, "merge_url": "/contacts/\(contact.id)/merge",
            "merge_candidates": DuplicateRows.contacts(mergeCandidates, strings: strings),
            "contact": [
                "name": f.name, "position": f.position ?? "", "account": account.fields.name,
                "account_url": Paths.account(account.id),
                "phones": f.phones.map { ["display": $0.display, "tel": $0.e164] },
                "emails": f.emails.map(\.value),
                "preferred_channel": f.preferredChannel.map { strings["channel_\($0.rawValue)"] ?? $0.rawValue }
                    ?? "",
                "notes": f.notes ?? "", "is_archived": contact.status == .archived,
                "created_at": directory.dateTime(contact.createdAt),
                "updated_at": directory.dateTime(contact.updatedAt),
                "edit_url": Paths.editContact(contact.id), "archive_url": Paths.archiveContact(contact.id),
                "unarchive_url": Paths.unarchiveContact(contact.id),
            ],
            "history": history.map { event -> [String: Any] in
                [
                    "when": directory.dateTime(event.occurredAt),
                    "who": event.actorID.map(directory.userName) ?? "",
                    "what": strings["audit_\(event.action.replacingOccurrences(of: ".", with: "_"))"]
                        ?? event.action,
                ]
            },
            "nav_contacts": true,
        ]
        values.merge(panels) { _, new in new }
        return renderer.render(
            "contact_detail", title: f.name, values: values, identity: context.identity,
            language: context.user.language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = ContactDraft()
        draft.accountID = request.query("account_id") ?? ""
        return try await form(draft: draft, contact: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let picking = PickerInput(submitted)
        if picking.isSearch {
            return try await form(draft: draft, contact: nil, errors: nil, context: context, picking: picking)
        }
        if submitted["confirm_duplicates"] != "1" {
            let country = try await services.companies.company(context.viewer.companyID).settings.country
            if let fields = try? draft.validated(defaultCountry: country) {
                let matches = try await services.duplicates.contacts(like: fields, viewer: context.viewer)
                if !matches.isEmpty {
                    return try await form(
                        draft: draft, contact: nil, errors: nil, context: context, duplicates: matches,
                        picking: picking)
                }
            }
        }
        do {
            let contact = try await services.contacts.create(draft, viewer: context.viewer)
            return .redirect(to: Paths.contact(contact.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await form(draft: draft, contact: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await services.contacts.contact(
            try PathID.parse(context, entity: "contact"), viewer: context.viewer)
        return try await form(draft: ContactDraft(contact.fields), contact: contact, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let picking = PickerInput(submitted)
        if picking.isSearch {
            let contact = try await services.contacts.contact(id, viewer: context.viewer)
            return try await form(draft: draft, contact: contact, errors: nil, context: context, picking: picking)
        }
        do {
            let contact = try await services.contacts.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
            ) { current in current = draft }
            return .redirect(to: Paths.contact(contact.id), type: .normal)
        } catch let errors as ValidationErrors {
            let contact = try await services.contacts.contact(id, viewer: context.viewer)
            return try await self.form(
                draft: draft, contact: contact, errors: errors, context: context, picking: picking)
        } catch RecordError.staleVersion {
            let contact = try await services.contacts.contact(id, viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this contact.")
            return try await self.form(
                draft: draft, contact: contact, errors: stale, context: context, status: .preconditionFailed,
                picking: picking)
        }
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        _ = try await services.contacts.setStatus(.archived, of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Paths.contact(id), type: .normal)
    }

    @Sendable func unarchive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        _ = try await services.contacts.setStatus(.active, of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Paths.contact(id), type: .normal)
    }

    @Sendable func merge(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        guard let from = Contact.ID(string: (context.form ?? FormData())["from"]) else {
            throw RequestError.invalidParameter(name: "from", message: "must be a contact id.")
        }
        _ = try await services.duplicates.mergeContacts(from, into: id, viewer: context.viewer)
        return .redirect(to: Paths.contact(id), type: .normal)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.contacts.exportCSV(
            viewer: context.viewer, filter: try ListQuery.contactFilter(request))
        return CSVResponse.make(csv, filename: "contacts.csv")
    }

    private func form(
        draft: ContactDraft, contact: Contact?, errors: ValidationErrors?, context: AuthenticatedContext,
        status: HTTPResponse.Status? = nil, duplicates: [DuplicateMatch<Contact>] = [],
        picking: PickerInput = .none
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let fieldErrors = errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:]
        // The account picker offers the viewer's accounts a page at a time; the chosen one is always listed.
        let accounts = try await RecordPicker.accounts(
            chosen: draft.accountID, input: picking, services: services, viewer: context.viewer)
        let title = contact == nil ? (strings["contact_new"] ?? "New contact") : (contact?.fields.name ?? "")
        return renderer.render(
            "contact_form", title: title,
            values: [
                "action": contact.map { Paths.contact($0.id) } ?? Paths.contacts,
                "cancel_url": contact.map { Paths.contact($0.id) } ?? Paths.contacts,
                "is_new": contact == nil, "version": contact.map { String(picking.keptVersion ?? $0.version) } ?? "",
                "account_picker": accounts.values(
                    label: strings["field_account"] ?? "Account", noneLabel: strings["choose_account"] ?? "",
                    isRequired: true, error: fieldErrors["account_id"], strings: strings),
                "name": draft.name, "position": draft.position, "phones": draft.phones.joined(separator: "\n"),
                "emails": draft.emails.joined(separator: "\n"), "notes": draft.notes,
                "channels": ContactChannel.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["channel_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == draft.preferredChannel,
                    ]
                },
                "errors": fieldErrors, "has_errors": errors.map { !$0.isEmpty } ?? false,
                "duplicates": DuplicateRows.contacts(duplicates, strings: strings),
                "has_duplicates": !duplicates.isEmpty,
                "nav_contacts": true,
            ],
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil && duplicates.isEmpty ? .ok : .unprocessableContent))
    }

    static func draft(from form: FormData) -> ContactDraft {
        var draft = ContactDraft()
        draft.accountID = form["account_id"]
        draft.name = form["name"]
        draft.position = form["position"]
        draft.phones = form.list("phones")
        draft.emails = form.list("emails")
        draft.preferredChannel = form["preferred_channel"]
        draft.notes = form["notes"]
        return draft
    }
}
