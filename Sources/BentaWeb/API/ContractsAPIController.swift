import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1/contracts` (lifecycle, signed copy, amendments, PDF) and `/api/v1/contract-templates`.
struct ContractsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.contracts, use: list)
        group.post(Paths.API.contracts, use: create)
        group.get(Paths.API.contract, use: show)
        group.patch(Paths.API.contract, use: update)
        group.post(Paths.API.sendContract, use: send)
        group.post(Paths.API.signContract, use: sign)
        group.post(Paths.API.activateContract, use: activate)
        group.post(Paths.API.terminateContract, use: terminate)
        group.post(Paths.API.contractSignedCopy, use: uploadSignedCopy)
        group.get(Paths.API.contractSignedCopy, use: signedCopy)
        group.get(Paths.API.contractPDF, use: pdf)
        group.get(Paths.API.contractAmendments, use: amendments)
        group.post(Paths.API.contractAmendments, use: createAmendment)
        group.post(Paths.API.sendAmendment, use: sendAmendment)
        group.post(Paths.API.signAmendment, use: signAmendment)
        group.get(Paths.API.contractTemplates, use: templates)
        group.post(Paths.API.contractTemplates, use: createTemplate)
        group.get(Paths.API.contractTemplate, use: template)
        group.patch(Paths.API.contractTemplate, use: updateTemplate)
        group.get(Paths.API.contractSettings, use: settings)
        group.patch(Paths.API.contractSettings, use: updateSettings)
    }

    /// `status`, `account_id`, `owner_id`, `q` and `ending_within_days` (1…365: signed or active contracts whose
    /// effective end date falls from today through today + N).
    static func filter(_ request: Request, today: CalendarDate) throws -> ContractFilter {
        var filter = ContractFilter(ownerID: try ListQuery.owner(request), query: try ListQuery.search(request))
        if let text = request.query("status"), text != "all" {
            guard let status = ContractStatus(rawValue: text) else {
                throw RequestError.invalidParameter(
                    name: "status", message: "must be draft, sent, signed, active, expired, terminated or all.")
            }
            filter.status = status
        }
        filter.accountID = try ListQuery.id(request, "account_id", message: "must be an account id.")
        if let text = request.query("ending_within_days") {
            guard let days = Int(text), (1...365).contains(days) else {
                throw RequestError.invalidParameter(
                    name: "ending_within_days", message: "must be a whole number of days from 1 to 365.")
            }
            filter.endingFrom = today
            filter.endingTo = today.adding(days: days)
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        let page = try await services.contracts.list(
            viewer: context.viewer, filter: try Self.filter(request, today: today), page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { ContractResponse(contract: $0, parties: $0.parties, today: today) },
                nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contract = try await services.contracts.contract(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return try await respond(contract, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await ContractInput.decode(from: request)
        let contract = try await services.contracts.create(body.draft(), viewer: context.viewer)
        return try await respond(
            contract, context: context, status: .created, location: Paths.API.contract(contract.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let body = try await ContractInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let contract = try await services.contracts.update(id, viewer: context.viewer, expectedVersion: version) {
            body.apply(to: &$0)
        }
        return try await respond(contract, context: context)
    }

    /// Numbers the draft and emails it with its PDF through the outbox (body: `to`, `subject`, `message`, each
    /// optional), or with `"email": false` only numbers it.
    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        var body = DocumentSendRequest()
        if request.headers[.contentType] != nil {
            body = try await JSONBody.decode(
                DocumentSendRequest.self, from: request, allowedKeys: DocumentSendRequest.allowedKeys)
        }
        let version = try VersionPrecondition.optional(body: body.version, request: request)
        let contract: Contract
        if let email = try body.emailDraft() {
            contract = try await services.contracts.send(
                id, email: email, outbox: services.outbox, viewer: context.viewer, expectedVersion: version)
        } else {
            contract = try await services.contracts.send(id, viewer: context.viewer, expectedVersion: version)
        }
        return try await respond(contract, context: context)
    }

    @Sendable func sign(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context) { id, _, version in
            try await respond(
                services.contracts.sign(id, viewer: context.viewer, expectedVersion: version), context: context)
        }
    }

    @Sendable func activate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context) { id, _, version in
            try await respond(
                services.contracts.activate(id, viewer: context.viewer, expectedVersion: version), context: context)
        }
    }

    @Sendable func terminate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context) { id, body, version in
            try await respond(
                services.contracts.terminate(
                    id, reason: body.reason ?? "", viewer: context.viewer, expectedVersion: version),
                context: context)
        }
    }

    /// A lifecycle action of the path's contract or one of its amendments: the optional body, the version it
    /// expects (the body's, else `If-Match`, else none), then `act` calls the service and answers.
    private func transition(
        _ request: Request, _ context: AuthenticatedContext,
        act: (Contract.ID, ContractActionRequest, Int64?) async throws -> Response
    ) async throws -> Response {
        let (id, body) = try await action(request, context: context)
        return try await act(id, body, try VersionPrecondition.optional(body: body.version, request: request))
    }

    /// The path's contract and the optional JSON body of a lifecycle action (no body is fine).
    private func action(
        _ request: Request, context: AuthenticatedContext
    ) async throws -> (Contract.ID, ContractActionRequest) {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        guard request.headers[.contentType] != nil else { return (id, ContractActionRequest()) }
        let body = try await JSONBody.decode(
            ContractActionRequest.self, from: request, allowedKeys: ContractActionRequest.allowedKeys)
        return (id, body)
    }

    /// The file as `multipart/form-data` (field `file`) or as the raw body; judged by its bytes, not its type.
    @Sendable func uploadSignedCopy(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.contract(id, viewer: context.viewer)
        let contentType = request.headers[.contentType] ?? ""
        let data: Data
        var filename = "signed-copy"
        do {
            data = try await JSONBody.bytes(request, limit: SignedCopyFormat.maximumBytes + 64 * 1024)
        } catch RequestError.bodyTooLarge {
            throw ContractError.fileTooLarge(limit: SignedCopyFormat.maximumBytes)
        }
        var bytes = data
        if let boundary = MultipartFormData.boundary(fromContentType: contentType) {
            let parts: MultipartFormData
            do {
                parts = try MultipartFormData(
                    bytes: [UInt8](data), boundary: boundary,
                    limits: .init(maximumBytes: SignedCopyFormat.maximumBytes + 64 * 1024))
            } catch {
                throw RequestError.malformedUpload(error.message)
            }
            guard let file = parts.file("file") else {
                var errors = ValidationErrors()
                errors.add(field: "file", code: "required", message: "Attach the signed copy as the field 'file'.")
                throw errors
            }
            bytes = Data(file.data)
            filename = file.filename ?? filename
        }
        let contract = try await services.contracts.uploadSignedCopy(
            id, data: bytes, filename: filename, viewer: context.viewer)
        return try await respond(contract, context: context, status: .created)
    }

    @Sendable func signedCopy(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let file = try await services.contracts.signedCopy(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return Self.download(Array(file.data), mediaType: file.mediaType, filename: file.filename)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let bytes = try await services.contracts.pdf(id, viewer: context.viewer)
        let contract = try await services.contracts.contract(id, viewer: context.viewer)
        return Self.download(
            bytes, mediaType: "application/pdf", filename: "\(contract.number ?? "contract-draft").pdf")
    }

    /// A file download: attachment, never sniffed, never cached by shared caches.
    static func download(_ bytes: [UInt8], mediaType: String, filename: String) -> Response {
        let safe = filename.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.contentDisposition] = "attachment; filename=\"\(safe.isEmpty ? "download" : safe)\""
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Amendments

    @Sendable func amendments(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let list = try await services.contracts.amendments(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: list.map(AmendmentResponse.init), nextCursor: nil))
    }

    @Sendable func createAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let body = try await JSONBody.decode(
            AmendmentRequest.self, from: request, allowedKeys: AmendmentRequest.allowedKeys)
        let amendment = try await services.contracts.createAmendment(body.draft, contractID: id, viewer: context.viewer)
        return Self.respond(amendment, status: .created)
    }

    @Sendable func sendAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context) { id, _, version in
            Self.respond(
                try await services.contracts.sendAmendment(
                    try PathID.parse(context, "amendment", entity: "amendment"), contractID: id,
                    viewer: context.viewer, expectedVersion: version))
        }
    }

    @Sendable func signAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await transition(request, context) { id, _, version in
            Self.respond(
                try await services.contracts.signAmendment(
                    try PathID.parse(context, "amendment", entity: "amendment"), contractID: id,
                    viewer: context.viewer, expectedVersion: version))
        }
    }

    private static func respond(_ amendment: ContractAmendment, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.record(AmendmentResponse(amendment: amendment), version: amendment.version, status: status)
    }

    // MARK: Templates

    @Sendable func templates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let list = try await services.contracts.templates(viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: list.map(ContractTemplateResponse.init), nextCursor: nil))
    }

    @Sendable func template(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let template = try await services.contracts.template(
            try PathID.parse(context, entity: "contract_template"), viewer: context.viewer)
        return JSONResponse.record(ContractTemplateResponse(template: template), version: template.version)
    }

    @Sendable func createTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        let body = try await JSONBody.decode(
            ContractTemplateRequest.self, from: request, allowedKeys: ContractTemplateRequest.allowedKeys)
        try VersionPrecondition.checkMinimum(body.version)
        let template = try await services.contracts.createTemplate(
            name: body.name ?? "", language: body.language ?? "", body: body.body ?? "", viewer: context.viewer)
        return JSONResponse.record(
            ContractTemplateResponse(template: template), version: template.version, status: .created,
            location: Paths.API.contractTemplate(template.id))
    }

    @Sendable func updateTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        let id: ContractTemplate.ID = try PathID.parse(context, entity: "contract_template")
        let body = try await JSONBody.decode(
            ContractTemplateRequest.self, from: request, allowedKeys: ContractTemplateRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let template = try await services.contracts.updateTemplate(
            id, name: body.name, language: body.language, body: body.body, viewer: context.viewer,
            expectedVersion: version)
        return JSONResponse.record(ContractTemplateResponse(template: template), version: template.version)
    }

    // MARK: Settings

    @Sendable func settings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.contracts.renewalNoticeSetting(viewer: context.viewer)
        return JSONResponse.record(
            ContractSettingsWire(renewalNoticeDays: saved.days, version: saved.version), version: saved.version)
    }

    /// `{"renewal_notice_days": 45, "version": 1}` (or `If-Match`): how many days before the end date the owner gets
    /// a renewal task (admins); a stale version is 412.
    @Sendable func updateSettings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        let body = try await JSONBody.decode(
            ContractSettingsWire.self, from: request, allowedKeys: ContractSettingsWire.allowedKeys)
        let expected = try VersionPrecondition.required(body: body.version, request: request)
        let version = try await services.contracts.setRenewalNoticeDays(
            body.renewalNoticeDays, viewer: context.viewer, expectedVersion: expected)
        return JSONResponse.record(
            ContractSettingsWire(renewalNoticeDays: body.renewalNoticeDays, version: version), version: version)
    }

    private func respond(
        _ contract: Contract, context: AuthenticatedContext, status: HTTPResponse.Status = .ok,
        location: String? = nil
    ) async throws -> Response {
        let parties = try await services.contracts.parties(of: contract, viewer: context.viewer)
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        return JSONResponse.record(
            ContractResponse(contract: contract, parties: parties, today: today), version: contract.version,
            status: status, location: location)
    }
}
