import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The audit trail for people (issue 15): a record's history (`/api/v1/history/{type}/{id}` and the page
/// `/history/{type}/{id}`), visible exactly when the record is, and the auditors' CSV of a date range
/// (`/api/v1/audit/export`, and the page `/audit` with its download `/audit/export`), streamed in batches.
struct AuditController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(api: RouterGroup<AuthenticatedContext>, pages: RouterGroup<AuthenticatedContext>) {
        api.get(Paths.API.recordHistory, use: historyJSON)
        api.get(Paths.API.auditExport, use: export)
        pages.get(Paths.recordHistory, use: historyPage)
        pages.get(Paths.auditExportPage, use: exportPage)
        pages.get(Paths.auditExportCSV, use: export)
    }

    /// The record type and id of a history route; an unknown type is a record that is not there (404).
    static func record(_ context: AuthenticatedContext) throws -> (AuditRecordType, String) {
        guard let text = context.parameters.get("type"), let type = AuditRecordType(rawValue: text) else {
            throw RecordError.notFound(entity: "record")
        }
        return (type, context.parameters.get("id") ?? "")
    }

    /// `limit` as every list; `cursor` a history position (newest first by time), else 422 `invalid_cursor`.
    static func page(_ request: Request) throws -> PageRequest {
        try ListQuery.timelinePage(request)
    }

    @Sendable func historyJSON(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (type, id) = try Self.record(context)
        let page = try await services.auditHistory.history(
            of: type, id: id, viewer: context.viewer, page: try Self.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(HistoryEntryResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func historyPage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (type, id) = try Self.record(context)
        let page = try await services.auditHistory.history(
            of: type, id: id, viewer: context.viewer, page: try Self.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let model = RecordHistoryPage.make(
            type: type, id: id, page: page, directory: directory, strings: strings)
        return renderer.render(
            "record_history", title: strings["history_title"] ?? "History", model: model, section: nil,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func exportPage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard AuditHistoryService.mayExport(context.viewer) else {
            throw RecordError.forbidden(detail: "Only administrators, accountants and heads may export the audit log.")
        }
        let company = try await services.companies.company(context.viewer.companyID)
        let today = company.settings.today(at: services.clock.now())
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "audit_export", title: strings["audit_export_title"] ?? "Audit log export",
            model: AuditExportPage(
                action: Paths.auditExportCSV(), from: today.adding(days: -30).description, to: today.description),
            section: .reports, identity: context.identity, language: context.user.language)
    }

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included, in the company's time zone; to defaults to today,
    /// from to 30 days before it; at most 366 days).
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var errors = ValidationErrors()
        let from = StatementQuery.date(request.query("from"), field: "from", into: &errors)
        let to = StatementQuery.date(request.query("to"), field: "to", into: &errors)
        try errors.throwIfAny()
        let stream = try await services.auditHistory.export(from: from, through: to, viewer: context.viewer)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"audit-\(stream.from)-\(stream.through).csv\""
        headers[.cacheControl] = "no-store"
        let chunks = stream.chunks
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for try await chunk in chunks { try await writer.write(ByteBuffer(string: chunk)) }
                try await writer.finish(nil)
            })
    }
}

/// One entry of `GET /api/v1/history/{type}/{id}`.
struct HistoryEntryResponse: Encodable {
    struct FieldChange: Encodable {
        let field: String
        let from: String?
        let to: String?
    }

    let id: String
    let occurredAt: Date
    let actorId: String?
    let actorName: String?
    let action: String
    let changes: [FieldChange]
    let requestId: String?
    let origin: String?

    init(_ entry: AuditHistoryEntry) {
        id = entry.id.description
        occurredAt = entry.occurredAt
        actorId = entry.actorID?.description
        actorName = entry.actorName
        action = entry.action
        changes = entry.changes.map { FieldChange(field: $0.field, from: $0.change.from, to: $0.change.to) }
        requestId = entry.requestID
        origin = entry.origin
    }
}
