import Foundation

/// An imported bank statement: which file, for which account, what it said, and how many of its lines were new.
public struct ImportedStatement: Sendable, Hashable {
    public typealias ID = Identifier<ImportedStatement>

    public var id: ID
    public var companyID: Company.ID
    public var bankAccountID: BankAccount.ID
    /// "camt.053", "mt940", "ofx1", "csv" …
    public var format: String
    public var fileName: String
    public var identifier: String?
    public var fromDate: CalendarDate?
    public var toDate: CalendarDate?
    public var currency: Currency
    public var opening: Money?
    public var closing: Money?
    /// Lines new to Benta (added to the review queue).
    public var lineCount: Int
    /// Lines already imported from an earlier (or overlapping) statement, skipped.
    public var duplicateCount: Int
    /// The reader's warnings, as text.
    public var warnings: [String]
    public var importedBy: User.ID?
    public var importedAt: Date
    /// Where its import stands: lines are filed and matched a batch at a time, each batch committed on its own, so
    /// the counts below grow while a large file imports.
    public var importStatus: StatementImportStatus
    /// The statement's booked lines in the account's currency: what the import reads.
    public var linesTotal: Int
    /// Lines the import confirmed as payments (statements imported before progress was kept: the lines matched
    /// since).
    public var linesMatched: Int
    /// Why the import stopped (`failed`, and `stopped` as read).
    public var importError: String?
    /// The server instance that runs (or ran) the import; nil for imports before instances were kept, or by a
    /// process that registered none. While `importing`, a dead instance makes the statement read as `stopped`.
    public var instanceID: String?

    /// Lines read so far: filed as new, or skipped as already imported.
    public var linesRead: Int { lineCount + duplicateCount }

    public init(
        id: ID, companyID: Company.ID, bankAccountID: BankAccount.ID, format: String, fileName: String,
        identifier: String?, fromDate: CalendarDate?, toDate: CalendarDate?, currency: Currency, opening: Money?,
        closing: Money?, lineCount: Int, duplicateCount: Int, warnings: [String], importedBy: User.ID?,
        importedAt: Date, importStatus: StatementImportStatus = .imported, linesTotal: Int? = nil,
        linesMatched: Int = 0, importError: String? = nil, instanceID: String? = nil
    ) {
        self.instanceID = instanceID
        self.importStatus = importStatus
        self.linesTotal = linesTotal ?? lineCount + duplicateCount
        self.linesMatched = linesMatched
        self.importError = importError
        self.id = id
        self.companyID = companyID
        self.bankAccountID = bankAccountID
        self.format = format
        self.fileName = fileName
        self.identifier = identifier
        self.fromDate = fromDate
        self.toDate = toDate
        self.currency = currency
        self.opening = opening
        self.closing = closing
        self.lineCount = lineCount
        self.duplicateCount = duplicateCount
        self.warnings = warnings
        self.importedBy = importedBy
        self.importedAt = importedAt
    }
}

/// Where a statement's import stands.
public enum StatementImportStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Batches are still being filed and matched; the counts grow as each commits.
    case importing
    /// Every line was read.
    case imported
    /// The import stopped (`importError` says why); the batches committed before stay, and importing the same
    /// file again adds only the lines still missing.
    case failed
    /// Still `importing` in the database, but the server instance that ran it is dead (killed mid-file): read as
    /// stopped, never stored; as with `failed`, importing the same file again adds the lines still missing.
    case stopped
}

/// Where a statement line stands in the review queue.
public enum StatementLineStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a person (or the matcher) to say which invoices it pays.
    case unmatched
    /// Recorded as a payment (`paymentID`).
    case matched
    /// Not a customer payment (bank charges, a transfer between own accounts, money out).
    case ignored
}

/// One line of an imported statement, kept with the key that recognises it when it is imported again.
public struct StatementLineRecord: Sendable, Hashable {
    public typealias ID = Identifier<StatementLineRecord>

    public var id: ID
    public var companyID: Company.ID
    public var bankAccountID: BankAccount.ID
    public var statementID: ImportedStatement.ID
    public var dedupeKey: String
    public var bookingDate: CalendarDate
    public var valueDate: CalendarDate?
    /// Signed: money in positive.
    public var amount: Money
    public var bankReference: String?
    public var endToEndID: String?
    public var counterpartyName: String?
    public var counterpartyAccount: String?
    public var remittance: String
    public var creditorReference: String?
    public var transactionCode: String?
    public var isReversal: Bool
    public var status: StatementLineStatus
    public var paymentID: Payment.ID?
    public var createdAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, bankAccountID: BankAccount.ID, statementID: ImportedStatement.ID,
        dedupeKey: String, bookingDate: CalendarDate, valueDate: CalendarDate?, amount: Money, bankReference: String?,
        endToEndID: String?, counterpartyName: String?, counterpartyAccount: String?, remittance: String,
        creditorReference: String?, transactionCode: String?, isReversal: Bool, status: StatementLineStatus,
        paymentID: Payment.ID?, createdAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.bankAccountID = bankAccountID
        self.statementID = statementID
        self.dedupeKey = dedupeKey
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amount = amount
        self.bankReference = bankReference
        self.endToEndID = endToEndID
        self.counterpartyName = counterpartyName
        self.counterpartyAccount = counterpartyAccount
        self.remittance = remittance
        self.creditorReference = creditorReference
        self.transactionCode = transactionCode
        self.isReversal = isReversal
        self.status = status
        self.paymentID = paymentID
        self.createdAt = createdAt
        self.version = version
    }
}

/// How a statement line is recognised when the same or an overlapping statement is imported again: the bank's own
/// reference, else the payer's end-to-end id, else date + amount + counterparty — each numbered by its occurrence
/// in the file, so two identical-looking lines of one file stay two lines, and importing the file again gives the
/// same keys.
public enum StatementDedupe {
    /// The key of each line, in order.
    public static func keys(
        for lines: [(
            bankReference: String?, endToEndID: String?, date: CalendarDate, amount: Money, counterparty: String?
        )]
    ) -> [String] {
        var seen: [String: Int] = [:]
        return lines.map { line in
            let base: String
            if let reference = clean(line.bankReference) {
                base = "ref:" + reference
            } else if let endToEnd = clean(line.endToEndID) {
                base = "e2e:" + endToEnd + "|" + line.amount.decimalString
            } else {
                base =
                    "dac:" + line.date.iso8601String + "|" + line.amount.currency.code + line.amount.decimalString
                    + "|" + (clean(line.counterparty)?.lowercased() ?? "")
            }
            let occurrence = seen[base, default: 0]
            seen[base] = occurrence + 1
            return occurrence == 0 ? base : base + "#\(occurrence)"
        }
    }

    private static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.uppercased() != "NOTPROVIDED", trimmed.uppercased() != "NONREF" else {
            return nil
        }
        return String(trimmed.prefix(200))
    }
}
