import Foundation

/// What the credit notes of an invoice took back, per invoice line and per (category, rate) group, so a line or a
/// category is never credited twice; and the VAT a credit note states for a group it closes (`fixed_tax_json`).
///
/// The backfill fills both tables from the credit notes already issued: each credit-note line is matched to the
/// invoice line with the same description, price, category and rate (the one at the same position first, as a
/// whole-invoice note copies the lines in order); a credit by amount matches none and counts per category only.
/// The groups come from the stored totals of each note.
struct M0010_InvoiceCredits: Migration {
    let number = 10
    let name = "invoice_credits"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE invoice_line_credits (
                credit_note_id TEXT NOT NULL REFERENCES invoices (id),
                note_position BIGINT NOT NULL,
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                line_position BIGINT NOT NULL,
                quantity TEXT NOT NULL,
                amount_minor BIGINT NOT NULL,
                PRIMARY KEY (credit_note_id, note_position))
            """,
            "CREATE INDEX invoice_line_credits_invoice ON invoice_line_credits (invoice_id)",
            """
            CREATE TABLE invoice_tax_credits (
                credit_note_id TEXT NOT NULL REFERENCES invoices (id),
                invoice_id TEXT NOT NULL REFERENCES invoices (id),
                tax_category TEXT NOT NULL,
                rate_percent TEXT NOT NULL,
                taxable_minor BIGINT NOT NULL,
                tax_minor BIGINT NOT NULL,
                PRIMARY KEY (credit_note_id, tax_category, rate_percent))
            """,
            "CREATE INDEX invoice_tax_credits_invoice ON invoice_tax_credits (invoice_id)",
            "ALTER TABLE invoices ADD COLUMN fixed_tax_json TEXT NOT NULL DEFAULT '[]'",
        ] + Self.backfill
    }

    /// Fills the two tables from the issued credit notes.
    static let backfill: [String] = [
        """
        INSERT INTO invoice_line_credits (credit_note_id, note_position, invoice_id, line_position, quantity,
            amount_minor)
        SELECT n.id, nl.position, n.corrects_invoice_id,
            COALESCE(
                (SELECT il.position FROM invoice_lines il
                 WHERE il.invoice_id = n.corrects_invoice_id AND il.position = nl.position
                     AND il.description = nl.description AND il.unit_price = nl.unit_price
                     AND il.tax_category = nl.tax_category AND il.rate_percent = nl.rate_percent),
                (SELECT MIN(il.position) FROM invoice_lines il
                 WHERE il.invoice_id = n.corrects_invoice_id AND il.description = nl.description
                     AND il.unit_price = nl.unit_price AND il.tax_category = nl.tax_category
                     AND il.rate_percent = nl.rate_percent)),
            nl.quantity, nl.amount_minor
        FROM invoices n JOIN invoice_lines nl ON nl.invoice_id = n.id
        WHERE n.kind = 'credit_note' AND n.status = 'issued' AND n.corrects_invoice_id IS NOT NULL
            AND EXISTS (
                SELECT 1 FROM invoice_lines il
                WHERE il.invoice_id = n.corrects_invoice_id AND il.description = nl.description
                    AND il.unit_price = nl.unit_price AND il.tax_category = nl.tax_category
                    AND il.rate_percent = nl.rate_percent)
        """,
        """
        INSERT INTO invoice_tax_credits (credit_note_id, invoice_id, tax_category, rate_percent, taxable_minor,
            tax_minor)
        SELECT n.id, n.corrects_invoice_id, 'vatable',
            COALESCE(
                (SELECT MIN(l.rate_percent) FROM invoice_lines l
                 WHERE l.invoice_id = n.id AND l.tax_category = 'vatable'), '12'),
            n.vatable_minor, n.tax_minor
        FROM invoices n
        WHERE n.kind = 'credit_note' AND n.status = 'issued' AND n.corrects_invoice_id IS NOT NULL
            AND (n.vatable_minor <> 0 OR n.tax_minor <> 0)
        """,
        """
        INSERT INTO invoice_tax_credits (credit_note_id, invoice_id, tax_category, rate_percent, taxable_minor,
            tax_minor)
        SELECT n.id, n.corrects_invoice_id, 'zero_rated', '0', n.zero_rated_minor, 0
        FROM invoices n
        WHERE n.kind = 'credit_note' AND n.status = 'issued' AND n.corrects_invoice_id IS NOT NULL
            AND n.zero_rated_minor <> 0
        """,
        """
        INSERT INTO invoice_tax_credits (credit_note_id, invoice_id, tax_category, rate_percent, taxable_minor,
            tax_minor)
        SELECT n.id, n.corrects_invoice_id, 'exempt', '0', n.exempt_minor, 0
        FROM invoices n
        WHERE n.kind = 'credit_note' AND n.status = 'issued' AND n.corrects_invoice_id IS NOT NULL
            AND n.exempt_minor <> 0
        """,
    ]
}
