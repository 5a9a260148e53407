import BentaCore
import Foundation

/// Writes a ``BankStatement`` as the files banks send: camt.053 and camt.054 (ISO 20022 XML, version 02), SWIFT
/// MT940, OFX 2.x (XML) and OFX 1.x (SGML), and a BDO CSV export (``BankCSVProfile/bdo2025``) — what the demo company
/// gives the accountant to import and what the matching benchmark imports. Each file reads back through its reader
/// (``CamtReader``, ``MT940Reader``, ``OFXReader``, ``BankCSVReader``) as the same statement, within what the
/// format carries:
///
/// - camt.053/camt.054: everything (one `TxDtls` per entry; the structured creditor reference, when a line has one,
///   ends its remittance as the readers give it). camt.054 carries no balances.
/// - MT940: no account name, no creditor reference; the `:86:` details use the structured `/EREF/…/NAME/…/IBAN/…/REMI/`
///   shape. A line without a value date gets its booking date, and the transaction code is `NTRF` unless the line's
///   is a four-letter SWIFT code; a statement without stated balances gets an opening of zero and a closing of the
///   opening plus its lines (MT940 requires both). The identifier is `:20:` and `:28C:`, split at its first space.
/// - OFX: no end-to-end id, creditor reference or reversal flag; the account is `BANKID` (the bank identifier) and
///   `ACCTID`; the closing and available balances only; `TRNTYPE` is the line's code, else `CREDIT`/`DEBIT`.
/// - CSV: the booking and value dates, the remittance (`Description`), the bank reference and the amount, with a
///   running balance from the opening balance (zero when not stated); the account number and name above the header.
///
/// Lines are written in the statement's order, which should be booking order (the CSV reader orders by the running
/// balance). Amounts are written from their minor units, never through a floating-point number.
public enum BankStatementWriter {
    /// The file for `statement` in `format` (camt.052 and MT942 are not written: they are read only).
    public static func write(_ statement: BankStatement, as format: BankFileFormat, createdAt: Date) -> Data? {
        switch format {
        case .camt053: camt053(statement, createdAt: createdAt)
        case .camt054: camt054(statement, createdAt: createdAt)
        case .mt940: mt940(statement)
        case .ofx2: ofx2(statement, createdAt: createdAt)
        case .ofx1: ofx1(statement, createdAt: createdAt)
        case .csv: bdoCSV(statement)
        case .camt052, .mt942: nil
        }
    }

    /// The formats ``write(_:as:createdAt:)`` writes.
    public static let writableFormats: [BankFileFormat] = [.camt053, .camt054, .mt940, .ofx2, .ofx1, .csv]

    /// The usual file name extension for a written format.
    public static func fileExtension(_ format: BankFileFormat) -> String {
        switch format {
        case .camt052, .camt053, .camt054: "xml"
        case .mt940, .mt942: "sta"
        case .ofx1, .ofx2: "ofx"
        case .csv: "csv"
        }
    }

    // MARK: - camt

    /// An ISO 20022 camt.053.001.02 bank-to-customer statement.
    public static func camt053(_ statement: BankStatement, createdAt: Date) -> Data {
        camt(statement, createdAt: createdAt, message: "BkToCstmrStmt", element: "Stmt", schema: "camt.053.001.02")
    }

    /// An ISO 20022 camt.054.001.02 debit/credit notification (no balances).
    public static func camt054(_ statement: BankStatement, createdAt: Date) -> Data {
        var notification = statement
        notification.balances = []
        return camt(
            notification, createdAt: createdAt, message: "BkToCstmrDbtCdtNtfctn", element: "Ntfctn",
            schema: "camt.054.001.02")
    }

