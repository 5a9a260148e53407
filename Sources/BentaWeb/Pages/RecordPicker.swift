import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// What the record pickers of a form were asked for: the text typed in each picker's search field and, after a
/// "more matches" button, where one picker's matches go on.
///
/// A picker's buttons submit the form the picker sits in with `pick` set (the picker's field for a search,
/// `field:cursor` for the next matches), so everything else typed in the form comes back with them; the controller
/// shows the form again with those values instead of saving it. A picker in a form that cannot come back (a file
/// upload) sends its own small GET form instead (`RecordPicker.partial(searchForm:)`).
struct PickerInput: Sendable {
    private let form: FormData

    init(_ form: FormData) {
        self.form = form
    }

    /// The picker fields of a page's query string (for pickers that send their own GET form).
    init(query request: Request) {
        form = FormData(urlencoded: request.uri.query ?? "")
    }

    /// Nothing typed in any picker: the form as it was first shown.
    static let none = PickerInput(FormData())

    /// Whether a picker's button sent the form: it is shown again with the matches, not saved.
    var isSearch: Bool { !form["pick"].trimmingCharacters(in: .whitespaces).isEmpty }

    /// The record version the form was loaded with, when a picker sent it: the form shown again keeps it, so a
    /// change someone else saved meanwhile is still refused as stale when this form is saved.
    var keptVersion: Int64? { isSearch ? Int64(form["version"]) : nil }

    /// The text typed in the picker's search field, at most 200 characters like the `q` of every list.
    func query(_ field: String) -> String {
        String(form["pick_q_\(field)"].trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
    }

    /// Where the picker's matches go on after its "more matches" button; nil for the first matches (also when the
    /// cursor is not one the lists made, so a tampered one starts over rather than failing).
    func cursor(_ field: String) -> String? {
        let parts = form["pick"].split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == field else { return nil }
        return (try? PageRequest.parse(limit: nil, cursor: String(parts[1])))?.cursor
    }
}

/// The choice of a record from a list that may be long (accounts, contacts, products), without JavaScript.
///
/// The select offers the chosen records first, always, then one keyset page of the list (in the list's own order)
/// matching the text typed in the picker's search field. Reached with a record already chosen (a form for an
/// existing record, or "New deal" from an account), the list is not read at all until the user searches. Every
/// read goes through the services with the viewer, so a picker offers only what the viewer may see.
struct RecordPicker: Sendable {
    /// How many matches a picker offers at a time.
    static let pageSize = 25

    /// One record a picker offers.
    struct Option: Sendable, Hashable {
        var id: String
        var label: String
    }

    /// The form field that carries the chosen ID (`account_id`); the picker's inputs are named after it.
    let field: String
    /// The chosen records the viewer may see, then the page of matches (without the chosen ones again).
    let options: [Option]
    let chosen: Set<String>
    /// The text searched for ("" for the start of the list).
    let query: String
    /// Whether the list was read; false when only the chosen record is offered.
    let isListed: Bool
    /// Where the matches go on, when there are more.
    let nextCursor: String?
    /// Whether these matches follow earlier ones ("more matches" was pressed).
    let isContinued: Bool

