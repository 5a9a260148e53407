import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/imports` (CSV body; `dry_run=true` for the preview), `GET /api/v1/imports/{id}`, and the
/// vCard import/export of contacts.
struct ImportsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.API.imports, use: create)
        group.get(Paths.API.importJob, use: show)
        group.post(Paths.API.importVCard, use: importVCard)
        group.get(Paths.API.contactsVCard, use: exportVCard)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/csv") || type.hasPrefix("application/octet-stream") || type.hasPrefix("text/plain")
        else {
            throw RequestError.unsupportedMediaType(expected: "text/csv")
        }
        guard let entity = request.query("entity").flatMap(ImportEntity.init(rawValue:)) else {
            throw RequestError.invalidParameter(name: "entity", message: "must be accounts, contacts or leads.")
        }
        var preset: ImportPreset?
        if let text = request.query("preset") {
            guard let parsed = ImportPreset(rawValue: text) else {
                throw RequestError.invalidParameter(
                    name: "preset",
                    message: "must be one of \(ImportPreset.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            preset = parsed
        }
        let data = try await JSONBody.bytes(request, limit: services.imports.maximumBytes)
        let importRequest = ImportRequest(entity: entity, preset: preset)
        if try Self.flag(request.query("dry_run"), name: "dry_run") {
            let preview = try await services.imports.preview(data, request: importRequest, viewer: context.viewer)
            return JSONResponse.make(ImportPreviewResponse(preview))
        }
        let started = try await services.imports.start(
            data, filename: request.query("filename") ?? "api.csv", request: importRequest, viewer: context.viewer)
        // Small files finish before the answer; large ones continue in the background.
        if started.job.totalRows <= 2_000 {
            let finished = await started.work()
            return JSONResponse.make(ImportJobResponse(finished), status: .created)
        }
        Task.detached { _ = await started.work() }
        return JSONResponse.make(
            ImportJobResponse(started.job), status: .accepted, location: Paths.API.importJob(started.job.id))
    }

    /// A yes/no query parameter: true/1/yes, false/0/no or absent; anything else is refused.
    static func flag(_ value: String?, name: String) throws -> Bool {
        switch value?.lowercased() {
        case nil, "false", "0", "no": return false
        case "true", "1", "yes": return true
        default: throw RequestError.invalidParameter(name: name, message: "must be true or false.")
        }
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let job = try await services.imports.job(try PathID.parse(context, entity: "import"), viewer: context.viewer)
        return JSONResponse.make(ImportJobResponse(job))
    }

    @Sendable func importVCard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/vcard") || type.hasPrefix("text/x-vcard") || type.hasPrefix("text/directory") else {
            throw RequestError.unsupportedMediaType(expected: "text/vcard")
        }
        let account: Account.ID? = try ListQuery.id(request, "account_id", message: "must be an account id.")
        let data = try await JSONBody.bytes(request, limit: 10 * 1024 * 1024)
        let result = try await services.vcards.importContacts(data, into: account, viewer: context.viewer)
        let names = try await services.accounts.names(
            of: result.created.map(\.fields.accountID), viewer: context.viewer)
        return JSONResponse.make(
            VCardImportResponse(
                created: result.created.map { ContactResponse($0, accountName: names[$0.fields.accountID]) },
                createdAccounts: result.createdAccounts,
                rejected: result.rejected.map {
                    VCardImportResponse.Rejection(card: $0.card, name: $0.name, reason: $0.reason)
                }),
            status: .created)
    }

    @Sendable func exportVCard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let version: VCardVersion
        switch request.query("version") {
        case nil, "3.0": version = .v3
        case "4.0": version = .v4
        default: throw RequestError.invalidParameter(name: "version", message: "must be 3.0 or 4.0.")
        }
        let text = try await services.vcards.export(
            viewer: context.viewer, filter: try ListQuery.contactFilter(request), version: version)
        var headers = HTTPFields()
        headers[.contentType] = "text/vcard; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"contacts.vcf\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: text)))
    }
}

/// An import job on the wire, with the steps the core allows it (`allowed_actions`: all the import's own run; no
/// person changes a job).
struct ImportJobResponse: Encodable {
    let id: String
    let entity: String
    let filename: String
    let status: String
    let totalRows: Int
    let processedRows: Int
    let createdRows: Int
    let rejectedRows: Int
    let rejected: [[String: String]]
    let allowedActions: [String]

    init(_ job: ImportJob) {
        id = job.id.description
        entity = job.entity
        filename = job.filename
        status = job.status.rawValue
        totalRows = job.totalRows
        processedRows = job.processedRows
        createdRows = job.createdRows
        rejectedRows = job.rejectedRows
        rejected = (try? JSONDecoder().decode([[String: String]].self, from: Data(job.report.utf8))) ?? []
        allowedActions = job.allowedActions.map(\.rawValue).sorted()
    }
}

struct ImportPreviewResponse: Encodable {
    struct Row: Encodable {
        let row: Int
        let name: String
        let outcome: String
        let reasons: [String]
    }

    let preset: String
    let encoding: String
    let header: [String]
    let mapping: [String: String]
    let problems: [String]
    let warnings: [String]
    let totalRows: Int
    let creates: Int
    let duplicates: Int
    let rejected: Int
    let rows: [Row]

    /// Field names in the API's snake_case: `registeredName` → `registered_name`, `externalID` → `external_id`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previousWasUpper = false
        for character in name {
            if character.isUppercase {
                if !result.isEmpty && !previousWasUpper { result += "_" }
                result += character.lowercased()
                previousWasUpper = true
            } else {
                result.append(character)
                previousWasUpper = false
            }
        }
        return result
    }

    init(_ preview: ImportPreview) {
        preset = preview.preset.rawValue
        encoding = preview.encoding
        header = preview.header
        mapping = Dictionary(
            uniqueKeysWithValues: preview.mapping.columns.map { (Self.snakeCase($0.key.rawValue), $0.value) })
        problems = preview.problems
        warnings = preview.warnings
        totalRows = preview.totalRows
        creates = preview.creates
        duplicates = preview.duplicates
        rejected = preview.rejected
        rows = preview.rows.map { row in
            switch row.outcome {
            case .create: Row(row: row.rowNumber, name: row.name, outcome: "create", reasons: [])
            case .duplicate(let why): Row(row: row.rowNumber, name: row.name, outcome: "duplicate", reasons: [why])
            case .rejected(let messages):
                Row(row: row.rowNumber, name: row.name, outcome: "rejected", reasons: messages)
            }
        }
    }
}

struct VCardImportResponse: Encodable {
    struct Rejection: Encodable {
        let card: Int
        let name: String
        let reason: String
    }

    let created: [ContactResponse]
    let createdAccounts: Int
    let rejected: [Rejection]
}
