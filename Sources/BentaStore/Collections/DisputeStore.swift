import BentaCore
import Foundation
import SQLKit

/// Disputed invoices (`invoice_disputes`): at most one open per invoice through `open_invoice_id`, which holds the
/// invoice's id while the dispute is open and is NULL once it is resolved.
///
/// A manager sees the disputes of the accounts they see (`VisibilitySQL.accounts`).
public struct DisputeStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Opens `dispute` unless its invoice already has an open one; false when it has.
    public func openIfNone(_ dispute: InvoiceDispute) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO invoice_disputes (id, company_id, invoice_id, account_id, open_invoice_id, opened_on,
                opened_by, call_id, note, created_at, updated_at, version)
            VALUES (\(bind: dispute.id.description), \(bind: dispute.companyID.description),
                \(bind: dispute.invoiceID.description), \(bind: dispute.accountID.description),
                \(bind: dispute.invoiceID.description), \(bind: dispute.openedOn.iso8601String),
                \(bind: dispute.openedBy?.description), \(bind: dispute.callID?.description), \(bind: dispute.note),
                \(bind: dispute.createdAt.millisecondsSince1970), \(bind: dispute.updatedAt.millisecondsSince1970),
                \(bind: dispute.version))
            ON CONFLICT (open_invoice_id) DO NOTHING RETURNING id
            """
        ).all().isEmpty)
    }

    /// A dispute the viewer may see; `forUpdate` locks its row.
    public func find(
        _ id: InvoiceDispute.ID, viewer: Viewer, forUpdate: Bool = false
    ) async throws
        -> InvoiceDispute?
    {
        try await db.firstSeenThroughAccount(
            "invoice_disputes", alias: "d",
            where: "d.id = \(bind: id.description) AND d.company_id = \(bind: viewer.companyID.description)",
            viewer: viewer, forUpdate: forUpdate, decode: Self.decode)
    }

    /// Saves a changed dispute if the stored version is still `expectedVersion`; a resolved one frees its invoice.
    public func save(_ dispute: InvoiceDispute, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE invoice_disputes SET
                open_invoice_id = \(bind: dispute.resolvedOn == nil ? dispute.invoiceID.description : nil),
                note = \(bind: dispute.note), resolved_on = \(bind: dispute.resolvedOn?.iso8601String),
                resolved_by = \(bind: dispute.resolvedBy?.description), resolution = \(bind: dispute.resolution),
                updated_at = \(bind: dispute.updatedAt.millisecondsSince1970), version = \(bind: dispute.version)
            WHERE id = \(bind: dispute.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    /// The open dispute of each of `invoices` that has one.
    public func open(invoices: [Invoice.ID]) async throws -> [InvoiceDispute] {
        guard !invoices.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT * FROM invoice_disputes WHERE open_invoice_id IN (\(binds: invoices.map(\.description)))
            """
        ).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> InvoiceDispute {
        guard let openedOn = CalendarDate(iso8601: try row.string("opened_on")) else {
            throw CorruptRow(description: "dispute opened_on")
        }
        return InvoiceDispute(
            id: try row.id("id"), companyID: try row.id("company_id"), invoiceID: try row.id("invoice_id"),
            accountID: try row.id("account_id"), openedOn: openedOn, openedBy: try row.optionalID("opened_by"),
            callID: try row.optionalID("call_id"), note: try row.optionalString("note"),
            resolvedOn: try row.optionalString("resolved_on").flatMap(CalendarDate.init(iso8601:)),
            resolvedBy: try row.optionalID("resolved_by"), resolution: try row.optionalString("resolution"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}
