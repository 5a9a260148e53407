import BentaCore
import SQLKit

extension CreditEventStore {
    /// What names each event's source document, by source id: an invoice's or credit note's number (a clawback's
    /// invoice too), a deal's title, a payment's reference (empty without one). One statement per kind present, each
    /// over the given ids of one company.
    public func sourceLabels(companyID: Company.ID, of events: [CreditEvent]) async throws -> [String: String] {
        var ids: [CreditEvent.SourceKind: Set<String>] = [:]
        for event in events { ids[event.sourceKind, default: []].insert(event.sourceID) }
        let invoices = Array(
            (ids[.invoice] ?? []).union(ids[.creditNote] ?? []).union(ids[.clawback] ?? [])
        ).sorted()
        var labels: [String: String] = [:]
        let reads: [(table: String, column: String, ids: [String])] = [
            ("invoices", "number", invoices), ("deals", "title", Array(ids[.deal] ?? []).sorted()),
            ("payments", "reference", Array(ids[.payment] ?? []).sorted()),
        ]
        for read in reads where !read.ids.isEmpty {
            let rows = try await db.select()
                .column("id").column(SQLAlias(SQLColumn(read.column), as: SQLIdentifier("label")))
                .from(read.table)
                .where("company_id", .equal, companyID.description)
                .where("id", .in, read.ids)
                .all()
            for row in rows {
                labels[try row.decode(column: "id", as: String.self)] =
                    try row.decodeNil(column: "label") ? "" : try row.decode(column: "label", as: String.self)
            }
        }
        return labels
    }
}
