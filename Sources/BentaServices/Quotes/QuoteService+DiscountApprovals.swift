import BentaCore
import BentaStore
import Foundation

/// The discount approval queue (issue 13): a quote line whose discount is above the company's limit, given by a
/// role without ``Duty/discountsAboveLimit``, is saved awaiting a head's or an admin's approval instead of being
/// refused; the quote cannot be sent while any line awaits or was rejected. The head or admin approves or rejects
/// with a reason (an audit row on the quote and a note on the account's timeline); the quote's author sees the
/// outcome on the quote. The API and the pages behave alike (no opt-out to the old 422: invoices, which have no
/// queue, still refuse such a line).
extension QuoteService {
    /// After `viewer` saved `lines` on `quote` (which had `previous`): asks approval for each line above the limit
    /// that is new or changed and not already approved, pending or rejected as written; a request whose line is
    /// gone or changed is superseded, and one whose line moved follows it. Returns how many requests it made.
    static func syncDiscountApprovals(
        quote: Quote, lines: [LineItem], previous: [LineItem], viewer: Viewer, now: Date, clock: AppClock,
        db: StoreConnection
    ) async throws -> Int {
        let settings = try await Duties.settings(viewer, db: db)
        let store = DiscountApprovalStore(db)
        let written = lines.map { DiscountApproval.key(of: $0.line) }
        let live = try await store.forQuote(quote.id, companyID: viewer.companyID).filter { $0.status != .superseded }
        for var request in live where request.status != .approved {
            let position = written.firstIndex(of: request.lineKey)
            guard position != request.lineIndex else { continue }
            let version = request.version
            if let position {
                request.lineIndex = position
            } else {
                request.status = .superseded
            }
            _ = try await store.update(request, expectedVersion: version)
        }
        let above = settings.linesAboveLimit(
            lines.map(\.line), previous: previous.map(\.line), currency: quote.fields.currency, role: viewer.role)
        var made = 0
        for index in above where !live.contains(where: { $0.lineKey == written[index] }) {
            let line = lines[index].line
            try await store.insert(
                DiscountApproval(
                    id: clock.newID(), companyID: viewer.companyID, quoteID: quote.id, lineIndex: index,
                    lineKey: written[index], lineDescription: line.description,
                    discount: DiscountApproval.text(of: line.discount),
                    limitPercent: settings.discountLimitPercent ?? 0,
                    requestedBy: viewer.userID, requestedAt: now))
            made += 1
        }
        return made
    }

    /// Refuses (409 `discount_approval_required`) a quote with a line awaiting approval or rejected.
    static func checkNoDiscountAwaiting(_ quote: Quote, companyID: Company.ID, db: StoreConnection) async throws {
        let blocking = try await DiscountApprovalStore(db).forQuote(quote.id, companyID: companyID).filter {
            $0.blocksSending
        }
        if !blocking.isEmpty { throw DiscountApprovalError.awaiting(count: blocking.count) }
    }

    /// The company's requests in `status` (the queue: pending), newest first; heads and admins only.
    public func discountApprovals(
        status: DiscountApproval.Status = .pending, viewer: Viewer, page: PageRequest
    ) async throws -> Page<DiscountApproval> {
        try Self.requireApprover(viewer)
        return try await database.read { db in
            try await DiscountApprovalStore(db).list(companyID: viewer.companyID, status: status, page: page)
        }
    }

    /// A quote's requests and their outcomes, newest first, for anyone who sees the quote.
    public func discountApprovals(quoteID: Quote.ID, viewer: Viewer) async throws -> [DiscountApproval] {
        try await database.read { db in
            guard try await QuoteStore(db).find(quoteID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "quote")
            }
            return try await DiscountApprovalStore(db).forQuote(quoteID, companyID: viewer.companyID)
        }
    }

    /// Approves or rejects (with a reason) a pending request at the version the head saw, in one transaction with
    /// its audit row on the quote and a note on the account's timeline. A decided or superseded request is 409
    /// `approval_decided`; a rejection without a reason is 422 (`reason`, `required`); another role is 403.
    public func decideDiscount(
        _ id: DiscountApproval.ID, approve: Bool, reason: String?, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> DiscountApproval {
        try Self.requireApprover(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = DiscountApprovalStore(db)
            guard var request = try await store.find(id, companyID: viewer.companyID, forUpdate: true),
                let quote = try await QuoteStore(db).find(request.quoteID, viewer: viewer)
            else { throw RecordError.notFound(entity: "discount_approval") }
            let version = try RecordError.checkVersion(
                expectedVersion, current: request.version, entity: "discount_approval")
            let now = clock.now()
            try request.decide(approve: approve, reason: reason, by: viewer.userID, at: now)
            guard try await store.update(request, expectedVersion: version) else {
                throw RecordError.staleVersion(entity: "discount_approval", expected: version, actual: version + 1)
            }
            request.version = version + 1
            let action = approve ? "approved" : "rejected"
            try await audit.record(
                "quote.discount_\(action)", entityType: "quote", entityID: quote.id.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "approval_id": request.id.description, "line": String(request.lineIndex + 1),
                    "description": request.lineDescription, "discount": request.discount,
                    "reason": request.reason ?? "",
                ], on: db)
            let subject =
                "Discount \(request.discount) on “\(request.lineDescription)” \(action)"
                + (quote.number.map { " (quote \($0))" } ?? "")
            try await ActivityStore(db).insert(
                Activity(
                    id: clock.newID(), companyID: viewer.companyID, kind: .note, subject: subject,
                    body: request.reason, occurredAt: now, accountID: quote.accountID, userID: viewer.userID,
                    createdAt: now))
            return request
        }
    }

    static func requireApprover(_ viewer: Viewer) throws {
        guard viewer.role == .head || viewer.role == .admin else { throw DiscountApprovalError.notApprover }
    }
}
