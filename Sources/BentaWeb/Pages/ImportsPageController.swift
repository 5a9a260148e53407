import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// CSV and vCard imports: upload, dry run with every rejected row, then the import with its progress page;
/// and the vCard export of contacts.
struct ImportsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/imports", use: index)
        group.post("/imports/preview", use: preview)
        group.post("/imports/run", use: run)
        group.get("/imports/:id", use: job)
        group.post("/contacts/import-vcard", use: importVCard)
        group.get("/contacts/export.vcf", use: exportVCard)
    }

    /// The import page; `account_id` preselects the vCard import's account, and the account picker's own GET
    /// form comes back here with `pick_q_account_id` (and `pick` for more matches).
    @Sendable func index(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await indexPage(
            context: context, errors: nil, account: request.query("account_id") ?? "",
            picking: PickerInput(query: request))
    }

    @Sendable func preview(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard let file = context.multipart?.file("file"), !file.data.isEmpty else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "required", message: "Choose a CSV file.")
            return try await indexPage(context: context, errors: errors)
        }
        guard let entity = ImportEntity(rawValue: form["entity"]) else {
            throw RequestError.invalidParameter(name: "entity", message: "must be accounts, contacts or leads.")
        }
        let uploadID = try await services.imports.stage(
            Data(file.data), filename: file.filename ?? "import.csv",
            viewer: context.viewer)
        return try await previewPage(
            uploadID: uploadID, request: Self.request(entity: entity, form: form), context: context)
    }

    @Sendable func run(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard let entity = ImportEntity(rawValue: form["entity"]) else {
            throw RequestError.invalidParameter(name: "entity", message: "must be accounts, contacts or leads.")
        }
        let importRequest = Self.request(entity: entity, form: form)
        if form["action"] == "preview" {
            return try await previewPage(uploadID: form["upload_id"], request: importRequest, context: context)
        }
        let upload = try await services.imports.staged(form["upload_id"], viewer: context.viewer)
        let started = try await services.imports.start(
            upload.data, filename: upload.filename, request: importRequest, viewer: context.viewer)
        // The import runs in this server's background; its progress is in the database for any server to show.
        Task.detached { _ = await started.work() }
        return .redirect(to: "/imports/\(started.job.id)", type: .normal)
    }

    @Sendable func job(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let job = try await services.imports.job(try PathID.parse(context, entity: "import"), viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let rejected = (try? JSONDecoder().decode([[String: String]].self, from: Data(job.report.utf8))) ?? []
        // Whether the job still moves (and the page refreshes) is the core's call (`ImportJob.isFinished`).
        var values: [String: Any] = [
            "filename": job.filename, "entity": strings["import_entity_\(job.entity)"] ?? job.entity,
            "status": job.status.rawValue,
            "status_label": strings["import_status_\(job.status.rawValue)"] ?? job.status.rawValue,
            "is_running": !job.isFinished, "total": job.totalRows, "processed": job.processedRows,
            "created": job.createdRows, "rejected_count": job.rejectedRows, "percent": job.percentDone,
            "rejected": rejected, "has_rejected": !rejected.isEmpty, "nav_imports": true,
        ]
        if !job.isFinished { values["refresh"] = "2" }
        return renderer.render(
            "import_job", title: strings["import_title"] ?? "Import", values: values, identity: context.identity,
            language: context.user.language)
    }

    @Sendable func importVCard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard let file = context.multipart?.file("file"), !file.data.isEmpty else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "required", message: "Choose a vCard (.vcf) file.")
            return try await indexPage(
                context: context, errors: errors, account: (context.form ?? FormData())["account_id"])
        }
        let account = Account.ID(string: (context.form ?? FormData())["account_id"])
        do {
            let result = try await services.vcards.importContacts(
                Data(file.data), into: account, viewer: context.viewer)
            let strings = renderer.translations.table(context.user.language)
            return renderer.render(
                "import_vcard_result", title: strings["import_title"] ?? "Import",
                values: [
                    "created": result.created.count, "created_accounts": result.createdAccounts,
                    "rejected": result.rejected.map { ["row": String($0.card), "name": $0.name, "reason": $0.reason] },
                    "has_rejected": !result.rejected.isEmpty,
                    "back_url": account.map(Paths.account) ?? Paths.contacts, "nav_imports": true,
                ],
                identity: context.identity, language: context.user.language)
        } catch let errors as ValidationErrors {
            return try await indexPage(context: context, errors: errors, account: account?.description ?? "")
        }
    }

    @Sendable func exportVCard(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let text = try await services.vcards.export(
            viewer: context.viewer, filter: try ListQuery.contactFilter(request))
        var headers = HTTPFields()
        headers[.contentType] = "text/vcard; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"contacts.vcf\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: text)))
    }

    static func request(entity: ImportEntity, form: FormData) -> ImportRequest {
        var columns: [ImportField: String] = [:]
        for field in ImportField.allCases where form.has("map_\(field.rawValue)") {
            columns[field] = form["map_\(field.rawValue)"]
        }
        return ImportRequest(entity: entity, preset: ImportPreset(rawValue: form["preset"]), columns: columns)
    }

    private func indexPage(
        context: AuthenticatedContext, errors: ValidationErrors?, account: String = "", picking: PickerInput = .none
    ) async throws -> Response {
        let strings = renderer.translations.table(context.user.language)
        let jobs = try await services.imports.recentJobs(viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let accounts = try await RecordPicker.accounts(
            chosen: account, input: picking, services: services, viewer: context.viewer)
        return renderer.render(
            "imports", title: strings["import_title"] ?? "Import",
            values: [
                "entities": ImportEntity.allCases.map {
                    ["value": $0.rawValue, "label": strings["import_entity_\($0.rawValue)"] ?? $0.rawValue]
                },
                "presets": ImportPreset.allCases.map { ["value": $0.rawValue, "label": $0.label] },
                // The upload cannot come back with a search, so the picker searches through its own GET form.
                "account_picker": accounts.values(
                    label: strings["field_account"] ?? "Account",
                    noneLabel: strings["import_vcard_by_organization"] ?? "", searchForm: "vcard-account-search",
                    strings: strings),
                "jobs": jobs.map { job -> [String: Any] in
                    [
                        "url": "/imports/\(job.id)", "filename": job.filename,
                        "entity": strings["import_entity_\(job.entity)"] ?? job.entity,
                        "status_label": strings["import_status_\(job.status.rawValue)"] ?? job.status.rawValue,
                        "created": job.createdRows, "rejected": job.rejectedRows,
                        "when": directory.dateTime(job.createdAt),
                    ]
                },
                "has_jobs": !jobs.isEmpty,
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_imports": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    private func previewPage(
        uploadID: String, request importRequest: ImportRequest, context: AuthenticatedContext
    )
        async throws -> Response
    {
        let upload = try await services.imports.staged(uploadID, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let preview: ImportPreview
        do {
            preview = try await services.imports.preview(upload.data, request: importRequest, viewer: context.viewer)
        } catch let errors as ValidationErrors {
            return try await indexPage(context: context, errors: errors)
        }
        let rows: [[String: Any]] = preview.rows.map { row in
            var outcome = "create"
            var reason = ""
            switch row.outcome {
            case .create: break
            case .duplicate(let why):
                outcome = "duplicate"
                reason = why
            case .rejected(let messages):
                outcome = "rejected"
                reason = messages.joined(separator: "; ")
            }
            return [
                "row": row.rowNumber, "name": row.name, "outcome": outcome,
                "outcome_label": strings["import_outcome_\(outcome)"] ?? outcome, "reason": reason,
            ]
        }
        let mappingRows: [[String: Any]] = importRequest.entity.fields.map { field in
            let selected = preview.mapping.columns[field] ?? ""
            return [
                "field": field.rawValue, "label": field.label,
                "options": [["value": "", "label": "—", "selected": selected.isEmpty]]
                    + preview.header.map { ["value": $0, "label": $0, "selected": $0 == selected] },
            ]
        }
        return renderer.render(
            "import_preview", title: strings["import_preview_title"] ?? "Check the import",
            values: [
                "upload_id": uploadID, "filename": upload.filename, "entity": importRequest.entity.rawValue,
                "entity_label": strings["import_entity_\(importRequest.entity.rawValue)"]
                    ?? importRequest.entity.rawValue,
                "preset": preview.preset.rawValue, "preset_label": preview.preset.label, "encoding": preview.encoding,
                "total": preview.totalRows, "creates": preview.creates, "duplicates": preview.duplicates,
                "rejected_count": preview.rejected, "rows": rows, "has_rows": !rows.isEmpty,
                "mapping": mappingRows, "problems": preview.problems, "has_problems": !preview.problems.isEmpty,
                "warnings": preview.warnings, "has_warnings": !preview.warnings.isEmpty,
                "can_run": preview.problems.isEmpty && preview.creates > 0, "nav_imports": true,
            ],
            identity: context.identity, language: context.user.language)
    }
}
