import BentaCore
import Foundation

/// What every bank-file reader (camt.052/053/054, MT940/MT942, OFX 1.x/2.x, CSV through a profile) produces: the
/// statements in one file, each with its account, balances and booked lines, plus warnings about the file.
///
/// Readers are lenient: a file that fails its schema but can be understood is read, and what looks wrong (balances that
/// do not add up, an amount with more decimals than the currency has, an unknown field) is a ``BankFileWarning``.
/// Only a file that cannot be understood at all throws ``BankFileError``. Amounts are exact: parsed from their decimal
/// text into minor units of the line's currency, never through a floating-point number.
public struct BankFile: Sendable, Hashable {
    /// The format the file was read as.
    public var format: BankFileFormat
    /// The statements (or reports/notifications) in file order; a camt file or an MT940 file may hold several.
    public var statements: [BankStatement]
    /// What looked wrong but did not stop the reading, in file order.
    public var warnings: [BankFileWarning]

    public init(format: BankFileFormat, statements: [BankStatement], warnings: [BankFileWarning] = []) {
        self.format = format
        self.statements = statements
        self.warnings = warnings
    }
}

/// The formats Benta reads.
public enum BankFileFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case camt052 = "camt.052"
    case camt053 = "camt.053"
    case camt054 = "camt.054"
    case mt940 = "mt940"
    case mt942 = "mt942"
    case ofx1 = "ofx1"
    case ofx2 = "ofx2"
    case csv = "csv"
}

/// One statement, report or notification for one bank account.
public struct BankStatement: Sendable, Hashable {
    /// The statement's own identifier (camt `Stmt/Id`, MT940 `:20:` plus `:28C:`, OFX account + date range), if any.
    public var identifier: String?
    /// The account the statement is for: IBAN, or the bank's own account number, as written in the file.
    public var account: BankAccountReference
    /// The currency of the account (camt `Acct/Ccy`, MT940 `:60F:`, OFX `CURDEF`); lines may carry their own.
    public var currency: Currency?
    /// When the bank created the statement, if the file says.
    public var createdAt: Date?
    /// The first and last day the statement covers, if the file says.
    public var fromDate: CalendarDate?
    public var toDate: CalendarDate?
    /// Balances the file states (opening, closing, available …), in file order.
    public var balances: [BankBalance]
    /// The booked (and, for camt.052/MT942, pending) lines, batch entries already split into their transactions.
    public var lines: [BankStatementLine]

    public init(
        identifier: String? = nil, account: BankAccountReference, currency: Currency? = nil, createdAt: Date? = nil,
        fromDate: CalendarDate? = nil, toDate: CalendarDate? = nil, balances: [BankBalance] = [],
        lines: [BankStatementLine] = []
    ) {
        self.identifier = identifier
        self.account = account
        self.currency = currency
        self.createdAt = createdAt
        self.fromDate = fromDate
        self.toDate = toDate
        self.balances = balances
        self.lines = lines
    }
}

/// How a file names an account: an IBAN, or another identifier (a local account number), and optionally the bank.
public struct BankAccountReference: Sendable, Hashable {
    /// The IBAN when the file gives one, without spaces, uppercase.
    public var iban: String?
    /// Any other account identifier as written (a local number, `BANKID/ACCTID` for OFX), when there is no IBAN.
    public var number: String?
    /// The bank's BIC or routing number, if given.
    public var bankIdentifier: String?
    /// The account holder's or account's name, if given.
    public var name: String?

    public init(iban: String? = nil, number: String? = nil, bankIdentifier: String? = nil, name: String? = nil) {
        self.iban = iban
        self.number = number
        self.bankIdentifier = bankIdentifier
        self.name = name
    }

    /// The IBAN, else the number: what a company bank account is matched on.
    public var key: String? { iban ?? number }
}

