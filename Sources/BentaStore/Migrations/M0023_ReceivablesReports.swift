import Foundation

/// The receivables reports (issue 12): the quarterly list of invoices unpaid past their term reads issued invoices
/// of a company by due date (`StatementOfAccountStore.unpaidPastTerm`), a keyset page on this index.
struct M0023_ReceivablesReports: Migration {
    let number = 23
    let name = "receivables_reports"

    func statements(for engine: DatabaseEngine) -> [String] {
        ["CREATE INDEX invoices_due ON invoices (company_id, kind, status, due_date, id)"]
    }
}
