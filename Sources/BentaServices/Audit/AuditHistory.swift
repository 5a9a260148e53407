import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The record types whose audit history can be read (issue 15), by the entity type their audit rows are filed under.
public enum AuditRecordType: String, Sendable, CaseIterable {
    case account, contact, lead, deal, quote, contract, invoice, payment, product, task, meeting, pipeline
    case commissionStatement = "commission_statement"
    case user
}

/// One entry of a record's history as people read it: when, who, what, the changed fields, and the request.
public struct AuditHistoryEntry: Sendable, Hashable {
    public var id: AuditEvent.ID
    public var occurredAt: Date
    public var actorID: User.ID?
    /// The actor's name; nil for a job's or a command's row.
    public var actorName: String?
    public var action: String
    /// Each changed field (a path such as `name` or `lines.0.quantity`) from → to, sorted by field.
    public var changes: [(field: String, change: AuditChanges.Change)]
    public var requestID: String?
    public var origin: String?

    public static func == (lhs: AuditHistoryEntry, rhs: AuditHistoryEntry) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    init(_ row: AuditEntryRow) {
        id = row.event.id
        occurredAt = row.event.occurredAt
        actorID = row.event.actorID
        actorName = row.actorName
        action = row.event.action
        changes = Self.changes(in: row.event.details).sorted { $0.field < $1.field }
        requestID = row.event.requestID
        origin = row.event.origin
    }

    /// The `changes` of an audit row's details; none for rows written before they were recorded.
    public static func changes(in details: String) -> [(field: String, change: AuditChanges.Change)] {
        struct Details: Decodable { var changes: [String: AuditChanges.Change]? }
        let decoded = try? JSONDecoder().decode(Details.self, from: Data(details.utf8))
        return (decoded?.changes ?? [:]).map { ($0.key, $0.value) }
    }
}

/// Reads audit history per record, and the auditors' export.
public struct AuditHistoryService: Sendable {
    let services: Services

    /// One page of the record's history, newest first. `notFound` when the viewer may not see the record (the same
    /// rule as the record's own read) or the id is not one.
    public func history(
        of type: AuditRecordType, id: String, viewer: Viewer, page: PageRequest
    ) async throws -> Page<AuditHistoryEntry> {
        try await requireVisible(type, id: id, viewer: viewer)
        let found = try await services.database.read { db in
            try await AuditStore(db).historyPage(
                companyID: viewer.companyID, entityType: type.rawValue, entityID: id.lowercased(), page: page)
        }
        return Page(items: found.items.map(AuditHistoryEntry.init), nextCursor: found.nextCursor)
    }

    /// Throws `notFound` unless the viewer may read the record, through the record's own read.
    func requireVisible(_ type: AuditRecordType, id: String, viewer: Viewer) async throws {
        let notFound = RecordError.notFound(entity: type.rawValue)
        guard let uuid = UUID(uuidString: id) else { throw notFound }
        switch type {
        case .account: _ = try await services.accounts.account(.init(uuid), viewer: viewer)
        case .contact: _ = try await services.contacts.contact(.init(uuid), viewer: viewer)
        case .lead: _ = try await services.leads.lead(.init(uuid), viewer: viewer)
        case .deal: _ = try await services.deals.deal(.init(uuid), viewer: viewer)
        case .quote: _ = try await services.quotes.quote(.init(uuid), viewer: viewer)
        case .contract: _ = try await services.contracts.contract(.init(uuid), viewer: viewer)
        case .invoice: _ = try await services.invoices.invoice(.init(uuid), viewer: viewer)
        case .payment: _ = try await services.payments.payment(.init(uuid), viewer: viewer)
        case .product: _ = try await services.products.product(.init(uuid), viewer: viewer)
        case .task: _ = try await services.tasks.task(.init(uuid), viewer: viewer)
        case .meeting: _ = try await services.meetings.meeting(.init(uuid), viewer: viewer)
        case .pipeline: _ = try await services.deals.pipeline(.init(uuid), viewer: viewer)
        case .commissionStatement: _ = try await services.commission.statement(.init(uuid), viewer: viewer)
        case .user:
            // Users are the administrators' to read; anyone may read their own.
            guard viewer.role.isAdministrator || viewer.userID.uuid == uuid,
                let user = try await services.users.user(.init(uuid)), user.companyID == viewer.companyID
            else { throw notFound }
        }
    }