/// A balance stated in the file.
public struct BankBalance: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The booked balance at the start of the statement (camt OPBD/PRCD, MT940 `:60F:`/`:60M:`).
        case opening
        /// The booked balance at its end (camt CLBD, MT940 `:62F:`/`:62M:`, OFX LEDGERBAL).
        case closing
        /// The available balance (camt CLAV, MT940 `:64:`, OFX AVAILBAL).
        case available
        /// Forward available (camt FWAV, MT940 `:65:`).
        case forwardAvailable
        /// Interim balances and any other kind the file names.
        case other
    }

    public var kind: Kind
    /// Signed: a debit (overdrawn) balance is negative.
    public var amount: Money
    public var date: CalendarDate?

    public init(kind: Kind, amount: Money, date: CalendarDate?) {
        self.kind = kind
        self.amount = amount
        self.date = date
    }
}

/// One booked movement on the account: after batch entries are split, one line per transaction.
public struct BankStatementLine: Sendable, Hashable {
    /// Signed: money in (a credit to the account, a customer paying) is positive, money out negative.
    public var amount: Money
    /// The booking date (camt `BookgDt`, MT940 entry date or value date, OFX `DTPOSTED`).
    public var bookingDate: CalendarDate
    /// The value date, if the file gives one.
    public var valueDate: CalendarDate?
    /// The bank's own reference for the entry (camt `AcctSvcrRef`, MT940 bank reference after `//`, OFX `FITID`):
    /// the first key duplicates are recognised by.
    public var bankReference: String?
    /// The end-to-end identifier the payer gave (camt `EndToEndId`, SEPA `EREF+`, `/EREF/`), if any and not
    /// "NOTPROVIDED".
    public var endToEndID: String?
    /// The counterparty: for money in, the payer (camt `Dbtr`/`UltmtDbtr`); for money out, the payee.
    public var counterpartyName: String?
    /// The counterparty's account (IBAN or number), if given: remembered once a match is confirmed.
    public var counterpartyAccount: String?
    /// The remittance information: unstructured text and any structured creditor reference (RF…, QRR), joined by
    /// spaces; where the matcher looks for invoice numbers.
    public var remittance: String
    /// A structured creditor reference (ISO 11649 RF…, or another scheme's), if the file gives one separately.
    public var creditorReference: String?
    /// The bank transaction code as text (camt domain/family/sub-family or proprietary code, MT940 `N…` code, OFX
    /// TRNTYPE), if any.
    public var transactionCode: String?
    /// True for a reversal (camt `RvslInd`, MT940 `RC`/`RD`) or a returned direct debit.
    public var isReversal: Bool
    /// False for camt.052/MT942 pending entries (status PDNG/INFO).
    public var isBooked: Bool
    /// Where the line came from in the file (entry index, and transaction index inside a batch), for messages.
    public var position: String

    public init(
        amount: Money, bookingDate: CalendarDate, valueDate: CalendarDate? = nil, bankReference: String? = nil,
        endToEndID: String? = nil, counterpartyName: String? = nil, counterpartyAccount: String? = nil,
        remittance: String = "", creditorReference: String? = nil, transactionCode: String? = nil,
        isReversal: Bool = false, isBooked: Bool = true, position: String = ""
    ) {
        self.amount = amount
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.bankReference = bankReference
        self.endToEndID = endToEndID
        self.counterpartyName = counterpartyName
        self.counterpartyAccount = counterpartyAccount
        self.remittance = remittance
        self.creditorReference = creditorReference
        self.transactionCode = transactionCode
        self.isReversal = isReversal
        self.isBooked = isBooked
        self.position = position
    }
}

/// Something in the file that looked wrong but did not stop the reading.
public struct BankFileWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// Opening + lines ≠ closing for a statement.
        case balanceMismatch = "balance_mismatch"
        /// An amount had more decimals than its currency; it was rounded half up.
        case amountRounded = "amount_rounded"
        /// A line or field could not be read and was skipped.
        case skipped
        /// A batch entry's transactions do not add up to the entry.
        case batchMismatch = "batch_mismatch"
        /// Anything else worth telling the user.
        case other
    }

    public var code: Code
    /// Where in the file: a line number, an entry index, a statement id.
    public var position: String
    /// What happened, in English (the UI maps `code` to its own words).
    public var message: String

    /// Creates a warning; text quoted from the file is made readable (see ``BankFileRules/readable(_:)``).
    public init(code: Code, position: String, message: String) {
        self.code = code
        self.position = BankFileRules.readable(position)
        self.message = BankFileRules.readable(message)
    }

    public var description: String { "\(position): \(message)" }
}

