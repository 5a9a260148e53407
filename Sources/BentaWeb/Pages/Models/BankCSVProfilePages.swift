import BentaCore
import BentaFormats
import BentaServices
import Foundation

/// The bank CSV profile form's fields as typed (`bank_csv_profile_form.mustache`): read from a posted form or a
/// saved profile, and turned into the profile's JSON (snake_case keys, ``Body``) in one place, so the page reads a
/// profile exactly as the API does (`PaymentService.decodeBankCSVProfile`).
struct BankCSVProfileFormInput {
    var name = ""
    /// "" detects the delimiter; else `,` `;` `tab` or `|`.
    var delimiter = ""
    var dateColumn = ""
    var valueDateColumn = ""
    var descriptionColumn = ""
    var payeeColumn = ""
    var referenceColumn = ""
    /// Comma-separated.
    var memoColumns = ""
    /// `signed_amount`, `debit_credit` or `amount_with_indicator`.
    var amountKind = "signed_amount"
    var amountColumn = ""
    var debitColumn = ""
    var creditColumn = ""
    var indicatorAmountColumn = ""
    var indicatorColumn = ""
    /// Comma-separated.
    var creditValues = ""
    var balanceColumn = ""
    /// Comma-separated; a pattern may hold a comma itself (`MMM d, yyyy`): see ``dateFormatList``.
    var dateFormats = ""
    var decimalSeparator = "."
    var currency = ""

    static let delimiters = ["", ",", ";", "tab", "|"]
    static let amountKinds = ["signed_amount", "debit_credit", "amount_with_indicator"]

    init() {}

    init(_ form: FormData) {
        name = form["name"]
        delimiter = form["delimiter"]
        dateColumn = form["date_column"]
        valueDateColumn = form["value_date_column"]
        descriptionColumn = form["description_column"]
        payeeColumn = form["payee_column"]
        referenceColumn = form["reference_column"]
        memoColumns = form["memo_columns"]
        amountKind = form["amount_kind"]
        amountColumn = form["amount_column"]
        debitColumn = form["debit_column"]
        creditColumn = form["credit_column"]
        indicatorAmountColumn = form["indicator_amount_column"]
        indicatorColumn = form["indicator_column"]
        creditValues = form["credit_values"]
        balanceColumn = form["balance_column"]
        dateFormats = form["date_formats"]
        decimalSeparator = form["decimal_separator"]
        currency = form["currency"]
    }

    init(_ profile: BankCSVProfile) {
        name = profile.name
        delimiter = profile.delimiter.map { $0 == "\t" ? "tab" : String($0) } ?? ""
        dateColumn = profile.dateColumn
        valueDateColumn = profile.valueDateColumn ?? ""
        descriptionColumn = profile.descriptionColumn
        payeeColumn = profile.payeeColumn ?? ""
        referenceColumn = profile.referenceColumn ?? ""
        memoColumns = profile.memoColumns.joined(separator: ", ")
        switch profile.amount {
        case .signedAmount(let column):
            amountKind = "signed_amount"
            amountColumn = column
        case .debitCredit(let debit, let credit):
            amountKind = "debit_credit"
            debitColumn = debit
            creditColumn = credit
        case .amountWithIndicator(let column, let indicator, let values):
            amountKind = "amount_with_indicator"
            indicatorAmountColumn = column
            indicatorColumn = indicator
            creditValues = values.joined(separator: ", ")
        }
        balanceColumn = profile.balanceColumn ?? ""
        dateFormats = profile.dateFormats.joined(separator: ", ")
        decimalSeparator = profile.numberFormat.decimalSeparator.rawValue
        currency = profile.currency.code
    }

    /// The profile's JSON body as the API takes it (``BankCSVProfile``'s snake_case members): a blank optional field
    /// is nil and left out, a blank required one is sent blank so that the profile's own validation names it.
    struct Body: Encodable {
        /// `amount`: the kind and the columns that kind names; the others are nil and left out.
        struct Amount: Encodable {
            var kind: String
            var column: String?
            var debitColumn: String?
            var creditColumn: String?
            var amountColumn: String?
            var indicatorColumn: String?
            var creditValues: [String]?

            enum CodingKeys: String, CodingKey {
                case kind, column
                case debitColumn = "debit_column"
                case creditColumn = "credit_column"
                case amountColumn = "amount_column"
                case indicatorColumn = "indicator_column"
                case creditValues = "credit_values"
            }
        }