    /// Reads what the picker offers. `chosen` are the IDs the form holds (one, or several for checkboxes);
    /// `find` returns those of them the viewer may see, in any order; `list` reads a page of matches for a text
    /// (nil for the start of the list). With `listsWhenChosen` the first matches are read even when something is
    /// chosen (checkboxes, where choosing one more is the usual step).
    static func load(
        _ field: String, chosen: [String], input: PickerInput, listsWhenChosen: Bool = false,
        list: (String?, PageRequest) async throws -> Page<Option>, find: ([String]) async throws -> [Option]
    ) async throws -> RecordPicker {
        var wanted: [String] = []
        for id in chosen where !id.isEmpty && !wanted.contains(id) { wanted.append(id) }
        let found = wanted.isEmpty ? [] : try await find(wanted)
        let chosenOptions = wanted.compactMap { id in found.first { $0.id == id } }
        let query = input.query(field)
        let cursor = input.cursor(field)
        let isListed = !query.isEmpty || cursor != nil || chosenOptions.isEmpty || listsWhenChosen
        var matches: [Option] = []
        var next: String?
        if isListed {
            let page = try await list(query.isEmpty ? nil : query, PageRequest(limit: pageSize, cursor: cursor))
            let ids = Set(chosenOptions.map(\.id))
            matches = page.items.filter { !ids.contains($0.id) }
            next = page.nextCursor
        }
        return RecordPicker(
            field: field, options: chosenOptions + matches, chosen: Set(chosenOptions.map(\.id)), query: query,
            isListed: isListed, nextCursor: next, isContinued: cursor != nil)
    }
}

extension RecordPicker {
    /// Active accounts the viewer may see, by name; the chosen account also when archived.
    static func accounts(
        _ field: String = "account_id", chosen: String, input: PickerInput, services: Services, viewer: Viewer
    ) async throws -> RecordPicker {
        try await load(
            field, chosen: [Account.ID(string: chosen)?.description ?? ""], input: input,
            list: { query, page in
                let found = try await services.accounts.list(
                    viewer: viewer, filter: AccountFilter(query: query), page: page)
                return Page(
                    items: found.items.map { Option(id: $0.id.description, label: $0.fields.name) },
                    nextCursor: found.nextCursor)
            },
            find: { ids in
                let names = try await services.accounts.names(
                    of: ids.compactMap(Account.ID.init(string:)), viewer: viewer)
                return names.map { Option(id: $0.key.description, label: $0.value) }
            })
    }

    /// Active contacts the viewer may see, by name: of one account (with their position), or of every account with
    /// the account's name beside each (`accountID` nil). A chosen contact of another account than `accountID` is
    /// not offered.
    static func contacts(
        _ field: String, chosen: [String], accountID: Account.ID?, input: PickerInput, listsWhenChosen: Bool = false,
        services: Services, viewer: Viewer
    ) async throws -> RecordPicker {
        func options(_ contacts: [Contact]) async throws -> [Option] {
            guard accountID == nil else {
                return contacts.map { contact in
                    Option(
                        id: contact.id.description,
                        label: contact.fields.position.map { "\(contact.fields.name) · \($0)" } ?? contact.fields.name)
                }
            }
            let names = try await services.accounts.names(of: contacts.map(\.fields.accountID), viewer: viewer)
            return contacts.map {
                Option(id: $0.id.description, label: "\($0.fields.name) — \(names[$0.fields.accountID] ?? "")")
            }
        }
        return try await load(
            field, chosen: chosen.map { Contact.ID(string: $0)?.description ?? "" }, input: input,
            listsWhenChosen: listsWhenChosen,
            list: { query, page in
                let found = try await services.contacts.list(
                    viewer: viewer, filter: ContactFilter(accountID: accountID, query: query), page: page)
                return Page(items: try await options(found.items), nextCursor: found.nextCursor)
            },
            find: { ids in
                var contacts: [Contact] = []
                for id in ids.compactMap(Contact.ID.init(string:)) {
                    do {
                        let contact = try await services.contacts.contact(id, viewer: viewer)
                        if accountID == nil || contact.fields.accountID == accountID { contacts.append(contact) }
                    } catch RecordError.notFound {
                        // A contact the viewer may not see (or that is gone) is simply not offered.
                    }
                }
                return try await options(contacts)
            })
    }

    /// Active products of the catalogue by code and name, with their price; the chosen one also when inactive.
    static func products(
        _ field: String = "product_id", chosen: String, input: PickerInput, services: Services, viewer: Viewer,
        language: LanguageCode
    ) async throws -> RecordPicker {
        let money = MoneyFormatter(language: language)
        func option(_ product: Product) -> Option {
            Option(
                id: product.id.description,
                label: "\(product.fields.code) — \(product.fields.name) (\(money.format(product.fields.unitPrice)))")
        }
        return try await load(
            field, chosen: [Product.ID(string: chosen)?.description ?? ""], input: input,
            list: { query, page in
                let found = try await services.products.list(
                    viewer: viewer, filter: ProductFilter(isActive: true, query: query), page: page)
                return Page(items: found.items.map(option), nextCursor: found.nextCursor)
            },
            find: { ids in
                var products: [Option] = []
                for id in ids.compactMap(Product.ID.init(string:)) {
                    do {
                        products.append(option(try await services.products.product(id, viewer: viewer)))
                    } catch RecordError.notFound {
                        // A product of another company (or none) is simply not offered.
                    }
                }
                return products
            })
    }
}
