import BentaCore
import Foundation
import SQLKit

/// Web-to-lead forms and the submission log behind their rate limit.
public struct LeadFormStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ form: LeadForm) async throws {
        try await db.raw(
            """
            INSERT INTO lead_forms (id, company_id, form_key, name, fields, thank_you, is_active, created_at,
                updated_at, version)
            VALUES (\(bind: form.id.description), \(bind: form.companyID.description), \(bind: form.key),
                \(bind: form.name), \(bind: try Self.fieldsJSON(form)), \(bind: form.thankYou), \(bind: form.isActive),
                \(bind: form.createdAt.millisecondsSince1970), \(bind: form.updatedAt.millisecondsSince1970),
                \(bind: form.version))
            """
        ).run()
    }

    public func setActive(_ active: Bool, id: LeadForm.ID, companyID: Company.ID, at now: Date) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE lead_forms SET is_active = \(bind: active), updated_at = \(bind: now.millisecondsSince1970),
                version = version + 1
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description) RETURNING id
            """
        ).all().isEmpty)
    }

    public func find(key: String) async throws -> LeadForm? {
        try await db.raw("SELECT * FROM lead_forms WHERE form_key = \(bind: key)").first().map(Self.decode)
    }

    public func all(companyID: Company.ID) async throws -> [LeadForm] {
        try await db.raw(
            "SELECT * FROM lead_forms WHERE company_id = \(bind: companyID.description) ORDER BY created_at, id"
        ).all().map(Self.decode)
    }

    /// Records a submission and answers how many this address made in the window, this one included.
    public func recordSubmission(key: String, ip: String, at now: Date, windowSeconds: Int) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO form_submissions (form_key, ip, submitted_at)
            VALUES (\(bind: key), \(bind: ip), \(bind: now.millisecondsSince1970))
            """
        ).run()
        let since = now.millisecondsSince1970 - Int64(windowSeconds) * 1000
        return Int(
            try await db.raw(
                "SELECT COUNT(*) AS n FROM form_submissions WHERE ip = \(bind: ip) AND submitted_at >= \(bind: since)"
            ).first()?.int64("n") ?? 0)
    }

    struct StoredFields: Codable {
        var fields: [LeadForm.Field]
        var required: [LeadForm.Field]
    }

    static func fieldsJSON(_ form: LeadForm) throws -> String {
        try jsonText(StoredFields(fields: form.fields, required: form.requiredFields))
    }

    static func decode(_ row: any SQLRow) throws -> LeadForm {
        let stored = try row.json("fields", as: StoredFields.self)
        return LeadForm(
            id: try row.id("id"), companyID: try row.id("company_id"), key: try row.string("form_key"),
            name: try row.string("name"), fields: stored.fields, requiredFields: stored.required,
            thankYou: try row.string("thank_you"), isActive: try row.bool("is_active"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}
