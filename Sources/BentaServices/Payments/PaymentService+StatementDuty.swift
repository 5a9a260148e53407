import BentaCore
import Foundation

extension PaymentService {
    /// Who imports bank statements and confirms, sets aside or undoes their lines: a role the company gives the
    /// record-payments duty (403 `duty_required` otherwise, as for recording a payment by hand). A manager stays
    /// out even with the duty: a statement holds every customer's money, and a manager sees only their own
    /// customers' (they record their customers' payments by hand).
    func requireStatementWriter(_ viewer: Viewer) async throws {
        try await Duties.require(.recordPayments, viewer: viewer, database: database)
        try Self.requireFinance(viewer, reading: false)
    }
}
