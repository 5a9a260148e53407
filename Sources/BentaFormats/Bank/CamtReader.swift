import BentaCore
import Foundation

/// Reads ISO 20022 bank-to-customer cash management messages: camt.052 (account report), camt.053 (statement) and
/// camt.054 (debit/credit notification), any version (052 v01–v08, 053 and 054 v02–v08).
///
/// The message is recognised by its element (`BkToCstmrAcctRpt`, `BkToCstmrStmt`, `BkToCstmrDbtCdtNtfctn`), not by
/// the schema: files that fail their XSD but can be understood are read (see ``BankFile``). A batch entry is split
/// into one line per `TxDtls` when every transaction states its amount (else it stays one line, with a
/// `.batchMismatch` warning); a split line's `bankReference` is the transaction's own `AcctSvcrRef` or `TxId`, else
/// the entry's `AcctSvcrRef` followed by `#` and the transaction's number, so every line has a key of its own. For
/// money in the counterparty is the debtor (else the ultimate debtor), for money out the creditor; a return (`RtrInf`)
/// names the other side, since the money goes back. Dates are the calendar dates as written (`DtTm` keeps its date
/// part); an entry without a booking date takes its value date, else the statement's date, with a warning. The XML is
/// read by ``SafeXMLReader``, so a DOCTYPE is refused.
public enum CamtReader {
    /// Reads a camt.052, camt.053 or camt.054 file.
    ///
    /// Throws `.malformed` for broken XML or a message without any statement, `.forbidden` for a DOCTYPE,
    /// `.tooLarge` beyond the limits, `.unrecognised` when the file is not an ISO 20022 document and `.unsupported`
    /// for an ISO 20022 message that is not a bank-to-customer report, statement or notification.
    public static func read(_ data: Data) throws(BankFileError) -> BankFile {
        let root = try SafeXMLReader().parse(data)
        guard root.name == "Document", let message = root.children.first else {
            throw BankFileError(
                code: .unrecognised, message: "not an ISO 20022 document (the root element is <\(root.name)>)",
                position: "line \(root.line)")
        }
        let format: BankFileFormat
        let statementName: String
        // camt.052.001.01 and .053.001.01 name the message with its version: BkToCstmrAcctRptV01.
        var messageName = message.name
        if let versioned = messageName.range(of: #"V[0-9]{2}$"#, options: .regularExpression) {
            messageName.removeSubrange(versioned)
        }
        switch messageName {
        case "BkToCstmrAcctRpt": (format, statementName) = (.camt052, "Rpt")
        case "BkToCstmrStmt": (format, statementName) = (.camt053, "Stmt")
        case "BkToCstmrDbtCdtNtfctn": (format, statementName) = (.camt054, "Ntfctn")
        default:
            throw BankFileError(
                code: .unsupported,
                message: "the ISO 20022 message <\(message.name)> is not a bank-to-customer report, statement or "
                    + "notification (camt.052, camt.053, camt.054)",
                position: "line \(message.line)")
        }
        var context = Context(messageCreated: message.string("GrpHdr", "CreDtTm"))
        let elements = message.children(statementName)
        guard !elements.isEmpty else {
            throw BankFileError(
                code: .malformed, message: "the \(format.rawValue) message has no <\(statementName)> in it",
                position: "line \(message.line)")
        }
        var statements: [BankStatement] = []
        for (offset, element) in elements.enumerated() {
            let statement = context.statement(element, number: offset + 1)
            if let warning = BankFileRules.balanceWarning(
                for: statement, position: context.statementPosition(statement, number: offset + 1))
            {
                context.warnings.append(warning)
            }
            statements.append(statement)
        }
        return BankFile(format: format, statements: statements, warnings: context.warnings)
    }
}

extension CamtReader {
    /// What a camt date-time says: the calendar date as written, and the instant when it can be placed.
    struct DateTimeText {
        var date: CalendarDate
        var instant: Date?
    }

