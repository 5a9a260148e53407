import BentaCore
import BentaStore
import Foundation

/// Leads: creation with routing, changes, status moves, disqualification and conversion.
public struct LeadService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: LeadFilter, page: PageRequest) async throws -> Page<Lead> {
        try await database.read { db in try await LeadStore(db).list(viewer: viewer, filter: filter, page: page) }
    }

    public func lead(_ id: Lead.ID, viewer: Viewer) async throws -> Lead {
        guard let lead = try await database.read({ db in try await LeadStore(db).find(id, viewer: viewer) }) else {
            throw RecordError.notFound(entity: "lead")
        }
        return lead
    }

    /// Creates a lead. Without an owner in the draft, the routing rules choose one. A manager's own new lead is
    /// theirs unless they name no owner and the lead arrives from outside (`byRouting`).
    public func create(
        _ draft: LeadDraft, viewer: Viewer?, companyID: Company.ID, byRouting: Bool = false
    )
        async throws -> (lead: Lead, routing: LeadRouting.Reason?)
    {
        try await database.transaction { db in
            try await Self.create(
                draft, viewer: viewer, companyID: companyID, byRouting: byRouting, clock: clock, audit: audit, db: db)
        }
    }

    /// The creation steps inside a caller's transaction (inbound calls and emails create leads as part of more);
    /// an imported lead may start in the `status` its file gives.
    static func create(
        _ draft: LeadDraft, status: LeadStatus = .new, viewer: Viewer?, companyID: Company.ID, byRouting: Bool,
        clock: AppClock, audit: AuditWriter, db: StoreConnection
    ) async throws -> (lead: Lead, routing: LeadRouting.Reason?) {
        guard let company = try await CompanyStore(db).find(companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        var draft = draft
        if let viewer, !byRouting, draft.ownerID.trimmingCharacters(in: .whitespaces).isEmpty,
            viewer.role == .manager
        {
            draft.ownerID = viewer.userID.description
        }
        // Validate once without an owner to learn the phone/email/province the router needs.
        let provisional = try draft.validated(
            defaultCountry: company.settings.country, owner: viewer?.userID ?? User.ID(UUID()))
        var reason: LeadRouting.Reason?
        var routedOwner: User.ID?
        if draft.ownerID.trimmingCharacters(in: .whitespaces).isEmpty {
            let decision = try await route(provisional, companyID: companyID, clock: clock, db: db)
            routedOwner = decision?.owner
            reason = decision?.reason
        }
        let fields = try draft.validated(defaultCountry: company.settings.country, owner: routedOwner)
        try await checkOwner(fields.ownerID, viewer: viewer, companyID: companyID, db: db)
        let now = clock.now()
        let lead = Lead(
            id: clock.newID(), companyID: companyID, fields: fields, status: status, createdAt: now, updatedAt: now,
            version: 1)
        try await LeadStore(db).insert(lead)
        if reason == .roundRobin {
            try await RoutingStore(db).setRoundRobinPosition(fields.ownerID, companyID: companyID, at: now)
        }
        try await audit.record(
            "lead.created", entityType: "lead", entityID: lead.id.description, companyID: companyID,
            actor: viewer?.userID,
            details: ["source": fields.source.rawValue, "routing": reason?.rawValue ?? "manual"],
            changes: AuditChanges.created(lead), requestID: viewer?.requestID, on: db)
        return (lead, reason)
    }

    /// Chooses the owner for new lead fields: known contact's account owner, then rules, then round-robin.
    static func route(
        _ fields: LeadFields, companyID: Company.ID, clock: AppClock, db: StoreConnection
    ) async throws
        -> (owner: User.ID, reason: LeadRouting.Reason)?
    {
        let users = try await UserStore(db).all(companyID: companyID)
        let managers = users.filter { $0.isActive && $0.role == .manager }.map(\.id)
        let points = ContactPointStore(db)
        var known: User.ID?
        if let phone = fields.phone?.e164 {
            known = try await points.matches(companyID: companyID, kind: "phone", value: phone).first?.ownerID
        }
        if known == nil, let email = fields.email?.normalized {
            known = try await points.matches(companyID: companyID, kind: "email", value: email).first?.ownerID
        }
        if let owner = known, !(users.contains { $0.id == owner && $0.isActive }) { known = nil }
        let routing = RoutingStore(db)
        let rules = try await routing.rules(companyID: companyID)
        let last = try await routing.lockedRoundRobinPosition(companyID: companyID, at: clock.now())
        return LeadRouting.owner(
            for: (fields.source, fields.province, fields.industry), knownContactOwner: known, rules: rules,
            activeManagers: managers, lastRoundRobin: last)
    }

    static func checkOwner(_ owner: User.ID, viewer: Viewer?, companyID: Company.ID, db: StoreConnection) async throws {
        guard let user = try await UserStore(db).find(owner), user.mayOwnRecords(of: companyID) else {
            var errors = ValidationErrors()
            errors.add(field: "owner_id", code: "invalid_owner", message: "Choose an active manager as the owner.")
            throw errors
        }
        if let viewer, !viewer.mayAssign(owner: owner) {
            var errors = ValidationErrors()
            errors.add(
                field: "owner_id", code: "not_allowed",
                message: "Only the head of sales or an admin can give a lead to another owner.")
            throw errors
        }
    }

    /// Changes the lead's fields (not its status).
    public func update(
        _ id: Lead.ID, viewer: Viewer, expectedVersion: Int64?, change: @escaping @Sendable (inout LeadDraft) -> Void
    ) async throws -> Lead {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { lead, context in
            guard lead.status != .converted else {
                throw RecordError.conflict(code: "lead_converted", detail: "A converted lead cannot be changed.")
            }
            guard let company = try await CompanyStore(context.db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            var draft = LeadDraft(lead.fields)
            change(&draft)
            let fields = try draft.validated(defaultCountry: company.settings.country, owner: nil)
            if fields.ownerID != lead.fields.ownerID {
                try await Self.checkOwner(fields.ownerID, viewer: viewer, companyID: viewer.companyID, db: context.db)
            }
            lead.fields = fields
            return AuditEntry("lead.updated")
        }
    }

    /// Moves a lead to another open status or disqualifies it (a reason is required); the move is also a
    /// timeline entry.
    public func setStatus(
        _ status: LeadStatus, reason: String?, of id: Lead.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Lead {
        let clock = clock
        return try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { lead, context in
            if lead.status == status { return nil }
            guard lead.status.manualNextStatuses.contains(status) else {
                throw RecordError.conflict(
                    code: "invalid_transition",
                    detail: "A lead cannot go from \(lead.status.rawValue) to \(status.rawValue) by hand.")
            }
            var errors = ValidationErrors()
            let cleanReason = Validate.optionalText(reason ?? "", field: "reason", maxLength: 500, into: &errors)
            if status == .disqualified && cleanReason == nil && errors.isEmpty {
                errors.add(field: "reason", code: "required", message: "Say why the lead is disqualified.")
            }
            try errors.throwIfAny()
            let previous = lead.status
            lead.status = status
            lead.disqualifyReason = status == .disqualified ? cleanReason : nil
            try await ActivityStore(context.db).insert(
                Activity(
                    id: clock.newID(), companyID: viewer.companyID, kind: .statusChange,
                    subject: "\(previous.rawValue) → \(status.rawValue)", body: lead.disqualifyReason,
                    occurredAt: context.now, leadID: lead.id, userID: viewer.userID, createdAt: context.now))
            return AuditEntry("lead.status_changed", details: ["from": previous.rawValue, "to": status.rawValue])
        }
    }

    /// The lead as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Lead.ID, viewer: Viewer) -> ChangeTarget<Lead> {
        ChangeTarget(
            entity: "lead", load: { db in try await LeadStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { lead, loaded, db in try await LeadStore(db).update(lead, expectedVersion: loaded.version) })
    }
}