    /// Who may export the whole audit log: administrators, accountants and heads.
    public static func mayExport(_ viewer: Viewer) -> Bool {
        viewer.role.isAdministrator || viewer.role == .accountant || viewer.role == .head
    }

    /// An export about to be streamed: the days it covers and its CSV, one chunk of text per batch of rows.
    public struct Export: Sendable {
        public var from: CalendarDate
        public var through: CalendarDate
        public var chunks: AsyncThrowingStream<String, any Error>
    }

    /// The longest range one export covers.
    public static let maximumDays = 366

    /// The auditors' CSV of the company's rows from `from` through `through` (days in the company's time zone;
    /// `through` defaults to today, `from` to 30 days before it), oldest first, streamed in batches (never the whole
    /// log in memory). Each row carries its chain link, so an auditor can recompute the chain; formula cells are
    /// neutralised (`CSVWriter`). Administrators, accountants and heads only.
    public func export(
        from: CalendarDate?, through: CalendarDate?, viewer: Viewer, batch: Int = 500
    ) async throws -> Export {
        guard Self.mayExport(viewer) else {
            throw RecordError.forbidden(detail: "Only administrators, accountants and heads may export the audit log.")
        }
        let settings = try await services.companies.company(viewer.companyID).settings
        let through = through ?? settings.today(at: services.clock.now())
        let from = from ?? through.adding(days: -30)
        var errors = ValidationErrors()
        if from > through {
            errors.add(field: "from", code: "after_to", message: "The first day must not be after the last.")
        } else if from.days(until: through) >= Self.maximumDays {
            errors.add(field: "to", code: "range_too_long", message: "Export at most \(Self.maximumDays) days at once.")
        }
        try errors.throwIfAny()
        guard let start = from.startInstant(in: settings.timeZone),
            let end = through.adding(days: 1).startInstant(in: settings.timeZone)
        else { throw RecordError.conflict(code: "invalid_range", detail: "The days cannot be read.") }
        return Export(
            from: from, through: through,
            chunks: chunks(from: start, to: end, companyID: viewer.companyID, batch: batch))
    }

    private func chunks(
        from start: Date, to end: Date, companyID: Company.ID, batch: Int
    ) -> AsyncThrowingStream<String, any Error> {
        let database = services.database
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    continuation.yield(CSVWriter.byteOrderMark + CSVWriter.row(Self.exportHeader))
                    var after: (at: Int64, id: String)?
                    while !Task.isCancelled {
                        let position = after
                        let rows = try await database.read { db in
                            try await AuditStore(db).exportBatch(
                                companyID: companyID, from: start, to: end, after: position, limit: batch)
                        }
                        guard let last = rows.last?.event else { break }
                        continuation.yield(rows.map { CSVWriter.row(Self.exportFields($0)) }.joined())
                        if rows.count < batch { break }
                        after = (last.occurredAt.millisecondsSince1970, last.id.description)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static let exportHeader = [
        "occurred_at", "occurred_at_ms", "event_id", "actor_id", "actor_name", "action", "entity_type", "entity_id",
        "request_id",
        "origin", "details", "chain_seq", "chain_hash",
    ]

    static func exportFields(_ row: AuditEntryRow) -> [String] {
        let event = row.event
        return [
            event.occurredAt.formatted(.iso8601), String(event.occurredAt.millisecondsSince1970), event.id.description,
            event.actorID?.description ?? "",
            row.actorName ?? "", event.action, event.entityType, event.entityID, event.requestID ?? "",
            event.origin ?? "", event.details, row.link.map { String($0.seq) } ?? "", row.link?.hash ?? "",
        ]
    }
}

extension Services {
    /// Audit history per record and the auditors' export.
    public var auditHistory: AuditHistoryService { AuditHistoryService(services: self) }
}
