import SQLKit

/// What settled an issued invoice by a day, as one SQL expression over the invoice `i`: its issued credit notes
/// dated on or before the day, and the cash and withholding allocated to it on or before the day. Aging, the overdue
/// lists and statements of account read an invoice's open amount on a past date as `i.total_minor` minus this, so
/// payments and credit notes after the date never count.
enum InvoiceSettlementSQL {
    /// The settled amount (minor units, 0 when nothing settled it) of invoice `i` as of `day` (YYYY-MM-DD).
    static func settled(asOf day: String) -> SQLQueryString {
        """
        (COALESCE((SELECT SUM(n.total_minor) FROM invoices n
            WHERE n.corrects_invoice_id = i.id AND n.kind = 'credit_note' AND n.status = 'issued'
                AND n.issue_date <= \(bind: day)), 0)
        + COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
            WHERE pa.invoice_id = i.id AND pa.allocated_on <= \(bind: day)), 0))
        """
    }
}
