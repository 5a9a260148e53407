import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The contact pages: list with search, detail, create and edit forms.
struct ContactsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.contacts, use: list)
        group.post(Paths.contacts, use: create)
        group.get(Paths.newContact, use: new)
        group.get(Paths.contactsExport, use: export)
        group.get(Paths.contact, use: show)
        group.post(Paths.contact, use: update)
        group.get(Paths.editContact, use: edit)
        group.post(Paths.archiveContact, use: archive)
        group.post(Paths.unarchiveContact, use: unarchive)
        group.post(Paths.mergeContact, use: merge)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try ListQuery.contactFilter(request)
        let page = try await services.contacts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let names = try await services.accounts.names(of: page.items.map(\.fields.accountID), viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let model = ContactsListPage.make(
            page, filter: filter, status: request.query("status"), accountNames: names)
        return renderer.render(
            "contacts_list", title: strings["contacts_title"] ?? "Contacts", model: model, section: .contacts,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await services.contacts.contact(
            try PathID.parse(context, entity: "contact"), viewer: context.viewer)
        let account = try await services.accounts.account(contact.fields.accountID, viewer: context.viewer)
        let history = try await services.contacts.history(contact.id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let loaded = try await RecordPanels(services: services, renderer: renderer).load(
            for: .contact(contact.id), context: context, cursor: request.query("before"))
        let panels = RecordPanelsPart.make(
            loaded, directory: directory, strings: strings, returnTo: Paths.contact(contact.id),
            phones: contact.fields.phones)
        var mergeCandidates: [DuplicateMatch<Contact>] = []
        if context.user.role.mayReassignOwners {
            mergeCandidates = try await services.duplicates.contacts(
                like: contact.fields, excluding: contact.id, viewer: context.viewer)
        }
        let model = ContactDetailPage.make(
            contact, account: account, history: history, mergeCandidates: mergeCandidates, panels: panels,
            directory: directory, strings: strings)
        return renderer.render(
            "contact_detail", title: contact.fields.name, model: model, section: .contacts,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = ContactDraft()
        draft.accountID = request.query("account_id") ?? ""
        return try await form(draft: draft, contact: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = try ContactInput(form: submitted).draft()
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
        let draft = try ContactInput(form: submitted).draft()
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
        // The account picker offers the viewer's accounts a page at a time; the chosen one is always listed.
        let accounts = try await RecordPicker.accounts(
            chosen: draft.accountID, input: picking, services: services, viewer: context.viewer)
        let title = contact == nil ? (strings["contact_new"] ?? "New contact") : (contact?.fields.name ?? "")
        let model = ContactFormPage.make(
            draft: draft, contact: contact, version: contact.map { picking.keptVersion ?? $0.version },
            accounts: accounts, errors: errors.map { renderer.fieldErrors($0, language: context.user.language) },
            duplicates: duplicates, strings: strings)
        return renderer.render(
            "contact_form", title: title, model: model, section: .contacts, identity: context.identity,
            language: context.user.language,
            status: status ?? (errors == nil && duplicates.isEmpty ? .ok : .unprocessableContent))
    }
}