        struct NumberFormat: Encodable {
            var decimalSeparator: String

            enum CodingKeys: String, CodingKey {
                case decimalSeparator = "decimal_separator"
            }
        }

        /// The record's id replaces it when it is saved; the profile's reader wants one.
        var id: String?
        var name: String
        var delimiter: String?
        var dateColumn: String
        var valueDateColumn: String?
        var descriptionColumn: String
        var payeeColumn: String?
        var referenceColumn: String?
        var memoColumns: [String]
        var amount: Amount
        var balanceColumn: String?
        var dateFormats: [String]
        var numberFormat: NumberFormat
        var currency: String?

        enum CodingKeys: String, CodingKey {
            case id, name, delimiter
            case dateColumn = "date_column"
            case valueDateColumn = "value_date_column"
            case descriptionColumn = "description_column"
            case payeeColumn = "payee_column"
            case referenceColumn = "reference_column"
            case memoColumns = "memo_columns"
            case amount
            case balanceColumn = "balance_column"
            case dateFormats = "date_formats"
            case numberFormat = "number_format"
            case currency
        }
    }

    /// The profile's JSON body (without `id`), from the fields as typed.
    func body() -> Body {
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func optional(_ text: String) -> String? { trimmed(text).isEmpty ? nil : trimmed(text) }
        let amount: Body.Amount
        switch amountKind {
        case "debit_credit":
            amount = Body.Amount(
                kind: amountKind, debitColumn: trimmed(debitColumn), creditColumn: trimmed(creditColumn))
        case "amount_with_indicator":
            amount = Body.Amount(
                kind: amountKind, amountColumn: trimmed(indicatorAmountColumn),
                indicatorColumn: trimmed(indicatorColumn), creditValues: Self.list(creditValues))
        default:
            amount = Body.Amount(kind: amountKind, column: trimmed(amountColumn))
        }
        return Body(
            name: trimmed(name), delimiter: delimiter == "tab" ? "\t" : delimiter.isEmpty ? nil : delimiter,
            dateColumn: trimmed(dateColumn), valueDateColumn: optional(valueDateColumn),
            descriptionColumn: trimmed(descriptionColumn), payeeColumn: optional(payeeColumn),
            referenceColumn: optional(referenceColumn), memoColumns: Self.list(memoColumns), amount: amount,
            balanceColumn: optional(balanceColumn), dateFormats: Self.dateFormatList(dateFormats),
            numberFormat: Body.NumberFormat(decimalSeparator: decimalSeparator.isEmpty ? "." : decimalSeparator),
            currency: optional(currency))
    }

    /// The profile the form describes, read as the API reads a profile; its id is replaced when it is saved.
    func profile() throws -> BankCSVProfile {
        var body = body()
        body.id = "new"
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch {
            throw ValidationErrors([FieldError(field: "profile", code: "invalid", message: "This is not a profile.")])
        }
        return try PaymentService.decodeBankCSVProfile(data)
    }

    /// The non-blank items of a comma-separated list.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Date patterns, comma-separated; since a pattern may hold a comma (`MMM d, yyyy`), a piece without a year
    /// (`MMM d`) is joined to the piece after it.
    static func dateFormatList(_ text: String) -> [String] {
        var result: [String] = []
        var pending = ""
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = piece.trimmingCharacters(in: .whitespaces)
            pending = pending.isEmpty ? part : pending + ", " + part
            if pending.contains("y") {
                result.append(pending)
                pending = ""
            }
        }
        if !pending.trimmingCharacters(in: .whitespaces).isEmpty { result.append(pending) }
        return result.filter { !$0.isEmpty }
    }

    /// Each error beside its input: `amount.column` → `amount_column`, `date_formats[1]` → `date_formats`
    /// (mustache names cannot hold dots).
    static func fieldErrors(_ errors: ValidationErrors?, strings: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (field, text) in PaymentPageValues.fieldErrors(errors, strings: strings) {
            var key = field
            if let bracket = key.firstIndex(of: "[") { key = String(key[..<bracket]) }
            key = key.replacingOccurrences(of: ".", with: "_")
            result[key] = result[key].map { "\($0) \(text)" } ?? text
        }
        return result
    }
}

