import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/bank-csv-profiles`: a company's own bank CSV profiles (issue 12), for the statement import's `profile`
/// beside the ready ones. The body of a create is the profile's JSON (`BankCSVProfile`'s snake_case members, without
/// `id`); an update is a merge patch of those members with the version (body `version` or `If-Match`); DELETE
/// archives. Who may: the record-payments duty (`PaymentService.requireStatementWriter`).
struct BankCSVProfilesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.bankCSVProfiles, use: list)
        group.post(Paths.API.bankCSVProfiles, use: create)
        group.get(Paths.API.bankCSVProfile, use: show)
        group.patch(Paths.API.bankCSVProfile, use: update)
        group.delete(Paths.API.bankCSVProfile, use: archive)
    }

    /// The members a request may name: the profile's own.
    static let profileKeys: Set<String> = [
        "name", "delimiter", "date_column", "value_date_column", "description_column", "payee_column",
        "reference_column", "memo_columns", "amount", "balance_column", "date_formats", "number_format", "currency",
        "account",
    ]

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.payments.bankCSVProfiles(
            viewer: context.viewer, includeArchived: true, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(BankCSVProfileResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.payments.bankCSVProfile(
            try PathID.parse(context, entity: "bank_csv_profile"), viewer: context.viewer)
        return JSONResponse.record(BankCSVProfileResponse(saved), version: saved.record.version)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var object = try await Self.body(request, allowedKeys: Self.profileKeys).object
        // The record's id replaces it; the profile's reader wants one.
        object["id"] = "new"
        let profile = try PaymentService.decodeBankCSVProfile(try JSONSerialization.data(withJSONObject: object))
        let saved = try await services.payments.createBankCSVProfile(profile, viewer: context.viewer)
        return JSONResponse.record(
            BankCSVProfileResponse(saved), version: saved.record.version, status: .created,
            location: Paths.API.bankCSVProfile(saved.record.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: SavedBankCSVProfile.ID = try PathID.parse(context, entity: "bank_csv_profile")
        let (data, object) = try await Self.body(request, allowedKeys: Self.profileKeys.union(["version"]))
        struct VersionBody: Decodable { let version: Int64? }
        let bodyVersion = try JSONBody.decode(VersionBody.self, data: data, allowedKeys: Set(object.keys)).version
        var patchObject = object
        patchObject.removeValue(forKey: "version")
        let version = try VersionPrecondition.required(body: bodyVersion, request: request)
        let patch = try JSONSerialization.data(withJSONObject: patchObject)
        let saved = try await services.payments.updateBankCSVProfile(
            id, viewer: context.viewer, expectedVersion: version
        ) { profile in
            try PaymentService.mergeBankCSVProfile(profile, patch: patch)
        }
        return JSONResponse.record(BankCSVProfileResponse(saved), version: saved.record.version)
    }

    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.payments.archiveBankCSVProfile(
            try PathID.parse(context, entity: "bank_csv_profile"), viewer: context.viewer,
            expectedVersion: try request.ifMatchVersion())
        return JSONResponse.record(BankCSVProfileResponse(saved), version: saved.record.version)
    }

    /// The JSON object of the body, refusing a wrong content type, broken JSON or an unknown member (400).
    static func body(_ request: Request, allowedKeys: Set<String>) async throws -> (data: Data, object: [String: Any]) {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json") else {
            throw RequestError.unsupportedMediaType(expected: "application/json")
        }
        let data = try await JSONBody.bytes(request)
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw RequestError.malformedJSON("it does not parse.")
        }
        guard let object = parsed as? [String: Any] else {
            throw RequestError.malformedJSON("the body must be a JSON object.")
        }
        if let first = Set(object.keys).subtracting(allowedKeys).sorted().first {
            throw RequestError.malformedJSON("unknown field '\(first.prefix(60))'.")
        }
        return (data, object)
    }
}

/// A saved bank CSV profile as the API returns it: the record's facts and the profile's JSON.
struct BankCSVProfileResponse: Encodable {
    let id: String
    let name: String
    let archived: Bool
    let version: Int64
    let createdAt: String
    let updatedAt: String
    let profile: BankCSVProfile

    init(_ saved: PaymentService.BankCSVProfileRecord) {
        id = saved.record.id.description
        name = saved.record.name
        archived = saved.record.isArchived
        version = saved.record.version
        createdAt = ISO8601.string(saved.record.createdAt)
        updatedAt = ISO8601.string(saved.record.updatedAt)
        profile = saved.profile
    }
}
