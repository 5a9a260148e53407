import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/accounts/{id}/duplicates`, `/merge`, and the same for contacts.
struct DuplicatesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.accountDuplicates, use: accountDuplicates)
        group.post(Paths.API.mergeAccount, use: mergeAccount)
        group.get(Paths.API.contactDuplicates, use: contactDuplicates)
        group.post(Paths.API.mergeContact, use: mergeContact)
    }

    @Sendable func accountDuplicates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let account = try await services.accounts.account(
            try PathID.parse(context, entity: "account"), viewer: context.viewer)
        let matches = try await services.duplicates.accounts(
            like: account.fields, excluding: account.id, viewer: context.viewer)
        return Self.list(matches) { ($0.id.description, $0.fields.name) }
    }

    @Sendable func contactDuplicates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contact = try await services.contacts.contact(
            try PathID.parse(context, entity: "contact"), viewer: context.viewer)
        let matches = try await services.duplicates.contacts(
            like: contact.fields, excluding: contact.id, viewer: context.viewer)
        return Self.list(matches) { ($0.id.description, $0.fields.name) }
    }

    @Sendable func mergeAccount(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await JSONBody.decode(MergeRequest.self, from: request, allowedKeys: MergeRequest.allowedKeys)
        let from: Account.ID = try Self.mergedID(body)
        let merged = try await services.duplicates.mergeAccounts(from, into: id, viewer: context.viewer)
        let owner = try await services.users.user(merged.fields.ownerID)
        return JSONResponse.make(AccountResponse(merged, ownerName: owner?.name))
    }

    @Sendable func mergeContact(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contact.ID = try PathID.parse(context, entity: "contact")
        let body = try await JSONBody.decode(MergeRequest.self, from: request, allowedKeys: MergeRequest.allowedKeys)
        let from: Contact.ID = try Self.mergedID(body)
        let merged = try await services.duplicates.mergeContacts(from, into: id, viewer: context.viewer)
        let names = try await services.accounts.names(of: [merged.fields.accountID], viewer: context.viewer)
        return JSONResponse.make(ContactResponse(merged, accountName: names[merged.fields.accountID]))
    }

    /// The likely duplicates of an account or a contact, each with its id, name and reasons.
    private static func list<Record>(
        _ matches: [DuplicateMatch<Record>], named: (Record) -> (id: String, name: String)
    ) -> Response {
        JSONResponse.make(
            ListResponse(
                data: matches.map {
                    let (id, name) = named($0.record)
                    return DuplicateResponse(id: id, name: name, reasons: $0.reasons.map(\.rawValue))
                }, nextCursor: nil))
    }

    /// The record a merge folds into the path's one.
    private static func mergedID<Tag>(_ body: MergeRequest) throws -> Identifier<Tag> {
        try BodyID.parse(body.from, field: "from", message: "Give the id of the record to merge into this one.")
    }
}

struct MergeRequest: Decodable {
    static let allowedKeys: Set<String> = ["from"]
    var from: String
}

struct DuplicateResponse: Encodable {
    let id: String
    let name: String
    let reasons: [String]
}