/// The company's saved bank CSV profiles (`bank_csv_profiles.mustache`).
struct BankCSVProfilesPage: PageModel {
    struct Row {
        var name: String
        var url: String
        var columns: String
        var archived: Bool
        var updated_at: String
    }

    var rows: [Row]
    var has_rows: Bool
    var next_url: String?

    static func make(
        _ page: Page<PaymentService.BankCSVProfileRecord>, directory: PageDirectory, strings: [String: String]
    ) -> BankCSVProfilesPage {
        BankCSVProfilesPage(
            rows: page.items.map { saved in
                Row(
                    name: saved.record.name, url: Paths.bankCSVProfile(saved.record.id),
                    columns: columnsSummary(saved.profile, strings: strings), archived: saved.record.isArchived,
                    updated_at: directory.dateTime(saved.record.updatedAt))
            },
            has_rows: !page.items.isEmpty,
            next_url: page.nextCursor.map { Paths.bankCSVProfiles() + QueryString.make([("cursor", $0)]) })
    }

    /// "Date: Posted · Description: Details · Amount: Debit / Credit".
    static func columnsSummary(_ profile: BankCSVProfile, strings: [String: String]) -> String {
        [
            (strings["csv_profile_date_column"] ?? "Date column") + ": " + profile.dateColumn,
            (strings["csv_profile_description_column"] ?? "Description column") + ": " + profile.descriptionColumn,
            (strings["csv_profile_amount"] ?? "Amount") + ": " + profile.amount.columns.joined(separator: " / "),
        ].joined(separator: " · ")
    }
}

/// The form to make or change a saved bank CSV profile (`bank_csv_profile_form.mustache`).
struct BankCSVProfileFormPage: PageModel {
    var heading: String
    var action: String
    var archive_url: String
    var may_archive: Bool
    var archived: Bool
    var version: String
    var has_version: Bool
    var name: String
    var delimiters: [PageChoice]
    var date_column: String
    var value_date_column: String
    var description_column: String
    var payee_column: String
    var reference_column: String
    var memo_columns: String
    var amount_kinds: [PageChoice]
    var amount_column: String
    var debit_column: String
    var credit_column: String
    var indicator_amount_column: String
    var indicator_column: String
    var credit_values: String
    var balance_column: String
    var date_formats: String
    var decimal_separators: [PageChoice]
    var currency: String
    var errors: [String: String]
    var has_errors: Bool
    var stale: Bool

    static func make(
        _ input: BankCSVProfileFormInput, heading: String, action: String, saved: SavedBankCSVProfile?,
        version: Int64?, errors: [String: String], strings: [String: String]
    ) -> BankCSVProfileFormPage {
        BankCSVProfileFormPage(
            heading: heading, action: action, archive_url: saved.map { Paths.archiveBankCSVProfile($0.id) } ?? "",
            may_archive: saved.map { !$0.isArchived } ?? false, archived: saved?.isArchived ?? false,
            version: version.map(String.init) ?? "", has_version: version != nil, name: input.name,
            delimiters: PageChoice.labelled(
                BankCSVProfileFormInput.delimiters, selected: input.delimiter, strings: strings
            ) { "csv_profile_delimiter_\(delimiterKey($0))" },
            date_column: input.dateColumn, value_date_column: input.valueDateColumn,
            description_column: input.descriptionColumn, payee_column: input.payeeColumn,
            reference_column: input.referenceColumn, memo_columns: input.memoColumns,
            amount_kinds: PageChoice.labelled(
                BankCSVProfileFormInput.amountKinds, selected: input.amountKind, strings: strings
            ) { "csv_profile_kind_\($0)" },
            amount_column: input.amountColumn, debit_column: input.debitColumn, credit_column: input.creditColumn,
            indicator_amount_column: input.indicatorAmountColumn, indicator_column: input.indicatorColumn,
            credit_values: input.creditValues, balance_column: input.balanceColumn, date_formats: input.dateFormats,
            decimal_separators: PageChoice.labelled([".", ","], selected: input.decimalSeparator, strings: strings) {
                $0 == "." ? "csv_profile_decimal_point" : "csv_profile_decimal_comma"
            },
            currency: input.currency, errors: errors, has_errors: !errors.isEmpty, stale: errors["version"] != nil)
    }

    private static func delimiterKey(_ value: String) -> String {
        switch value {
        case "": "detect"
        case ",": "comma"
        case ";": "semicolon"
        case "tab": "tab"
        default: "pipe"
        }
    }
}
