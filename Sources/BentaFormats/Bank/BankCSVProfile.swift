import BentaCore
import Foundation

/// How to read one bank's CSV export: where the header is, which columns hold what, how dates and amounts are
/// written. Saved per company as JSON (snake_case keys); ready profiles for Philippine banks are in
/// `BankCSVProfile+Ready.swift`.
///
/// The header row is the first of the file's first ``headerSearchLineLimit`` lines whose cells include
/// ``dateColumn``: Philippine bank exports put the account name, number and period above it. Column names are matched
/// without regard to case, accents or surrounding spaces. A decoded profile is validated (``validate()``); decoding
/// throws the ``ValidationErrors`` when a name is blank, a pattern unknown or a column missing.
public struct BankCSVProfile: Sendable, Hashable, Codable {
    /// How many lines from the top are searched for the header row.
    public static let headerSearchLineLimit = 30

    /// Where a row's signed amount comes from; money in is positive in the result whatever the file writes.
    public enum AmountConvention: Sendable, Hashable {
        /// One column, negative for money out.
        case signedAmount(String)
        /// A debit column (money out) and a credit column (money in), named in that order; either may be blank.
        /// Debits are read by their magnitude; a row with both is credit − debit.
        case debitCredit(String, String)
        /// An amount column and an indicator column (`CR`/`DR`, `C`/`D` …); the amount's magnitude is money in when
        /// the indicator is one of `creditValues` (case-insensitive), money out otherwise.
        case amountWithIndicator(String, String, creditValues: [String])

        /// Every column the convention names.
        public var columns: [String] {
            switch self {
            case .signedAmount(let column): [column]
            case .debitCredit(let debit, let credit): [debit, credit]
            case .amountWithIndicator(let amount, let indicator, _): [amount, indicator]
            }
        }
    }

    /// How amounts are written: the decimal separator; any of `,` `.` `'` `’` and spaces other than it group
    /// thousands. Currency signs (₱, PHP, $, €, the profile's currency), a leading or trailing minus and parentheses
    /// are understood.
    public struct NumberFormat: Sendable, Hashable, Codable {
        /// The character between the whole and the fractional part.
        public enum DecimalSeparator: String, Sendable, Hashable, Codable {
            case point = "."
            case comma = ","
        }

        /// The decimal separator.
        public var decimalSeparator: DecimalSeparator

        /// Creates a number format; the default is a decimal point.
        public init(decimalSeparator: DecimalSeparator = .point) {
            self.decimalSeparator = decimalSeparator
        }

        enum CodingKeys: String, CodingKey {
            case decimalSeparator = "decimal_separator"
        }

        /// The characters read as thousands separators: all of `,` `.` `'` `’` and spaces except the decimal one.
        var groupingSeparators: Set<Character> {
            var set: Set<Character> = [",", ".", "'", "’", " ", "\u{00A0}", "\u{202F}"]
            set.remove(decimalSeparator == .point ? "." : ",")
            return set
        }

        /// The exact amount in `text` ("1,234.56", "11'373.94", "(1,000.00)", "₱1,000.00", "1000.00-", "-$5" …) in
        /// `currency`, through ``BankFileRules/amount(_:currency:rounded:)`` (decimal text, never a floating-point
        /// number); nil when it is not a number in this format. Thousands groups after the first must have three
        /// digits, so a file read with the wrong decimal separator fails instead of being misread.
        public func amount(_ text: String, currency: Currency, rounded: inout Bool) -> Money? {
            guard let normalized = normalized(text, currency: currency) else { return nil }
            return BankFileRules.amount(normalized, currency: currency, rounded: &rounded)
        }

