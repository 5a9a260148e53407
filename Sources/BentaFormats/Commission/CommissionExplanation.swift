import BentaCore
import Foundation

/// The line-by-line explanation of a commission statement, one shape for the CLI (`benta commission explain`), the
/// CSV export and the PDF: every line with its source, date, the amount it applies to, the band and rate, and the
/// commission; then the totals.
///
/// Amounts are plain decimals with the currency code ("PHP 30000.00"), never the peso sign, so the same text reads
/// in a terminal, a spreadsheet and the PDF's standard fonts.
public enum CommissionExplanation {
    /// One explained line.
    public struct Row: Sendable, Hashable {
        /// What the line comes from: "invoice 01J…", "credit_note 01J…", "cap", "adjustment 2026-11".
        public var source: String
        /// The source kind: a `CreditEvent.SourceKind` raw value, "cap" or "adjustment".
        public var kind: String
        /// The source document's id, or the month an adjustment corrects; nil for the cap.
        public var sourceID: String?
        /// The source's date ("" for the cap and adjustments).
        public var date: String
        /// The amount the line applies to.
        public var basis: String
        /// "0%–100%", "120%–" for a band; "product …" (its name when known, else its id), "new customer",
        /// "clawback"; "" for none.
        public var band: String
        /// The rate in percent ("10%"), "" for a cap or an adjustment.
        public var rate: String
        /// The line's commission.
        public var amount: String
        /// Why, for an adjustment: its reason.
        public var note: String
    }

    /// The rows of `statement`, in the statement's order.
    public static func rows(_ statement: CommissionStatement) -> [Row] {
        let money = { (value: Money) in plain(value) }
        return statement.lines.map { line in
            let source: String
            let kind: String
            let sourceID: String?
            var date = ""
            var note = ""
            var productName: String?
            switch line.source {
            case .credit(let event):
                productName = event.productName
                kind = event.sourceKind.rawValue
                sourceID = event.sourceID
                source = "\(kind) \(event.sourceID)"
                date = event.date.iso8601String
            case .cap:
                (kind, sourceID, source) = ("cap", nil, "cap")
            case .adjustment(let adjustment):
                kind = "adjustment"
                sourceID = adjustment.correctsMonth.text
                source = "adjustment \(adjustment.correctsMonth.text)"
                note = adjustment.reason
            }
            let band: String
            switch line.rateSource {
            case .band:
                band = line.band.map { "\($0.from)%–" + ($0.to.map { "\($0)%" } ?? "") } ?? ""
            case .productRate(let productID): band = "product \(productName ?? productID)"
            case .newCustomerRate: band = "new customer"
            case .clawbackRate: band = "clawback"
            case .none: band = ""
            }
            let hasRate: Bool = {
                if case .none = line.rateSource { return false }
                return true
            }()
            return Row(
                source: source, kind: kind, sourceID: sourceID, date: date, basis: money(line.basis), band: band,
                rate: hasRate ? "\(line.ratePercent)%" : "", amount: money(line.amount), note: note)
        }
    }

    /// The totals, labelled, in the order a statement reads them.
    public static func totals(_ statement: CommissionStatement) -> [(label: String, value: String)] {
        [
            ("Plan (target)", plain(statement.target)),
            ("Credited sales", plain(statement.creditedSales)),
            ("Earned", plain(statement.earned)),
            ("Deficit carried in", plain(statement.carriedDeficitIn)),
            ("Draw paid", plain(statement.drawPaid)),
            ("Deficit carried forward", plain(statement.deficitCarried)),
            ("Commission payable", plain(statement.payable)),
            ("Base salary", plain(statement.baseSalary)),
        ]
            // A plan whose rules apply to one quota type names it last: the target and the credits are that type's.
            + (statement.plan.quotaType.map { [("Quota type", $0)] } ?? [])
    }

    /// The explanation as text: a heading with the manager and month, every line, then the totals.
    public static func text(_ statement: CommissionStatement, manager: String) -> String {
        var out = "Commission statement — \(manager) — \(statement.month.text)"
        out += statement.isApproved ? " (approved)\n" : " (draft)\n"
        let rows = rows(statement)
        if rows.isEmpty { out += "No lines: nothing was credited this month.\n" }
        for (index, row) in rows.enumerated() {
            var parts = ["\(index + 1).", row.source]
            if !row.date.isEmpty { parts.append("on \(row.date)") }
            if !row.basis.isEmpty, row.kind != "cap", row.kind != "adjustment" { parts.append("basis \(row.basis)") }
            if !row.band.isEmpty { parts.append("band \(row.band)") }
            if !row.rate.isEmpty { parts.append("rate \(row.rate)") }
            parts.append("→ \(row.amount)")
            if !row.note.isEmpty { parts.append("(\(row.note))") }
            out += parts.joined(separator: " ") + "\n"
        }
        for total in totals(statement) { out += "\(total.label): \(total.value)\n" }
        return out
    }

    /// The explanation as CSV (through ``CSVWriter``): one row per line.
    public static func csv(_ statement: CommissionStatement) -> String {
        var writer = CSVWriter(header: [
            "seq", "source_kind", "source_id", "date", "basis", "band", "rate", "amount", "note",
        ])
        for (index, row) in rows(statement).enumerated() {
            writer.appendRow([
                "\(index + 1)", row.kind, row.sourceID ?? "", row.date, row.basis, row.band, row.rate, row.amount,
                row.note,
            ])
        }
        return writer.text
    }

    /// "PHP 30000.00".
    static func plain(_ money: Money) -> String {
        "\(money.currency.code) \(money.decimalString)"
    }
}