    static func camt(
        _ statement: BankStatement, createdAt: Date, message: String, element: String, schema: String
    ) -> Data {
        let currency = statementCurrency(statement)
        let created = isoDateTime(statement.createdAt ?? createdAt)
        let identifier = statement.identifier ?? "STMT-\(statement.toDate?.iso8601String ?? created)"
        var xml = XMLText()
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        xml.raw("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:\(schema)\">")
        xml.open(message)
        xml.open("GrpHdr")
        xml.leaf("MsgId", identifier)
        xml.leaf("CreDtTm", created)
        xml.close("GrpHdr")
        xml.open(element)
        xml.leaf("Id", identifier)
        xml.leaf("CreDtTm", created)
        if let from = statement.fromDate, let to = statement.toDate {
            xml.open("FrToDt")
            xml.leaf("FrDtTm", from.iso8601String + "T00:00:00")
            xml.leaf("ToDtTm", to.iso8601String + "T23:59:59")
            xml.close("FrToDt")
        }
        xml.open("Acct")
        xml.open("Id")
        if let iban = statement.account.iban {
            xml.leaf("IBAN", iban)
        } else {
            xml.open("Othr")
            xml.leaf("Id", statement.account.number ?? "")
            xml.close("Othr")
        }
        xml.close("Id")
        xml.leaf("Ccy", currency.code)
        if let name = statement.account.name { xml.leaf("Nm", name) }
        if let bank = statement.account.bankIdentifier {
            xml.open("Svcr")
            xml.open("FinInstnId")
            xml.leaf("BIC", bank)
            xml.close("FinInstnId")
            xml.close("Svcr")
        }
        xml.close("Acct")
        for balance in statement.balances {
            let code: String? =
                switch balance.kind {
                case .opening: "OPBD"
                case .closing: "CLBD"
                case .available: "CLAV"
                case .forwardAvailable: "FWAV"
                case .other: nil
                }
            guard let code else { continue }
            xml.open("Bal")
            xml.raw("<Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp>")
            xml.amount(balance.amount)
            xml.leaf("CdtDbtInd", balance.amount.minorUnits < 0 ? "DBIT" : "CRDT")
            if let date = balance.date { xml.raw("<Dt><Dt>\(date.iso8601String)</Dt></Dt>") }
            xml.close("Bal")
        }
        for line in statement.lines { camtEntry(line, into: &xml) }
        xml.close(element)
        xml.close(message)
        xml.raw("</Document>")
        return Data(xml.text.utf8)
    }

    static func camtEntry(_ line: BankStatementLine, into xml: inout XMLText) {
        let isMoneyIn = line.amount.minorUnits >= 0
        xml.open("Ntry")
        if let reference = line.bankReference { xml.leaf("NtryRef", reference) }
        xml.amount(line.amount)
        xml.leaf("CdtDbtInd", isMoneyIn ? "CRDT" : "DBIT")
        if line.isReversal { xml.leaf("RvslInd", "true") }
        xml.leaf("Sts", line.isBooked ? "BOOK" : "PDNG")
        xml.raw("<BookgDt><Dt>\(line.bookingDate.iso8601String)</Dt></BookgDt>")
        if let value = line.valueDate { xml.raw("<ValDt><Dt>\(value.iso8601String)</Dt></ValDt>") }
        if let reference = line.bankReference { xml.leaf("AcctSvcrRef", reference) }
        if let code = line.transactionCode { camtTransactionCode(code, into: &xml) }
        xml.open("NtryDtls")
        xml.open("TxDtls")
        if let endToEnd = line.endToEndID {
            xml.open("Refs")
            xml.leaf("EndToEndId", endToEnd)
            xml.close("Refs")
        }
        let party = isMoneyIn ? "Dbtr" : "Cdtr"
        if line.counterpartyName != nil || line.counterpartyAccount != nil {
            xml.open("RltdPties")
            if let name = line.counterpartyName {
                xml.open(party)
                xml.leaf("Nm", name)
                xml.close(party)
            }
            if let account = line.counterpartyAccount {
                xml.open(party + "Acct")
                xml.open("Id")
                if let iban = MT940Reader.normalizedIBAN(account), iban == account {
                    xml.leaf("IBAN", iban)
                } else {
                    xml.open("Othr")
                    xml.leaf("Id", account)
                    xml.close("Othr")
                }
                xml.close("Id")
                xml.close(party + "Acct")
            }
            xml.close("RltdPties")
        }
        let (unstructured, reference) = splitRemittance(line)
        if !unstructured.isEmpty || reference != nil {
            xml.open("RmtInf")
            if !unstructured.isEmpty { xml.leaf("Ustrd", unstructured) }
            if let reference {
                xml.open("Strd")
                xml.open("CdtrRefInf")
                xml.leaf("Ref", reference)
                xml.close("CdtrRefInf")
                xml.close("Strd")
            }
            xml.close("RmtInf")
        }
        xml.close("TxDtls")
        xml.close("NtryDtls")
        xml.close("Ntry")
    }

