import BentaCore
import BentaStore
import Foundation

extension InvoiceService {
    /// The invoice's audit history with the issue of each of its credit notes, newest first; 404 when the viewer
    /// may not see the invoice.
    public func timeline(_ id: Invoice.ID, viewer: Viewer) async throws -> [AuditEvent] {
        _ = try await invoice(id, viewer: viewer)
        return try await database.read { db in
            let audit = AuditStore(db)
            var events = try await audit.history(
                companyID: viewer.companyID, entityType: "invoice", entityID: id.description)
            let notes = try await InvoiceStore(db).list(
                viewer: viewer, filter: InvoiceFilter(kind: .creditNote, correctsInvoiceID: id),
                page: PageRequest(limit: 100))
            for note in notes.items {
                events += try await audit.history(
                    companyID: viewer.companyID, entityType: "invoice", entityID: note.id.description, limit: 10)
            }
            return events.sorted { ($0.occurredAt, $0.id.description) > ($1.occurredAt, $1.id.description) }
        }
    }
}
