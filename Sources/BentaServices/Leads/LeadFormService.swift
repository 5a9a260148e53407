import BentaCore
import BentaStore
import Foundation

/// What became of a web form submission.
public enum LeadFormOutcome: Sendable {
    case created(Lead, thankYou: String)
    /// The honeypot was filled: a bot. Nothing is stored, but it is thanked like a person, so it learns nothing.
    case discarded(thankYou: String)
}

/// Web-to-lead forms: admins configure them; the public submits them.
public struct LeadFormService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func forms(viewer: Viewer) async throws -> [LeadForm] {
        try await database.read { db in try await LeadFormStore(db).all(companyID: viewer.companyID) }
    }

    /// An active form by its public key, or nil.
    public func form(key: String) async throws -> LeadForm? {
        guard key.count <= 64, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return nil
        }
        return try await database.read { db in try await LeadFormStore(db).find(key: key) }.flatMap {
            $0.isActive ? $0 : nil
        }
    }

    public func create(
        name: String, fields: [LeadForm.Field], required: [LeadForm.Field], thankYou: String, viewer: Viewer
    ) async throws -> LeadForm {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can set up web forms.")
        }
        var errors = ValidationErrors()
        let cleanName = Validate.requiredText(name, field: "name", maxLength: 100, into: &errors)
        let message = Validate.optionalText(thankYou, field: "thank_you", maxLength: 1_000, into: &errors)
        if fields.isEmpty { errors.add(field: "fields", code: "required", message: "Choose at least one field.") }
        if !fields.contains(.phone) && !fields.contains(.email) {
            errors.add(field: "fields", code: "contact_needed", message: "Ask for a phone number or an email address.")
        }
        try errors.throwIfAny()
        guard let cleanName else { throw errors }
        let now = clock.now()
        let form = LeadForm(
            id: clock.newID(), companyID: viewer.companyID, key: Secrets.randomToken(bytes: 12), name: cleanName,
            fields: LeadForm.Field.allCases.filter(fields.contains),
            requiredFields: LeadForm.Field.allCases.filter { required.contains($0) && fields.contains($0) },
            thankYou: message ?? "Thank you! We will get in touch soon.", isActive: true, createdAt: now,
            updatedAt: now, version: 1)
        try await database.transaction { db in
            try await LeadFormStore(db).insert(form)
            try await audit.record(
                "lead_form.created", entityType: "lead_form", entityID: form.id.description,
                companyID: viewer.companyID,
                by: viewer, created: form, on: db)
        }
        return form
    }

    public func setActive(_ active: Bool, id: LeadForm.ID, viewer: Viewer) async throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can set up web forms.")
        }
        try await database.transaction { db in
            guard try await LeadFormStore(db).setActive(active, id: id, companyID: viewer.companyID, at: clock.now())
            else {
                throw RecordError.notFound(entity: "lead_form")
            }
        }
    }

    /// A public submission: rate-limited per address, honeypot-checked, validated, then a routed lead.
    public func submit(
        key: String, values: [String: String], honeypot: String, ip: String
    ) async throws
        -> LeadFormOutcome
    {
        guard let form = try await form(key: key) else { throw RecordError.notFound(entity: "lead_form") }
        let now = clock.now()
        let count = try await database.transaction { db in
            try await LeadFormStore(db).recordSubmission(
                key: key, ip: String(ip.prefix(64)), at: now, windowSeconds: LeadForm.windowSeconds)
        }
        if count > LeadForm.submissionsPerWindow {
            throw AuthError.tooManyAttempts(retryAfterSeconds: LeadForm.windowSeconds)
        }
        if !honeypot.trimmingCharacters(in: .whitespaces).isEmpty {
            return .discarded(thankYou: form.thankYou)
        }
        let draft = try form.draft(from: values)
        let made = try await database.transaction { db in
            try await LeadService.create(
                draft, viewer: nil, companyID: form.companyID, byRouting: true, clock: clock, audit: audit, db: db)
        }
        return .created(made.lead, thankYou: form.thankYou)
    }
}