/// A bank file that cannot be read at all; nothing is imported from it.
public struct BankFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// Not a format Benta reads (or the content does not look like the format named).
        case unrecognised
        /// Larger than the limit.
        case tooLarge = "too_large"
        /// Malformed beyond repair (broken XML, no statement in it, a required field missing everywhere).
        case malformed
        /// Refused for safety: a DOCTYPE, an external entity, entity expansion.
        case forbidden
        /// Understood but not a bank statement (an OFX investment statement, a camt message of another kind).
        case unsupported
    }

    public var code: Code
    public var message: String
    /// Line number (1-based) or other position, when known.
    public var position: String?

    /// Creates an error; text quoted from the file is made readable (see ``BankFileRules/readable(_:)``).
    public init(code: Code, message: String, position: String? = nil) {
        self.code = code
        self.message = BankFileRules.readable(message)
        self.position = position.map { BankFileRules.readable($0) }
    }

    public var description: String {
        if let position { return "\(position): \(message)" }
        return message
    }
}

/// Shared helpers every bank reader uses, so amounts, dates and checks behave the same in every format.
public enum BankFileRules {
    /// The largest bank file accepted: 50 MiB.
    public static let maximumBytes = 50 * 1024 * 1024

    /// The most characters of a message or position shown; the rest becomes "…".
    public static let maximumMessageCharacters = 300

    /// A message or position fit to show a person, whatever a broken file put into the text it quotes: line
    /// breaks and tabs become spaces, other control characters U+FFFD, and text past
    /// ``maximumMessageCharacters`` is cut (found by `benta fuzz`: tags and fields with NULs, escapes or 50 KB of
    /// junk were echoed whole).
    public static func readable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var characters = 0
        for scalar in text.unicodeScalars {
            if characters == maximumMessageCharacters {
                result.append("…")
                break
            }
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0..<0x20, 0x7F: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
            characters += 1
        }
        return String(result)
    }

    /// Parses a plain decimal amount ("1234.56", "-12.5", "0.00", "18.150") exactly into minor units of `currency`;
    /// a value with more decimals than the currency has is rounded half up and reported through `rounded`.
    /// Nil when the text is not a plain decimal number (no thousands separators, no currency sign, no exponent).
    public static func amount(_ text: String, currency: Currency, rounded: inout Bool) -> Money? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = Substring(trimmed)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        } else if digits.first == "+" {
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || (parts.count == 2 && !parts[1].isEmpty),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        guard let decimal = Decimal(string: (negative ? "-" : "") + String(digits), locale: Locale(identifier: "C"))
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        let significantFraction = fraction.reversed().drop(while: { $0 == "0" }).count
        if significantFraction > currency.minorUnitDigits { rounded = true }
        return try? Rounding.toMoney(decimal, currency: currency)
    }

    /// Warns when opening + Σ lines ≠ closing for a statement that states both (booked lines only).
    public static func balanceWarning(for statement: BankStatement, position: String) -> BankFileWarning? {
        guard let opening = statement.balances.first(where: { $0.kind == .opening }),
            let closing = statement.balances.last(where: { $0.kind == .closing }),
            opening.amount.currency == closing.amount.currency
        else { return nil }
        var sum = opening.amount.minorUnits
        for line in statement.lines where line.isBooked && line.amount.currency == opening.amount.currency {
            sum += line.amount.minorUnits
        }
        guard sum != closing.amount.minorUnits else { return nil }
        let expected = Money(minorUnits: sum, currency: opening.amount.currency)
        return BankFileWarning(
            code: .balanceMismatch, position: position,
            message: "opening balance plus the lines is \(expected.plainText), the closing balance is "
                + "\(closing.amount.plainText)")
    }
}

extension Money {
    /// "-1234.56 EUR": a plain, locale-free rendering for messages.
    fileprivate var plainText: String {
        let digits = currency.minorUnitDigits
        let magnitude = minorUnits.magnitude
        let per = UInt64(currency.minorUnitsPerMajorUnit)
        let whole = magnitude / per
        var text = (minorUnits < 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(magnitude % per)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text + " " + currency.code
    }
}
