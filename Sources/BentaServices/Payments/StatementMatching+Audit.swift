import BentaCore

extension PaymentService {
    /// The audit change of a statement line settled as a payment, confirmed by a person or matched at import (the
    /// two paths write the same row).
    static let lineMatched: [String: AuditChanges.Change] = [
        "status": AuditChanges.Change(
            from: StatementLineStatus.unmatched.rawValue, to: StatementLineStatus.matched.rawValue)
    ]

    /// The audit change of a statement whose import finished.
    static let statementImported: [String: AuditChanges.Change] = [
        "import_status": AuditChanges.Change(
            from: StatementImportStatus.importing.rawValue, to: StatementImportStatus.imported.rawValue)
    ]
}
