import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The contact pages: list with search, detail, create and edit forms.
struct ContactsPageController: ArchivableRecordPages {
    let services: Services
    let renderer: PageRenderer
    var service: ContactService { services.contacts }

    static let routes = ArchivableRecordPageRoutes<Contact.ID>(
        collection: Paths.contacts, new: Paths.newContact, export: Paths.contactsExport, record: Paths.contact,
        edit: Paths.editContact, archive: Paths.archiveContact, unarchive: Paths.unarchiveContact,
        merge: Paths.mergeContact)
    static var invalidIDMessage: String { "must be a contact id." }

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
        let contact = try await service.contact(try recordID(context), viewer: context.viewer)
        let account = try await services.accounts.account(contact.fields.accountID, viewer: context.viewer)
        let history = try await services.contacts.history(contact.id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let loaded = try await RecordPanels(services: services, renderer: renderer).load(
            for: .contact(contact.id), context: context, cursor: request.query("before"))
        let panels = RecordPanelsPart.make(
            loaded, directory: directory, strings: strings, returnTo: Paths.contact(contact.id),
            phones: contact.fields.phones)
        var model = ContactDetailPage.make(
            contact, account: account, history: history,
            mergeCandidates: try await mergeCandidates(for: contact, context: context), panels: panels,
            directory: directory, strings: strings)
        model.saved = request.query("saved") != nil
        model.history_url = RecordHistoryPage.link(.contact, contact.id)
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
        let matches = try await duplicatesBeforeCreating(draft, submitted: submitted, context: context)
        if !matches.isEmpty {
            return try await form(
                draft: draft, contact: nil, errors: nil, context: context, duplicates: matches, picking: picking)
        }
        return try await saveNew(draft, context: context) { errors in
            try await form(draft: draft, contact: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await service.contact(try recordID(context), viewer: context.viewer)
        return try await form(draft: ContactDraft(contact.fields), contact: contact, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try recordID(context)
        let submitted = context.form ?? FormData()
        let draft = try ContactInput(form: submitted).draft()
        let picking = PickerInput(submitted)
        if picking.isSearch {
            let contact = try await service.contact(id, viewer: context.viewer)
            return try await form(draft: draft, contact: contact, errors: nil, context: context, picking: picking)
        }
        return try await saveEdit(
            id, submitted: submitted, context: context, change: { current in current = draft },
            reshow: { contact, errors, status in
                try await form(
                    draft: draft, contact: contact, errors: errors, context: context, status: status,
                    picking: picking)
            })
    }

    func duplicates(
        like fields: ContactFields, excluding: Contact.ID?, viewer: Viewer
    ) async throws
        -> [DuplicateMatch<Contact>]
    {
        try await services.duplicates.contacts(like: fields, excluding: excluding, viewer: viewer)
    }

    func mergeDuplicate(_ from: Contact.ID, into id: Contact.ID, viewer: Viewer) async throws {
        _ = try await services.duplicates.mergeContacts(from, into: id, viewer: viewer)
    }

    /// The contact form, new or edit; keeps what was typed and shows each error next to its field.
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
