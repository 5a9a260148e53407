import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// CSV and vCard imports: upload, dry run with every rejected row, then the import with its progress page;
/// and the vCard export of contacts.
struct ImportsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.imports, use: index)
        group.post(Paths.previewImport, use: preview)
        group.post(Paths.runImport, use: run)
        group.get(Paths.importJob, use: job)
        group.post(Paths.importVCard, use: importVCard)
        group.get(Paths.contactsVCard, use: exportVCard)
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
        return .redirect(to: Paths.importJob(started.job.id), type: .normal)
    }

    @Sendable func job(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let job = try await services.imports.job(try PathID.parse(context, entity: "import"), viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "import_job", title: strings["import_title"] ?? "Import", model: ImportJobPage.make(job, strings: strings),
            section: .imports, identity: context.identity, language: context.user.language,
            refresh: job.isFinished ? nil : "2")
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
                model: ImportVCardResultPage.make(result, account: account), section: .imports,
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
        // The upload cannot come back with a search, so the picker searches through its own GET form.
        let picker = accounts.partial(
            label: strings["field_account"] ?? "Account", noneLabel: strings["import_vcard_by_organization"] ?? "",
            searchForm: "vcard-account-search", strings: strings)
        let model = ImportsPage.make(
            jobs: jobs, accountPicker: picker, directory: directory, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "imports", title: strings["import_title"] ?? "Import", model: model, section: .imports,
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
        let model = ImportPreviewPage.make(
            preview, uploadID: uploadID, filename: upload.filename, request: importRequest, strings: strings)
        return renderer.render(
            "import_preview", title: strings["import_preview_title"] ?? "Check the import", model: model,
            section: .imports, identity: context.identity, language: context.user.language)
    }
}
