import BentaCore
import BentaStore
import Foundation

/// Reads the payment pages need beyond the API's: one statement line of the review queue.
extension PaymentService {
    /// One line of an imported statement (accountant, head, admin).
    public func statementLine(_ id: StatementLineRecord.ID, viewer: Viewer) async throws -> StatementLineRecord {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in
            guard let line = try await BankStatementStore(db).line(id, companyID: viewer.companyID) else {
                throw RecordError.notFound(entity: "statement_line")
            }
            return line
        }
    }
}