        /// `text` as a plain decimal ("-1234.56"), or nil.
        func normalized(_ text: String, currency: Currency) -> String? {
            var rest = Substring(text)
            var isNegative = false
            var signs = 0
            let markers = Set(["₱", "PHP", "$", "€", currency.code.uppercased(), currency.symbol.uppercased()])
                .filter { !$0.isEmpty }.sorted { $0.count > $1.count }
            var changed = true
            while changed {
                changed = false
                rest = Substring(rest.trimmingCharacters(in: .whitespacesAndNewlines))
                for marker in markers {
                    if rest.uppercased().hasPrefix(marker) {
                        rest = rest.dropFirst(marker.count)
                        changed = true
                    } else if rest.uppercased().hasSuffix(marker) {
                        rest = rest.dropLast(marker.count)
                        changed = true
                    }
                }
                // A hyphen or the Unicode minus sign, before or after the number.
                if let first = rest.first, let last = rest.last,
                    first == "-" || first == "−" || last == "-" || last == "−"
                {
                    rest = first == "-" || first == "−" ? rest.dropFirst() : rest.dropLast()
                    isNegative = true
                    signs += 1
                    changed = true
                } else if rest.first == "+" {
                    rest = rest.dropFirst()
                    signs += 1
                    changed = true
                } else if rest.first == "(" && rest.last == ")" {
                    rest = rest.dropFirst().dropLast()
                    isNegative = true
                    signs += 1
                    changed = true
                }
            }
            guard signs <= 1, !rest.isEmpty else { return nil }
            let decimal: Character = decimalSeparator == .point ? "." : ","
            let parts = rest.split(separator: decimal, omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            let fraction = parts.count == 2 ? parts[1] : ""
            guard fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            let grouping = groupingSeparators
            let groups = parts[0].split(omittingEmptySubsequences: false, whereSeparator: grouping.contains)
            guard groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
            if groups.count > 1 {
                guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                    return nil
                }
            }
            var whole = groups.joined()
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            if whole.isEmpty { whole = "0" }
            return (isNegative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
        }
    }

    /// A stable identifier ("ph.bdo.2025" for ready profiles; anything unique for a company's own).
    public var id: String
    /// A name for people ("BDO (from March 2025)").
    public var name: String
    /// The field separator; nil detects one of `,` `;` tab `|` from the header line.
    public var delimiter: Character?
    /// The booking-date column; also what finds the header row.
    public var dateColumn: String
    /// The value-date column, if the bank gives one.
    public var valueDateColumn: String?
    /// The description (transaction text) column: the start of each line's remittance.
    public var descriptionColumn: String
    /// The counterparty (payee or payer) column, if separate from the description.
    public var payeeColumn: String?
    /// The bank's reference column (transaction number, check number): the line's bank reference.
    public var referenceColumn: String?
    /// Further text columns (memo, remittance details), appended to the description in this order.
    public var memoColumns: [String]
    /// Where the signed amount comes from.
    public var amount: AmountConvention
    /// The running-balance column, if any: orders the rows and gives the opening and closing balances.
    public var balanceColumn: String?
    /// Date patterns (see ``BankDatePattern``) tried in order: the one that reads most rows of a file is used for
    /// all of them, the others only for rows it cannot read.
    public var dateFormats: [String]
    /// How amounts are written.
    public var numberFormat: NumberFormat
    /// The currency of the account and of every amount in the file.
    public var currency: Currency
    /// The account (IBAN or number) to use when the file does not name it above the header.
    public var account: String?

    /// Creates a profile; call ``validate()`` before saving one built from user input.
    public init(
        id: String, name: String, delimiter: Character? = nil, dateColumn: String, valueDateColumn: String? = nil,
        descriptionColumn: String, payeeColumn: String? = nil, referenceColumn: String? = nil,
        memoColumns: [String] = [], amount: AmountConvention, balanceColumn: String? = nil, dateFormats: [String],
        numberFormat: NumberFormat = NumberFormat(), currency: Currency = .php, account: String? = nil
    ) {
        self.id = id
        self.name = name
        self.delimiter = delimiter
        self.dateColumn = dateColumn
        self.valueDateColumn = valueDateColumn
        self.descriptionColumn = descriptionColumn
        self.payeeColumn = payeeColumn
        self.referenceColumn = referenceColumn
        self.memoColumns = memoColumns
        self.amount = amount
        self.balanceColumn = balanceColumn
        self.dateFormats = dateFormats
        self.numberFormat = numberFormat
        self.currency = currency
        self.account = account
    }

