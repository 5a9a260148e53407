import BentaCore
import Foundation
import SQLKit

/// Reads and writes leads; reads honour the viewer's visibility.
public struct LeadStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    private static let columns: SQLQueryString = """
        l.id, l.company_id, l.person_name, l.company_name, l.phone_raw, l.phone_e164, l.email, l.source, l.interest,
        l.province, l.industry, l.owner_id, l.status, l.disqualify_reason, l.converted_account_id,
        l.converted_contact_id, l.converted_at, l.created_at, l.updated_at, l.version
        """

    /// The lead if the viewer may see it; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: Lead.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Lead? {
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM leads l WHERE l.id = \(bind: id.description) AND "
            + VisibilitySQL.leads(viewer)
        return try await db.first(sql, forUpdate: forUpdate, locking: "l", decode: Self.decode)
    }

    public func list(viewer: Viewer, filter: LeadFilter, page: PageRequest) async throws -> Page<Lead> {
        // A text filter starts from its matches in the full-text index (see SearchStore.textFilter).
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let search =
            text.isEmpty
            ? nil : SearchStore.textFilter(.lead, column: "l.id", text: text, companyID: viewer.companyID, db: db)
        var sql: SQLQueryString = "SELECT \(Self.columns), l.sort_name FROM " + (search?.from ?? "") + "leads l WHERE "
        if let search { sql += search.condition + " AND " }
        sql += VisibilitySQL.leads(viewer)
        if let owner = filter.ownerID { sql += " AND l.owner_id = \(bind: owner.description)" }
        let statuses = filter.statuses ?? LeadStatus.allCases.filter(\.isOpen)
        sql += " AND l.status IN (\(binds: statuses.map(\.rawValue)))"
        if let source = filter.source { sql += " AND l.source = \(bind: source.rawValue)" }
        if let since = filter.createdSince { sql += " AND l.created_at >= \(bind: since.millisecondsSince1970)" }
        return try await db.sortedPage(sql, alias: "l", page: page, decode: Self.decode)
    }

    /// Open leads with this normalized phone or email, whoever owns them (for routing and caller lookup; the
    /// caller filters by visibility when showing them).
    public func openLeads(companyID: Company.ID, phone: String?, email: String?) async throws -> [Lead] {
        var conditions: [SQLQueryString] = []
        if let phone { conditions.append("l.phone_e164 = \(bind: phone)") }
        if let email { conditions.append("l.email_normalized = \(bind: email)") }
        guard !conditions.isEmpty else { return [] }
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM leads l WHERE l.company_id = \(bind: companyID.description) AND l.status IN "
            + "('new', 'contacted', 'qualified') AND (" + conditions.joined(separator: " OR ")
            + ") ORDER BY l.created_at DESC LIMIT 20"
        return try await db.raw(sql).all().map(Self.decode)
    }

    public func insert(_ lead: Lead) async throws {
        let f = lead.fields
        try await db.raw(
            """
            INSERT INTO leads (id, company_id, person_name, company_name, sort_name, search_text, phone_raw,
                phone_e164, email, email_normalized, source, interest, province, industry, owner_id, status,
                disqualify_reason, converted_account_id, converted_contact_id, converted_at, created_at, updated_at,
                version)
            VALUES (\(bind: lead.id.description), \(bind: lead.companyID.description), \(bind: f.personName),
                \(bind: f.companyName), \(bind: lead.displayName.lowercased()), \(bind: Self.searchText(f)),
                \(bind: f.phone?.raw), \(bind: f.phone?.e164), \(bind: f.email?.value), \(bind: f.email?.normalized),
                \(bind: f.source.rawValue), \(bind: f.interest), \(bind: f.province), \(bind: f.industry),
                \(bind: f.ownerID.description), \(bind: lead.status.rawValue), \(bind: lead.disqualifyReason),
                \(bind: lead.convertedAccountID?.description), \(bind: lead.convertedContactID?.description),
                \(bind: lead.convertedAt?.millisecondsSince1970), \(bind: lead.createdAt.millisecondsSince1970),
                \(bind: lead.updatedAt.millisecondsSince1970), \(bind: lead.version))
            """
        ).run()
        try await indexForSearch(lead)
    }

    private func indexForSearch(_ lead: Lead) async throws {
        let f = lead.fields
        try await SearchStore(db).index(
            .lead, id: lead.id.description, companyID: lead.companyID,
            content: SearchWords.document(
                [f.personName, f.companyName, f.email?.value, f.province, f.industry],
                phones: f.phone.map { [$0.e164] } ?? []))
    }

    /// Saves the lead if its stored version is still `expectedVersion`.
    public func update(_ lead: Lead, expectedVersion: Int64) async throws -> Bool {
        let f = lead.fields
        let saved =
            !(try await db.raw(
                """
                UPDATE leads SET person_name = \(bind: f.personName), company_name = \(bind: f.companyName),
                    sort_name = \(bind: lead.displayName.lowercased()), search_text = \(bind: Self.searchText(f)),
                    phone_raw = \(bind: f.phone?.raw), phone_e164 = \(bind: f.phone?.e164), email = \(bind: f.email?.value),
                    email_normalized = \(bind: f.email?.normalized), source = \(bind: f.source.rawValue),
                    interest = \(bind: f.interest), province = \(bind: f.province), industry = \(bind: f.industry),
                    owner_id = \(bind: f.ownerID.description), status = \(bind: lead.status.rawValue),
                    disqualify_reason = \(bind: lead.disqualifyReason),
                    converted_account_id = \(bind: lead.convertedAccountID?.description),
                    converted_contact_id = \(bind: lead.convertedContactID?.description),
                    converted_at = \(bind: lead.convertedAt?.millisecondsSince1970),
                    updated_at = \(bind: lead.updatedAt.millisecondsSince1970), version = \(bind: lead.version)
                WHERE id = \(bind: lead.id.description) AND version = \(bind: expectedVersion)
                RETURNING id
                """
            ).all().isEmpty)
        if saved { try await indexForSearch(lead) }
        return saved
    }

    public func currentVersion(_ id: Lead.ID, companyID: Company.ID) async throws -> Int64? {
        try await db.raw(
            "SELECT version FROM leads WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)"
        ).first()?.int64("version")
    }

    static func searchText(_ f: LeadFields) -> String {
        SearchText.normalize([f.personName, f.companyName, f.interest, f.province, f.industry])
    }

    static func decode(_ row: any SQLRow) throws -> Lead {
        var phone: PhoneEntry?
        if let raw = try row.optionalString("phone_raw"), let e164 = try row.optionalString("phone_e164") {
            phone = PhoneEntry(raw: raw, e164: e164)
        }
        guard let source = LeadSource(rawValue: try row.string("source")),
            let status = LeadStatus(rawValue: try row.string("status"))
        else { throw CorruptRow(description: "lead source or status") }
        let fields = LeadFields(
            personName: try row.optionalString("person_name"), companyName: try row.optionalString("company_name"),
            phone: phone, email: try row.optionalString("email").map { try EmailAddress(parsing: $0) },
            source: source, interest: try row.optionalString("interest"), province: try row.optionalString("province"),
            industry: try row.optionalString("industry"), ownerID: try row.id("owner_id"))
        return Lead(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields, status: status,
            disqualifyReason: try row.optionalString("disqualify_reason"),
            convertedAccountID: try row.optionalID("converted_account_id"),
            convertedContactID: try row.optionalID("converted_contact_id"),
            convertedAt: try row.optionalDate("converted_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