    /// Parses `2015-03-10`, `2015-03-10T18:43:50+01:00`, `…Z`, `…T06:10:29.000000000` (no offset: read as UTC).
    static func parseDateTime(_ text: String) -> DateTimeText? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                guard let digit = Int(String(scalars[index])), scalars[index].isASCII else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard scalars.count >= 10, scalars[4] == "-", scalars[7] == "-", let year = number(0..<4),
            let month = number(5..<7), let day = number(8..<10),
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        guard scalars.count >= 19, scalars[10] == "T", let hour = number(11..<13), let minute = number(14..<16),
            let second = number(17..<19), hour < 24, minute < 60, second < 61
        else { return DateTimeText(date: date, instant: nil) }
        var index = 19
        if index < scalars.count, scalars[index] == "." || scalars[index] == "," {
            index += 1
            while index < scalars.count, scalars[index].properties.numericType != nil, scalars[index].isASCII {
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            if scalars[index] == "Z" {
                index += 1
            } else if scalars[index] == "+" || scalars[index] == "-", let hours = number((index + 1)..<(index + 3)),
                let minutes = number((index + 4)..<(index + 6))
            {
                offsetSeconds = (hours * 3600 + minutes * 60) * (scalars[index] == "-" ? -1 : 1)
                index += 6
            }
        }
        guard index == scalars.count else { return DateTimeText(date: date, instant: nil) }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return DateTimeText(date: date, instant: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The currency for an ISO code: the built-in one, else two decimals under the code itself.
    static func currency(_ code: String) -> Currency? {
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard trimmed.count == 3, trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return Currency(code: trimmed) ?? Currency(code: trimmed, minorUnitDigits: 2, symbol: trimmed)
    }

    /// Reading state shared by the statements of one file: the warnings so far.
    struct Context {
        var messageCreated: String?
        var warnings: [BankFileWarning] = []

        func statementPosition(_ statement: BankStatement, number: Int) -> String {
            if let identifier = statement.identifier { return "statement \(number) (\(identifier))" }
            return "statement \(number)"
        }

        mutating func warn(_ code: BankFileWarning.Code, _ position: String, _ message: String) {
            warnings.append(BankFileWarning(code: code, position: position, message: message))
        }

        mutating func statement(_ element: SafeXMLElement, number: Int) -> BankStatement {
            let account = element.child("Acct")
            var reference = BankAccountReference()
            if let iban = account?.string("Id", "IBAN") {
                reference.iban = iban.replacingOccurrences(of: " ", with: "").uppercased()
            } else {
                reference.number = account?.string("Id", "Othr", "Id")
            }
            reference.name =
                account?.string("Nm") ?? account?.string("Ownr", "Nm")
                ?? account?.string("Ownr", "Pty", "Nm")
            let institution = account?.path("Svcr", "FinInstnId")
            reference.bankIdentifier = institution?.string("BICFI") ?? institution?.string("BIC")
            var statement = BankStatement(
                identifier: element.string("Id"), account: reference,
                currency: account?.string("Ccy").flatMap(CamtReader.currency),
                createdAt: element.string("CreDtTm").flatMap(CamtReader.parseDateTime)?.instant)
            let period = element.child("FrToDt")
            statement.fromDate =
                (period?.string("FrDtTm") ?? period?.string("FrDt"))
                .flatMap(CamtReader.parseDateTime)?.date
            statement.toDate =
                (period?.string("ToDtTm") ?? period?.string("ToDt"))
                .flatMap(CamtReader.parseDateTime)?.date
            let position = statementPosition(statement, number: number)
            for (offset, balance) in element.children("Bal").enumerated() {
                if let balance = self.balance(
                    balance, statement: statement, position: "\(position), balance \(offset + 1)")
                {
                    statement.balances.append(balance)
                }
            }
            let fallbackDate =
                statement.toDate ?? element.string("CreDtTm").flatMap(CamtReader.parseDateTime)?.date
                ?? messageCreated.flatMap(CamtReader.parseDateTime)?.date
            for (offset, entry) in element.children("Ntry").enumerated() {
                statement.lines += lines(
                    entry, statement: statement, fallbackDate: fallbackDate,
                    position: "statement \(number), entry \(offset + 1)")
            }
            return statement
        }

        /// A signed amount from an `Amt Ccy=…` element and the `CdtDbtInd` beside it.
        mutating func amount(
            _ element: SafeXMLElement?, indicator: String?, fallbackCurrency: Currency?, position: String
        ) -> Money? {
            guard let element, let text = element.trimmedText else { return nil }
            guard let currency = element.attribute("Ccy").flatMap(CamtReader.currency) ?? fallbackCurrency else {
                warn(.skipped, position, "the amount \(text) has no currency")
                return nil
            }
            var rounded = false
            guard let money = BankFileRules.amount(text, currency: currency, rounded: &rounded) else {
                warn(.skipped, position, "\(text) is not an amount")
                return nil
            }
            if rounded {
                warn(.amountRounded, position, "\(text) has more decimals than \(currency.code) has; rounded half up")
            }
            guard indicator == "DBIT" else { return money }
            return Money(minorUnits: -money.minorUnits, currency: money.currency)
        }

        mutating func balance(_ element: SafeXMLElement, statement: BankStatement, position: String) -> BankBalance? {
            let code = element.string("Tp", "CdOrPrtry", "Cd")
            let kind: BankBalance.Kind =
                switch code {
                case "OPBD", "PRCD": .opening
                case "CLBD": .closing
                case "CLAV": .available
                case "FWAV": .forwardAvailable
                default: .other
                }
            guard
                let amount = amount(
                    element.child("Amt"), indicator: element.string("CdtDbtInd"), fallbackCurrency: statement.currency,
                    position: position)
            else {
                warn(.skipped, position, "a balance without a readable amount was skipped")
                return nil
            }
            let date = (element.string("Dt", "Dt") ?? element.string("Dt", "DtTm")).flatMap(CamtReader.parseDateTime)
            return BankBalance(kind: kind, amount: amount, date: date?.date)
        }

        /// The lines of one `Ntry`: one, or one per transaction of a batch whose transactions state their amounts.
        mutating func lines(
            _ entry: SafeXMLElement, statement: BankStatement, fallbackDate: CalendarDate?, position: String
        ) -> [BankStatementLine] {
            let indicator = entry.string("CdtDbtInd")
            if indicator != "CRDT" && indicator != "DBIT" {
                warn(.other, position, "the entry has no credit/debit indicator; read as a credit")
            }
            guard
                let amount = amount(
                    entry.child("Amt"), indicator: indicator, fallbackCurrency: statement.currency, position: position)
            else {
                warn(.skipped, position, "an entry without a readable amount was skipped")
                return []
            }
            let booking = CamtReader.date(entry.child("BookgDt"))
            let value = CamtReader.date(entry.child("ValDt"))
            guard let bookingDate = booking ?? value ?? fallbackDate else {
                warn(.skipped, position, "an entry without any date was skipped")
                return []
            }
            if booking == nil {
                warn(
                    .other, position,
                    "the entry has no booking date; \(value != nil ? "the value date" : "the statement's date") "
                        + "was used")
            }
            let status = entry.string("Sts") ?? entry.string("Sts", "Cd") ?? entry.string("Sts", "Prtry")
            var base = BankStatementLine(
                amount: amount, bookingDate: bookingDate, valueDate: value, bankReference: entry.string("AcctSvcrRef"),
                transactionCode: CamtReader.transactionCode(entry.child("BkTxCd")),
                isReversal: ["true", "1"].contains(entry.string("RvslInd")?.lowercased() ?? ""),
                isBooked: status != "PDNG" && status != "INFO", position: position)
            let additional = entry.string("AddtlNtryInf").map(CamtReader.collapsingSpaces)
            let transactions = entry.children("NtryDtls").flatMap { $0.children("TxDtls") }
            guard !transactions.isEmpty else {
                base.remittance = additional ?? ""
                return [base]
            }
            if transactions.count == 1 {
                var line = transaction(transactions[0], base: base, isSplit: false)
                if line.remittance.isEmpty { line.remittance = additional ?? "" }
                return [line]
            }
            var amounts: [Money] = []
            for (offset, transaction) in transactions.enumerated() {
                let amountElement = transaction.child("Amt") ?? transaction.path("AmtDtls", "TxAmt", "Amt")
                let transactionIndicator = transaction.string("CdtDbtInd") ?? indicator
                if let money = self.amount(
                    amountElement, indicator: transactionIndicator, fallbackCurrency: amount.currency,
                    position: "\(position), transaction \(offset + 1)"),
                    money.currency == amount.currency
                {
                    amounts.append(money)
                }
            }
            guard amounts.count == transactions.count else {
                warn(
                    .batchMismatch, position,
                    "the entry holds \(transactions.count) transactions, not all with an amount in "
                        + "\(amount.currency.code); kept as one line")
                var line = base
                let parts = transactions.map { transaction($0, base: base, isSplit: false) }
                line.remittance = parts.map(\.remittance).filter { !$0.isEmpty }.joined(separator: " ")
                if line.remittance.isEmpty { line.remittance = additional ?? "" }
                line.counterpartyName = CamtReader.common(parts.map(\.counterpartyName))
                line.counterpartyAccount = CamtReader.common(parts.map(\.counterpartyAccount))
                line.endToEndID = CamtReader.common(parts.map(\.endToEndID))
                line.isReversal = parts.contains(where: \.isReversal) || base.isReversal
                return [line]
            }
            let total = amounts.reduce(Int64(0)) { $0 &+ $1.minorUnits }
            if total != amount.minorUnits {
                warn(
                    .batchMismatch, position,
                    "the entry's \(transactions.count) transactions add up to \(total) minor units, the entry to "
                        + "\(amount.minorUnits)")
            }
            return transactions.enumerated().map { offset, element in
                var line = base
                line.amount = amounts[offset]
                line.position = "\(position), transaction \(offset + 1)"
                if let reference = base.bankReference { line.bankReference = "\(reference)#\(offset + 1)" }
                line = transaction(element, base: line, isSplit: true)
                if line.remittance.isEmpty { line.remittance = additional ?? "" }
                return line
            }
        }

        /// Fills a line from one `TxDtls`: references, the counterparty, remittance and return information.
        func transaction(_ element: SafeXMLElement, base: BankStatementLine, isSplit: Bool) -> BankStatementLine {
            var line = base
            let references = element.child("Refs")
            // A split line prefers the transaction's own reference; a single one keeps the entry's.
            let ownReference = references?.string("AcctSvcrRef") ?? references?.string("TxId")
            line.bankReference = isSplit ? ownReference ?? line.bankReference : line.bankReference ?? ownReference
            if let endToEnd = references?.string("EndToEndId"), endToEnd.uppercased() != "NOTPROVIDED" {
                line.endToEndID = endToEnd
            }
            if let code = CamtReader.transactionCode(element.child("BkTxCd")) { line.transactionCode = code }
            let parties = element.child("RltdPties")
            // A return sends money back the other way: its counterparty is the side the original payment had.
            let isMoneyIn = (line.amount.minorUnits >= 0) != (element.child("RtrInf") != nil)
            let party = isMoneyIn ? "Dbtr" : "Cdtr"
            line.counterpartyName =
                CamtReader.partyName(parties?.child(party)) ?? CamtReader.partyName(parties?.child("Ultmt" + party))
            let account = parties?.path(party + "Acct", "Id")
            line.counterpartyAccount =
                account?.string("IBAN").map { $0.replacingOccurrences(of: " ", with: "").uppercased() }
                ?? account?.string("Othr", "Id")
            var remittance: [String] = []
            var creditorReference: String?
            if let information = element.child("RmtInf") {
                remittance += information.children("Ustrd").compactMap(\.trimmedText).map(CamtReader.collapsingSpaces)
                for structured in information.children("Strd") {
                    for document in structured.children("RfrdDocInf") {
                        if let number = document.string("Nb") { remittance.append(number) }
                    }
                    if let reference = structured.string("CdtrRefInf", "Ref") {
                        creditorReference = creditorReference ?? reference
                        remittance.append(reference)
                    }
                    remittance += structured.children("AddtlRmtInf").compactMap(\.trimmedText)
                        .map(CamtReader.collapsingSpaces)
                }
            }
            if let returned = element.child("RtrInf") {
                line.isReversal = true
                let reason = returned.string("Rsn", "Cd") ?? returned.string("Rsn", "Prtry")
                remittance.append("Return" + (reason.map { " \($0)" } ?? ""))
                remittance += returned.children("AddtlInf").compactMap(\.trimmedText).map(CamtReader.collapsingSpaces)
            }
            line.remittance = remittance.joined(separator: " ")
            line.creditorReference = creditorReference
            return line
        }
    }

    /// The date of a `BookgDt`/`ValDt`-like element: `Dt`, or the date part of `DtTm` as written.
    static func date(_ element: SafeXMLElement?) -> CalendarDate? {
        guard let element else { return nil }
        let text = element.string("Dt") ?? element.string("DtTm") ?? element.trimmedText
        return text.flatMap(parseDateTime)?.date
    }

    /// `PMNT/ICDT/DMCT` from a domain code, else the proprietary code; nil when empty.
    static func transactionCode(_ element: SafeXMLElement?) -> String? {
        guard let element else { return nil }
        if let domain = element.string("Domn", "Cd") {
            return [domain, element.string("Domn", "Fmly", "Cd"), element.string("Domn", "Fmly", "SubFmlyCd")]
                .compactMap { $0 }.joined(separator: "/")
        }
        return element.string("Prtry", "Cd")
    }

    /// A party's name in either shape: `Dbtr/Nm` (up to v07) or `Dbtr/Pty/Nm` (v08).
    static func partyName(_ element: SafeXMLElement?) -> String? {
        guard let element else { return nil }
        return (element.string("Nm") ?? element.string("Pty", "Nm")).map(collapsingSpaces)
    }

    /// Runs of white space (line breaks and indentation inside long remittance lines) become one space.
    static func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The value when every non-nil value is the same one, else nil.
    static func common(_ values: [String?]) -> String? {
        let present = Set(values.compactMap { $0 })
        return present.count == 1 ? present.first : nil
    }
}