    /// The date patterns, parsed; invalid ones are left out (``validate()`` reports them).
    public var datePatterns: [BankDatePattern] { dateFormats.compactMap(BankDatePattern.init) }

    // MARK: - Validation

    /// Checks every field and throws all problems at once; field names are the JSON keys ("amount.credit_column").
    public func validate() throws(ValidationErrors) {
        var errors = ValidationErrors()
        func required(_ value: String, _ field: String, maximum: Int = 100) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                errors.add(field: field, code: "required", message: "A value is required.")
            } else if trimmed.count > maximum {
                errors.add(field: field, code: "too_long", message: "At most \(maximum) characters.")
            }
        }
        func optional(_ value: String?, _ field: String) {
            if let value { required(value, field) }
        }
        required(id, CodingKeys.id.rawValue, maximum: 64)
        required(name, CodingKeys.name.rawValue)
        if let delimiter {
            let isUsable =
                delimiter.isASCII && !delimiter.isLetter && !delimiter.isNumber && delimiter != "\""
                && !delimiter.isNewline
            if !isUsable {
                errors.add(
                    field: CodingKeys.delimiter.rawValue, code: "invalid_delimiter",
                    message: "The delimiter must be one ASCII character other than a letter, digit, quote or line end.")
            }
        }
        required(dateColumn, CodingKeys.dateColumn.rawValue)
        optional(valueDateColumn, CodingKeys.valueDateColumn.rawValue)
        required(descriptionColumn, CodingKeys.descriptionColumn.rawValue)
        optional(payeeColumn, CodingKeys.payeeColumn.rawValue)
        optional(referenceColumn, CodingKeys.referenceColumn.rawValue)
        for (index, column) in memoColumns.enumerated() {
            required(column, "\(CodingKeys.memoColumns.rawValue)[\(index)]")
        }
        let prefix = CodingKeys.amount.rawValue + "."
        switch amount {
        case .signedAmount(let column):
            required(column, prefix + AmountKeys.column.rawValue)
        case .debitCredit(let debit, let credit):
            required(debit, prefix + AmountKeys.debitColumn.rawValue)
            required(credit, prefix + AmountKeys.creditColumn.rawValue)
        case .amountWithIndicator(let column, let indicator, let creditValues):
            required(column, prefix + AmountKeys.amountColumn.rawValue)
            required(indicator, prefix + AmountKeys.indicatorColumn.rawValue)
            if creditValues.isEmpty {
                errors.add(
                    field: prefix + AmountKeys.creditValues.rawValue, code: "required",
                    message: "Name at least one indicator value that means money in.")
            }
            for (index, value) in creditValues.enumerated() {
                required(value, prefix + AmountKeys.creditValues.rawValue + "[\(index)]")
            }
        }
        optional(balanceColumn, CodingKeys.balanceColumn.rawValue)
        if dateFormats.isEmpty {
            errors.add(
                field: CodingKeys.dateFormats.rawValue, code: "required", message: "Name at least one date format.")
        }
        for (index, format) in dateFormats.enumerated() where BankDatePattern(format) == nil {
            errors.add(
                field: "\(CodingKeys.dateFormats.rawValue)[\(index)]", code: "invalid_pattern",
                message: "\"\(format)\" is not a date pattern: use yyyy or yy, MM, M or MMM, dd or d, and literals.")
        }
        optional(account, CodingKeys.account.rawValue)
        try errors.throwIfAny()
    }

    // MARK: - Codable

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
        case currency, account
    }

    enum AmountKeys: String, CodingKey {
        case kind, column
        case debitColumn = "debit_column"
        case creditColumn = "credit_column"
        case amountColumn = "amount_column"
        case indicatorColumn = "indicator_column"
        case creditValues = "credit_values"
    }

    /// Decodes and validates; blank or missing names are reported together as ``ValidationErrors``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String {
            try container.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        id = try text(.id)
        name = try text(.name)
        if let delimiterText = try container.decodeIfPresent(String.self, forKey: .delimiter) {
            guard delimiterText.count == 1, let character = delimiterText.first else {
                throw ValidationErrors([
                    FieldError(
                        field: CodingKeys.delimiter.rawValue, code: "invalid_delimiter",
                        message: "The delimiter must be one character.")
                ])
            }
            delimiter = character
        } else {
            delimiter = nil
        }
        dateColumn = try text(.dateColumn)
        valueDateColumn = try container.decodeIfPresent(String.self, forKey: .valueDateColumn)
        descriptionColumn = try text(.descriptionColumn)
        payeeColumn = try container.decodeIfPresent(String.self, forKey: .payeeColumn)
        referenceColumn = try container.decodeIfPresent(String.self, forKey: .referenceColumn)
        memoColumns = try container.decodeIfPresent([String].self, forKey: .memoColumns) ?? []
        let amountContainer = try container.nestedContainer(keyedBy: AmountKeys.self, forKey: .amount)
        func amountText(_ key: AmountKeys) throws -> String {
            try amountContainer.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        let kind = try amountText(.kind)
        switch kind {
        case "signed_amount":
            amount = .signedAmount(try amountText(.column))
        case "debit_credit":
            amount = .debitCredit(try amountText(.debitColumn), try amountText(.creditColumn))
        case "amount_with_indicator":
            amount = .amountWithIndicator(
                try amountText(.amountColumn), try amountText(.indicatorColumn),
                creditValues: try amountContainer.decodeIfPresent([String].self, forKey: .creditValues) ?? [])
        default:
            throw ValidationErrors([
                FieldError(
                    field: "amount.kind", code: "invalid_choice",
                    message: "Use signed_amount, debit_credit or amount_with_indicator.")
            ])
        }
        balanceColumn = try container.decodeIfPresent(String.self, forKey: .balanceColumn)
        dateFormats = try container.decodeIfPresent([String].self, forKey: .dateFormats) ?? []
        numberFormat = try container.decodeIfPresent(NumberFormat.self, forKey: .numberFormat) ?? NumberFormat()
        currency = try container.decode(Currency.self, forKey: .currency)
        account = try container.decodeIfPresent(String.self, forKey: .account)
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(delimiter.map(String.init), forKey: .delimiter)
        try container.encode(dateColumn, forKey: .dateColumn)
        try container.encodeIfPresent(valueDateColumn, forKey: .valueDateColumn)
        try container.encode(descriptionColumn, forKey: .descriptionColumn)
        try container.encodeIfPresent(payeeColumn, forKey: .payeeColumn)
        try container.encodeIfPresent(referenceColumn, forKey: .referenceColumn)
        try container.encode(memoColumns, forKey: .memoColumns)
        var amountContainer = container.nestedContainer(keyedBy: AmountKeys.self, forKey: .amount)
        switch amount {
        case .signedAmount(let column):
            try amountContainer.encode("signed_amount", forKey: .kind)
            try amountContainer.encode(column, forKey: .column)
        case .debitCredit(let debit, let credit):
            try amountContainer.encode("debit_credit", forKey: .kind)
            try amountContainer.encode(debit, forKey: .debitColumn)
            try amountContainer.encode(credit, forKey: .creditColumn)
        case .amountWithIndicator(let column, let indicator, let creditValues):
            try amountContainer.encode("amount_with_indicator", forKey: .kind)
            try amountContainer.encode(column, forKey: .amountColumn)
            try amountContainer.encode(indicator, forKey: .indicatorColumn)
            try amountContainer.encode(creditValues, forKey: .creditValues)
        }
        try container.encodeIfPresent(balanceColumn, forKey: .balanceColumn)
        try container.encode(dateFormats, forKey: .dateFormats)
        try container.encode(numberFormat, forKey: .numberFormat)
        try container.encode(currency, forKey: .currency)
        try container.encodeIfPresent(account, forKey: .account)
    }
}

extension Character {
    /// True for 0–9 only (not other scripts' digits, not superscripts).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