    /// `PMNT/RCDT/ESCT` as a domain code; anything else as a proprietary code.
    static func camtTransactionCode(_ code: String, into xml: inout XMLText) {
        let parts = code.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        xml.open("BkTxCd")
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) {
            xml.open("Domn")
            xml.leaf("Cd", parts[0])
            xml.open("Fmly")
            xml.leaf("Cd", parts[1])
            xml.leaf("SubFmlyCd", parts[2])
            xml.close("Fmly")
            xml.close("Domn")
        } else {
            xml.open("Prtry")
            xml.leaf("Cd", code)
            xml.close("Prtry")
        }
        xml.close("BkTxCd")
    }

    /// The unstructured remittance and the structured creditor reference: a line's remittance ends with its creditor
    /// reference (as the camt reader joins them), which is written once, structured.
    static func splitRemittance(_ line: BankStatementLine) -> (String, String?) {
        guard let reference = line.creditorReference else { return (line.remittance, nil) }
        if line.remittance == reference { return ("", reference) }
        if line.remittance.hasSuffix(" " + reference) {
            return (String(line.remittance.dropLast(reference.count + 1)), reference)
        }
        return (line.remittance, reference)
    }

    // MARK: - MT940

    /// A SWIFT MT940 customer statement (text block only, CRLF lines, ending with `-`).
    public static func mt940(_ statement: BankStatement) -> Data {
        let currency = statementCurrency(statement)
        var lines: [String] = []
        let identifier = statement.identifier ?? "STATEMENT"
        let parts = identifier.split(separator: " ", maxSplits: 1).map(String.init)
        lines.append(":20:" + parts[0])
        var account = statement.account.iban ?? statement.account.number ?? ""
        if let bank = statement.account.bankIdentifier, MT940Reader.isBIC(bank) { account = bank + "/" + account }
        lines.append(":25:" + account)
        lines.append(":28C:" + (parts.count > 1 ? parts[1] : "1/1"))
        let firstDate = statement.lines.first?.bookingDate ?? statement.toDate ?? CalendarDate(daysSinceEpoch: 0)
        let opening =
            statement.balances.first { $0.kind == .opening }
            ?? BankBalance(
                kind: .opening, amount: Money(minorUnits: 0, currency: currency),
                date: statement.fromDate ?? firstDate)
        let sum = statement.lines.filter { $0.amount.currency.code == currency.code }.reduce(Int64(0)) {
            $0 + $1.amount.minorUnits
        }
        let closing =
            statement.balances.last { $0.kind == .closing }
            ?? BankBalance(
                kind: .closing, amount: Money(minorUnits: opening.amount.minorUnits + sum, currency: currency),
                date: statement.toDate ?? statement.lines.last?.bookingDate ?? firstDate)
        lines.append(":60F:" + mt940Balance(opening, fallbackDate: firstDate))
        for line in statement.lines {
            let value = line.valueDate ?? line.bookingDate
            let mark: String
            switch (line.isReversal, line.amount.minorUnits < 0) {
            case (false, false): mark = "C"
            case (false, true): mark = "D"
            case (true, true): mark = "RC"
            case (true, false): mark = "RD"
            }
            var code = "NTRF"
            if let given = line.transactionCode, given.count == 4, given.first?.isLetter == true,
                given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            {
                code = given
            }
            let entry = pad(line.bookingDate.month) + pad(line.bookingDate.day)
            lines.append(
                ":61:" + yymmdd(value) + entry + mark + mt940Amount(line.amount) + code + "NONREF"
                    + (line.bankReference.map { "//" + $0 } ?? ""))
            var details = ""
            if let endToEnd = line.endToEndID { details += "/EREF/" + endToEnd }
            if let name = line.counterpartyName { details += "/NAME/" + name }
            if let account = line.counterpartyAccount { details += "/IBAN/" + account }
            if !line.remittance.isEmpty || details.isEmpty { details += "/REMI/" + line.remittance }
            lines.append(":86:" + details)
        }
        lines.append(":62F:" + mt940Balance(closing, fallbackDate: statement.lines.last?.bookingDate ?? firstDate))
        for balance in statement.balances where balance.kind == .available {
            lines.append(":64:" + mt940Balance(balance, fallbackDate: closing.date ?? firstDate))
        }
        lines.append("-")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func mt940Balance(_ balance: BankBalance, fallbackDate: CalendarDate) -> String {
        (balance.amount.minorUnits < 0 ? "D" : "C") + yymmdd(balance.date ?? fallbackDate)
            + balance.amount.currency.code + mt940Amount(balance.amount)
    }

    /// `1500,00`: the magnitude with a decimal comma.
    static func mt940Amount(_ amount: Money) -> String {
        plainAmount(Money(minorUnits: abs(amount.minorUnits), currency: amount.currency))
            .replacingOccurrences(of: ".", with: ",")
    }

    static func yymmdd(_ date: CalendarDate) -> String {
        pad(date.year % 100) + pad(date.month) + pad(date.day)
    }

    static func pad(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }

    // MARK: - OFX

    /// An OFX 2.2 (XML) bank statement download.
    public static func ofx2(_ statement: BankStatement, createdAt: Date) -> Data {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        text +=
            "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"
        text += ofxBody(statement, createdAt: createdAt, closeLeaves: true)
        return Data(text.utf8)
    }

    /// An OFX 1.0.2 (SGML) bank statement download: leaves without closing tags, ASCII with character references.
    public static func ofx1(_ statement: BankStatement, createdAt: Date) -> Data {
        var text =
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
            + "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
        text += ofxBody(statement, createdAt: createdAt, closeLeaves: false)
        return Data(text.utf8)
    }

    static func ofxBody(_ statement: BankStatement, createdAt: Date, closeLeaves: Bool) -> String {
        var out = ""
        func open(_ name: String) { out += "<\(name)>\n" }
        func close(_ name: String) { out += "</\(name)>\n" }
        func leaf(_ name: String, _ value: String) {
            let escaped = closeLeaves ? escapeXML(value) : escapeSGML(value)
            out += "<\(name)>\(escaped)" + (closeLeaves ? "</\(name)>\n" : "\n")
        }
        let currency = statementCurrency(statement)
        open("OFX")
        open("SIGNONMSGSRSV1")
        open("SONRS")
        open("STATUS")
        leaf("CODE", "0")
        leaf("SEVERITY", "INFO")
        close("STATUS")
        leaf("DTSERVER", ofxDateTime(statement.createdAt ?? createdAt))
        leaf("LANGUAGE", "ENG")
        close("SONRS")
        close("SIGNONMSGSRSV1")
        open("BANKMSGSRSV1")
        open("STMTTRNRS")
        leaf("TRNUID", "1")
        open("STATUS")
        leaf("CODE", "0")
        leaf("SEVERITY", "INFO")
        close("STATUS")
        open("STMTRS")
        leaf("CURDEF", currency.code)
        open("BANKACCTFROM")
        let bankID = statement.account.bankIdentifier
        var accountID = statement.account.iban ?? statement.account.number ?? ""
        if let bankID, accountID.hasPrefix(bankID + "/") { accountID.removeFirst(bankID.count + 1) }
        if let bankID { leaf("BANKID", bankID) }
        leaf("ACCTID", accountID)
        leaf("ACCTTYPE", "CHECKING")
        close("BANKACCTFROM")
        open("BANKTRANLIST")
        if let from = statement.fromDate ?? statement.lines.first?.bookingDate {
            leaf("DTSTART", ofxDate(from))
        }
        if let to = statement.toDate ?? statement.lines.last?.bookingDate { leaf("DTEND", ofxDate(to)) }
        for line in statement.lines {
            open("STMTTRN")
            leaf("TRNTYPE", line.transactionCode ?? (line.amount.minorUnits < 0 ? "DEBIT" : "CREDIT"))
            leaf("DTPOSTED", ofxDate(line.bookingDate))
            if let value = line.valueDate { leaf("DTUSER", ofxDate(value)) }
            leaf("TRNAMT", plainAmount(line.amount))
            if let reference = line.bankReference { leaf("FITID", reference) }
            if let name = line.counterpartyName { leaf("NAME", name) }
            if let account = line.counterpartyAccount {
                open("BANKACCTTO")
                leaf("ACCTID", account)
                leaf("ACCTTYPE", "CHECKING")
                close("BANKACCTTO")
            }
            if !line.remittance.isEmpty { leaf("MEMO", line.remittance) }
            close("STMTTRN")
        }
        close("BANKTRANLIST")
        for (name, kind) in [("LEDGERBAL", BankBalance.Kind.closing), ("AVAILBAL", .available)] {
            guard let balance = statement.balances.last(where: { $0.kind == kind }) else { continue }
            open(name)
            leaf("BALAMT", plainAmount(balance.amount))
            leaf("DTASOF", ofxDate(balance.date ?? statement.toDate ?? CalendarDate(daysSinceEpoch: 0)))
            close(name)
        }
        close("STMTRS")
        close("STMTTRNRS")
        close("BANKMSGSRSV1")
        close("OFX")
        return out
    }

    static func ofxDate(_ date: CalendarDate) -> String {
        String(format: "%04d%02d%02d", date.year, date.month, date.day)
    }

    static func ofxDateTime(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86_400
        return ofxDate(day) + String(format: "%02d%02d%02d", rest / 3600, rest % 3600 / 60, rest % 60) + "[0:GMT]"
    }

    /// SGML text: the markup characters as references, and everything outside ASCII as a numeric reference.
    static func escapeSGML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += "&#\(scalar.value);" }
            }
        }
        return out
    }

    // MARK: - CSV

    /// A BDO export in the layout of ``BankCSVProfile/bdo2025`` (account lines above the header, `dd-MM-yyyy` dates,
    /// Debit and Credit columns with thousands separators, a running balance).
    public static func bdoCSV(_ statement: BankStatement) -> Data {
        let currency = statementCurrency(statement)
        var rows: [[String]] = []
        if let name = statement.account.name { rows.append(["Account Name:", name]) }
        rows.append(["Account Number:", statement.account.iban ?? statement.account.number ?? ""])
        if let from = statement.fromDate ?? statement.lines.first?.bookingDate,
            let to = statement.toDate ?? statement.lines.last?.bookingDate
        {
            rows.append(["Period:", ddmmyyyy(from) + " to " + ddmmyyyy(to)])
        }
        rows.append([])
        rows.append([
            "Transaction Date", "Value Date", "Description", "Reference Number", "Debit", "Credit", "Running Balance",
        ])
        var balance = statement.balances.first { $0.kind == .opening }?.amount.minorUnits ?? 0
        for line in statement.lines {
            balance += line.amount.minorUnits
            let magnitude = Money(minorUnits: abs(line.amount.minorUnits), currency: currency)
            let isDebit = line.amount.minorUnits < 0
            rows.append([
                ddmmyyyy(line.bookingDate), line.valueDate.map(ddmmyyyy) ?? "", line.remittance,
                line.bankReference ?? "", isDebit ? groupedAmount(magnitude) : "",
                isDebit ? "" : groupedAmount(magnitude), groupedAmount(Money(minorUnits: balance, currency: currency)),
            ])
        }
        let text = rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data(text.utf8)
    }

    static func ddmmyyyy(_ date: CalendarDate) -> String {
        String(format: "%02d-%02d-%04d", date.day, date.month, date.year)
    }

    /// `1,234.56`, `-1,234.56`.
    static func groupedAmount(_ amount: Money) -> String {
        let plain = plainAmount(amount)
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let whole = Array(parts[0])
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Shared

    /// The statement's currency, else its first line's, else pesos.
    static func statementCurrency(_ statement: BankStatement) -> Currency {
        statement.currency ?? statement.lines.first?.amount.currency ?? .php
    }

    /// `1234.56`, `-0.05`: the exact decimal of the minor units.
    static func plainAmount(_ amount: Money) -> String {
        amount.decimalString
    }

    /// `2026-03-05T14:30:00Z`.
    static func isoDateTime(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86_400
        return day.iso8601String + String(format: "T%02d:%02d:%02dZ", rest / 3600, rest % 3600 / 60, rest % 60)
    }

    static func escapeXML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Indented XML built element by element.
    struct XMLText {
        var text = ""
        var depth = 0

        mutating func raw(_ line: String) {
            text += String(repeating: "  ", count: depth) + line + "\n"
        }

        mutating func open(_ name: String) {
            raw("<\(name)>")
            depth += 1
        }

        mutating func close(_ name: String) {
            depth -= 1
            raw("</\(name)>")
        }

        mutating func leaf(_ name: String, _ value: String) {
            raw("<\(name)>\(BankStatementWriter.escapeXML(value))</\(name)>")
        }

        /// `<Amt Ccy="PHP">1500.00</Amt>`: the magnitude.
        mutating func amount(_ money: Money) {
            let magnitude = Money(minorUnits: abs(money.minorUnits), currency: money.currency)
            raw("<Amt Ccy=\"\(money.currency.code)\">\(magnitude.decimalString)</Amt>")
        }
    }
}
