import BentaCore
import Foundation
import SQLKit

/// The instalments of each issued invoice (issue 12), frozen at issue: one row for simple terms (the due date, the
/// total), one per instalment for instalment terms (the split the invoice printed), so receivables age each part by
/// its own due date. Append-only (triggers refuse UPDATE and DELETE on both engines, as for the payments).
///
/// The backfill writes the rows of the invoices issued before it: the simple ones in SQL, the instalment ones
/// through the core's split (`InstalmentSchedule.split`), reading only the columns that exist at this migration.
struct M0022_InvoiceInstalments: Migration {
    let number = 22
    let name = "invoice_instalments"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE invoice_instalments (
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                seq BIGINT NOT NULL,
                company_id TEXT NOT NULL REFERENCES companies (id),
                due_date TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                currency TEXT NOT NULL,
                PRIMARY KEY (invoice_id, seq))
            """,
            "CREATE INDEX invoice_instalments_due ON invoice_instalments (company_id, due_date)",
            // The simple terms: one row, the invoice's due date and total.
            """
            INSERT INTO invoice_instalments (invoice_id, seq, company_id, due_date, amount_minor, currency)
            SELECT id, 1, company_id, COALESCE(due_date, issue_date), total_minor, currency
            FROM invoices
            WHERE kind = 'invoice' AND status = 'issued' AND substr(payment_terms, 1, 5) <> 'inst_'
            """,
        ]
            + appendOnly(["invoice_instalments"], on: engine)
    }

    /// The instalment terms, split as the core splits them at issue.
    func backfill(_ db: any SQLDatabase) async throws {
        var after = ""
        while true {
            let rows = try await db.raw(
                """
                SELECT id, company_id, payment_terms, issue_date, due_date, total_minor, currency FROM invoices
                WHERE kind = 'invoice' AND status = 'issued' AND substr(payment_terms, 1, 5) = 'inst_'
                    AND id > \(bind: after)
                ORDER BY id LIMIT 200
                """
            ).all()
            guard let last = rows.last else { return }
            after = try last.string("id")
            var instalments: [(invoice: String, company: String, parts: [InvoiceInstalment])] = []
            for row in rows {
                let id = try row.string("id")
                guard let currency = Currency(code: try row.string("currency")),
                    let date = CalendarDate(iso8601: try row.string("issue_date"))
                else { throw CorruptRow(description: "invoice \(id)") }
                let total = Money(minorUnits: try row.int64("total_minor"), currency: currency)
                let parts: [InvoiceInstalment]
                if let terms = PaymentTerms.parse(try row.string("payment_terms")) {
                    parts = InstalmentSchedule.split(total: total, terms: terms, invoiceDate: date)
                } else {
                    // Terms no longer readable: the whole total on the stored due date.
                    let due = try row.optionalString("due_date").flatMap(CalendarDate.init(iso8601:)) ?? date
                    parts = [InvoiceInstalment(sequence: 1, dueDate: due, amount: total)]
                }
                instalments.append((id, try row.string("company_id"), parts))
            }
            for (invoice, company, parts) in instalments {
                try await InvoiceStore.insertInstalments(parts, invoice: invoice, company: company, on: db)
            }
        }
    }
}
