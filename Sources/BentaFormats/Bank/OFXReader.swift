import BentaCore
import Foundation

/// Reads OFX 1.x (SGML) and OFX 2.x (XML) bank and credit-card statement downloads into a ``BankFile``.
///
/// One tokenizer serves both forms: an OFX 1.x file is a `KEY:VALUE` header and SGML whose leaf elements have no
/// closing tag (a leaf's value runs to the next `<`); an OFX 2.x file is `<?xml …?><?OFX …?>` and XML. Character
/// references (`&amp;`, `&#233;` …) are decoded; a `<!DOCTYPE`, `<!ENTITY` or other declaration is refused as
/// ``BankFileError/Code-swift.enum/forbidden``, so no entity is ever expanded.
///
/// Every `STMTRS` (bank, in `BANKMSGSRSV1`) and `CCSTMTRS` (credit card, in `CREDITCARDMSGSRSV1`) becomes one
/// ``BankStatement``: `CURDEF` is its currency, `BANKACCTFROM`/`CCACCTFROM` its account (`BANKID/ACCTID`), `DTSTART`
/// and `DTEND` its dates (the identifier is `ACCTID 2026-03-01..2026-03-05`), `LEDGERBAL` its closing and `AVAILBAL`
/// its available balance. Each `STMTTRN` is a line: `DTPOSTED` the booking date, `DTUSER` (else `DTAVAIL`) the value
/// date, `TRNAMT` the signed amount, `FITID` the bank reference, `NAME` (or `PAYEE/NAME`) the counterparty, `MEMO` and
/// `REFNUM` the remittance, `TRNTYPE` the code; a transaction with its own `CURRENCY` is in that currency.
///
/// A transaction without a posting date or with an unreadable amount (`$120`) is skipped with a warning; a file with
/// only an investment statement is ``BankFileError/Code-swift.enum/unsupported``, and so is one whose only content is
/// the server's error (the message is kept).
public enum OFXReader {
    /// Reads an OFX 1.x or 2.x file; the format is ``BankFileFormat/ofx2`` for an XML header (`<?xml`, `<?OFX`),
    /// ``BankFileFormat/ofx1`` for an `OFXHEADER:` header, and for a file without header the form its elements take.
    public static func read(_ data: Data) throws(BankFileError) -> BankFile {
        guard data.count <= BankFileRules.maximumBytes else {
            throw BankFileError(
                code: .tooLarge, message: "the file is larger than \(BankFileRules.maximumBytes / 1024 / 1024) MiB")
        }
        let text = decodeText(data)
        guard let ofxStart = text.range(of: "<OFX>", options: .caseInsensitive) else {
            throw BankFileError(code: .unrecognised, message: "not an OFX file: there is no <OFX> element")
        }
        let header = text[..<ofxStart.lowerBound]
        let tokens = try tokenize(text)
        let tree = try buildTree(tokens)
        guard let root = tree.root.first("OFX") else {
            throw BankFileError(code: .unrecognised, message: "not an OFX file: there is no <OFX> element")
        }
        let format: BankFileFormat
        if header.contains("<?xml") || header.contains("<?OFX") || header.contains("<?ofx") {
            format = .ofx2
        } else if header.contains("OFXHEADER:") {
            format = .ofx1
        } else {
            format = tree.hasUnclosedLeaves ? .ofx1 : .ofx2
        }
        var warnings: [BankFileWarning] = []
        let createdAt = root.first("SIGNONMSGSRSV1")?.first("SONRS")?.value("DTSERVER").flatMap(instant)
        let statementElements = root.descendants(named: ["STMTRS", "CCSTMTRS"])
        var statements: [BankStatement] = []
        for (index, element) in statementElements.enumerated() {
            statements.append(
                statement(element, number: index + 1, createdAt: createdAt, warnings: &warnings))
        }
        let serverErrors = errorMessages(root)
        if statements.isEmpty {
            if !root.descendants(named: ["INVSTMTRS", "INVSTMTMSGSRSV1"]).isEmpty {
                throw BankFileError(
                    code: .unsupported,
                    message: "this OFX file holds an investment statement, not a bank or credit-card statement")
            }
            if let message = serverErrors.first {
                throw BankFileError(
                    code: .unsupported, message: "the bank's server answered with an error and no statement: \(message)"
                )
            }
            warnings.append(
                BankFileWarning(
                    code: .other, position: "file", message: "the file holds no bank or credit-card statement"))
        } else {
            for message in serverErrors {
                warnings.append(
                    BankFileWarning(code: .other, position: "file", message: "the bank's server reported: \(message)"))
            }
        }
        return BankFile(format: format, statements: statements, warnings: warnings)
    }

    // MARK: - Text

    /// UTF-8 when valid (a byte-order mark dropped), else Windows-1252, the usual `CHARSET:1252` of OFX 1.x, else
    /// ISO-8859-1.
    static func decodeText(_ data: Data) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: .windowsCP1252) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    // MARK: - Tokens

    enum Token: Equatable {
        case start(String)
        case end(String)
        case text(String)
    }

    /// Splits SGML or XML into start tags, end tags and text. Processing instructions and comments are dropped,
    /// CDATA is text, a declaration (`<!DOCTYPE`, `<!ENTITY` …) is refused. Tag names are uppercased; attributes
    /// (OFX has none) are ignored.
    static func tokenize(_ text: String) throws(BankFileError) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[textStart..<end])
            tokens.append(.text(decodeReferences(String(view))))
        }
        // ASCII case-insensitive comparison of `prefix` (uppercase ASCII) with the scalars at `position`.
        func starts(with prefix: String, at position: Int) -> Bool {
            var offset = position
            for scalar in prefix.unicodeScalars {
                guard offset < scalars.count else { return false }
                var value = scalars[offset].value
                if value >= 0x61 && value <= 0x7A { value -= 0x20 }
                guard value == scalar.value else { return false }
                offset += 1
            }
            return true
        }
        func find(_ terminator: String, from position: Int) -> Int? {
            guard let first = terminator.unicodeScalars.first else { return nil }
            var offset = position
            while offset < scalars.count {
                if scalars[offset] == first, starts(with: terminator, at: offset) { return offset }
                offset += 1
            }
            return nil
        }
        while index < scalars.count {
            guard scalars[index] == "<" else {
                index += 1
                continue
            }
            flushText(upTo: index)
            if starts(with: "<![CDATA[", at: index) {
                let contentStart = index + 9
                let end = find("]]>", from: contentStart) ?? scalars.count
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[contentStart..<end])
                tokens.append(.text(String(view)))
                index = min(end + 3, scalars.count)
            } else if starts(with: "<!--", at: index) {
                index = (find("-->", from: index + 4)).map { $0 + 3 } ?? scalars.count
            } else if starts(with: "<!", at: index) {
                let kind = starts(with: "<!DOCTYPE", at: index) ? "DOCTYPE" : "declaration"
                throw BankFileError(
                    code: .forbidden,
                    message: "the OFX file contains a \(kind) (<!…>); document types and entities are refused")
            } else if starts(with: "<?", at: index) {
                index = (find("?>", from: index + 2)).map { $0 + 2 } ?? scalars.count
            } else {
                guard let close = find(">", from: index + 1) else {
                    throw BankFileError(code: .malformed, message: "a tag is not closed with >")
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[(index + 1)..<close])
                var body = String(view).trimmingCharacters(in: .whitespacesAndNewlines)
                var isEnd = false
                if body.hasPrefix("/") {
                    isEnd = true
                    body.removeFirst()
                }
                let selfClosing = body.hasSuffix("/")
                if selfClosing { body.removeLast() }
                let name = String(body.prefix(while: { !$0.isWhitespace })).uppercased()
                if !name.isEmpty {
                    tokens.append(isEnd ? .end(name) : .start(name))
                    if selfClosing { tokens.append(.end(name)) }
                }
                index = close + 1
            }
            textStart = index
        }
        flushText(upTo: scalars.count)
        return tokens
    }

    /// Decodes the five XML entities and numeric character references; anything else (a bare `&` in SGML) is kept.
    static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    replacement = String(Character(scalar))
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value)
                {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                result += replacement
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        result += rest
        return result
    }

    // MARK: - Tree

    /// One element: an aggregate with children, or a leaf with its text.
    struct Element {
        var name: String
        var text = ""
        var children: [Element] = []

        /// The first child named `name`.
        func first(_ name: String) -> Element? { children.first { $0.name == name } }

        /// The trimmed text of the first child named `name`; nil when absent or empty.
        func value(_ name: String) -> String? {
            guard let text = first(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                return nil
            }
            return text
        }

        /// Every element below this one named one of `names`, in document order (not looking inside a match).
        func descendants(named names: Set<String>) -> [Element] {
            var found: [Element] = []
            var stack: [Element] = children.reversed()
            while let element = stack.popLast() {
                if names.contains(element.name) {
                    found.append(element)
                } else {
                    stack.append(contentsOf: element.children.reversed())
                }
            }
            return found
        }
    }

    struct Tree {
        var root: Element
        var hasUnclosedLeaves: Bool
    }

    /// Elements that hold other elements; any other element holding text is a leaf, closed by the next tag.
    static let aggregates: Set<String> = [
        "OFX", "SIGNONMSGSRSV1", "SONRS", "STATUS", "FI", "BANKMSGSRSV1", "STMTTRNRS", "STMTRS", "BANKACCTFROM",
        "BANKACCTTO", "CCACCTFROM", "CCACCTTO", "BANKTRANLIST", "STMTTRN", "LEDGERBAL", "AVAILBAL", "BALLIST", "BAL",
        "CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "CURRENCY", "ORIGCURRENCY", "PAYEE", "INVSTMTMSGSRSV1",
        "INVSTMTTRNRS", "INVSTMTRS", "SIGNUPMSGSRSV1", "ACCTINFOTRNRS", "ACCTINFORS", "ACCTINFO", "BANKACCTINFO",
        "CCACCTINFO", "SECLISTMSGSRSV1",
    ]

    /// Elements that only ever hold text, even when empty.
    static let leaves: Set<String> = [
        "CODE", "SEVERITY", "MESSAGE", "DTSERVER", "LANGUAGE", "TRNUID", "CURDEF", "BANKID", "BRANCHID", "ACCTID",
        "ACCTTYPE", "DTSTART", "DTEND", "TRNTYPE", "DTPOSTED", "DTUSER", "DTAVAIL", "TRNAMT", "FITID", "CHECKNUM",
        "REFNUM", "NAME", "MEMO", "BALAMT", "DTASOF", "SIC", "PAYEEID", "CURRATE", "CURSYM", "ORG", "FID",
    ]

    static let maximumDepth = 64

    /// Builds the element tree. An unknown element is a leaf when text follows its start tag, an aggregate when
    /// another start tag does; an end tag closes every element opened since its start tag (SGML leaves).
    static func buildTree(_ tokens: [Token]) throws(BankFileError) -> Tree {
        var stack: [Element] = [Element(name: "")]
        var openLeaf: Element?
        var hasUnclosedLeaves = false
        func closeLeaf(explicitly: Bool) {
            guard let leaf = openLeaf else { return }
            if !explicitly { hasUnclosedLeaves = true }
            stack[stack.count - 1].children.append(leaf)
            openLeaf = nil
        }
        func pop() {
            let element = stack.removeLast()
            stack[stack.count - 1].children.append(element)
        }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let text):
                if openLeaf != nil { openLeaf?.text += text }
            case .start(let name):
                closeLeaf(explicitly: false)
                var isAggregate = aggregates.contains(name)
                if !isAggregate, !leaves.contains(name) {
                    // Look past whitespace: another start tag means this one holds elements.
                    var next = index
                    while next < tokens.count, case .text(let text) = tokens[next],
                        text.allSatisfy({ $0.isWhitespace })
                    {
                        next += 1
                    }
                    if next < tokens.count, case .start = tokens[next] { isAggregate = true }
                }
                if isAggregate {
                    guard stack.count < maximumDepth else {
                        throw BankFileError(code: .malformed, message: "the OFX elements nest too deeply")
                    }
                    stack.append(Element(name: name))
                } else {
                    openLeaf = Element(name: name)
                }
            case .end(let name):
                if openLeaf?.name == name {
                    closeLeaf(explicitly: true)
                    continue
                }
                closeLeaf(explicitly: false)
                guard stack.dropFirst().contains(where: { $0.name == name }) else { continue }
                while stack.count > 1, stack[stack.count - 1].name != name { pop() }
                if stack.count > 1 { pop() }
            }
        }
        closeLeaf(explicitly: false)
        while stack.count > 1 { pop() }
        return Tree(root: stack[0], hasUnclosedLeaves: hasUnclosedLeaves)
    }

    // MARK: - Statements

    static func statement(
        _ element: Element, number: Int, createdAt: Date?, warnings: inout [BankFileWarning]
    ) -> BankStatement {
        let position = "statement \(number)"
        let currency = statementCurrency(element, position: position, warnings: &warnings)
        let accountElement = element.first("BANKACCTFROM") ?? element.first("CCACCTFROM")
        var account = BankAccountReference()
        if let accountElement {
            let bankID = accountElement.value("BANKID")
            let accountID = accountElement.value("ACCTID")
            if let accountID, let iban = MT940Reader.normalizedIBAN(accountID) {
                account.iban = iban
            } else if let accountID {
                account.number = bankID.map { "\($0)/\(accountID)" } ?? accountID
            }
            account.bankIdentifier = bankID
        }
        let list = element.first("BANKTRANLIST")
        var statement = BankStatement(account: account, currency: currency, createdAt: createdAt)
        statement.fromDate = list?.value("DTSTART").flatMap(date)
        statement.toDate = list?.value("DTEND").flatMap(date)
        let range = [statement.fromDate, statement.toDate].map { $0?.iso8601String ?? "" }.joined(separator: "..")
        statement.identifier = [accountElement?.value("ACCTID"), range == ".." ? nil : range].compactMap { $0 }
            .joined(separator: " ")
        if statement.identifier?.isEmpty == true { statement.identifier = nil }
        let transactions = list?.children.filter { $0.name == "STMTTRN" } ?? []
        for (index, transaction) in transactions.enumerated() {
            let linePosition = "\(position), transaction \(index + 1)"
            if let line = line(transaction, currency: currency, position: linePosition, warnings: &warnings) {
                statement.lines.append(line)
            }
        }
        if !transactions.isEmpty, statement.lines.isEmpty {
            warnings.append(
                BankFileWarning(
                    code: .other, position: position, message: "none of the statement's transactions could be read"))
        }
        for (name, kind) in [("LEDGERBAL", BankBalance.Kind.closing), ("AVAILBAL", .available)] {
            guard let balance = element.first(name) else { continue }
            guard let text = balance.value("BALAMT") else {
                warnings.append(
                    BankFileWarning(code: .skipped, position: position, message: "the \(name) balance is empty"))
                continue
            }
            guard let amount = amount(text, currency: currency, position: position, warnings: &warnings) else {
                warnings.append(
                    BankFileWarning(
                        code: .skipped, position: position, message: "the \(name) amount \(text) is not a number"))
                continue
            }
            statement.balances.append(
                BankBalance(kind: kind, amount: amount, date: balance.value("DTASOF").flatMap(date)))
        }
        return statement
    }

    /// `CURDEF`; when empty, the currency the first transaction names (`CURRENCY/CURSYM`), with a warning; else XXX.
    static func statementCurrency(
        _ element: Element, position: String, warnings: inout [BankFileWarning]
    ) -> Currency {
        if let code = element.value("CURDEF")?.uppercased(), MT940Reader.isCurrencyCode(code) {
            return MT940Reader.currency(for: code)
        }
        let named = element.descendants(named: ["CURRENCY", "ORIGCURRENCY"]).lazy.compactMap {
            $0.value("CURSYM")?.uppercased()
        }.first { MT940Reader.isCurrencyCode($0) }
        if let named {
            warnings.append(
                BankFileWarning(
                    code: .other, position: position,
                    message: "the statement has no CURDEF; the transactions' currency \(named) is used"))
            return MT940Reader.currency(for: named)
        }
        warnings.append(
            BankFileWarning(
                code: .other, position: position,
                message: "the statement names no currency; its amounts are read with two decimals as XXX"))
        return Currency(code: "XXX", minorUnitDigits: 2, symbol: "XXX")
    }

    static func line(
        _ transaction: Element, currency: Currency, position: String, warnings: inout [BankFileWarning]
    ) -> BankStatementLine? {
        func skip(_ reason: String) -> BankStatementLine? {
            warnings.append(
                BankFileWarning(code: .skipped, position: position, message: "the transaction was skipped: \(reason)"))
            return nil
        }
        guard let posted = transaction.value("DTPOSTED") else { return skip("it has no DTPOSTED date") }
        guard let bookingDate = date(posted) else { return skip("its DTPOSTED \(posted) is not a date") }
        guard let amountText = transaction.value("TRNAMT") else { return skip("it has no TRNAMT amount") }
        // A transaction in another currency than CURDEF names it in CURRENCY; its amount is in that currency.
        var lineCurrency = currency
        if let code = transaction.first("CURRENCY")?.value("CURSYM")?.uppercased(), MT940Reader.isCurrencyCode(code) {
            lineCurrency = MT940Reader.currency(for: code)
        }
        guard let amount = amount(amountText, currency: lineCurrency, position: position, warnings: &warnings) else {
            return skip("its amount \(amountText) is not a plain number")
        }
        let name = transaction.value("NAME") ?? transaction.first("PAYEE")?.value("NAME")
        let memo = transaction.value("MEMO")
        var remittance = [memo, transaction.value("REFNUM")].compactMap { $0 }
        if remittance.isEmpty, let name { remittance.append(name) }
        let counterparty = transaction.first("BANKACCTTO") ?? transaction.first("CCACCTTO")
        return BankStatementLine(
            amount: amount, bookingDate: bookingDate,
            valueDate: (transaction.value("DTUSER") ?? transaction.value("DTAVAIL")).flatMap(date),
            bankReference: transaction.value("FITID"), counterpartyName: name,
            counterpartyAccount: counterparty?.value("ACCTID"),
            remittance: remittance.joined(separator: " "), transactionCode: transaction.value("TRNTYPE"),
            position: position)
    }

    /// A plain decimal amount; `12,34` (a comma decimal and no dot) is read as 12.34.
    static func amount(
        _ text: String, currency: Currency, position: String, warnings: inout [BankFileWarning]
    ) -> Money? {
        var plain = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !plain.contains("."), plain.filter({ $0 == "," }).count == 1 {
            plain = plain.replacingOccurrences(of: ",", with: ".")
        }
        var rounded = false
        guard let money = BankFileRules.amount(plain, currency: currency, rounded: &rounded) else { return nil }
        if rounded {
            warnings.append(
                BankFileWarning(
                    code: .amountRounded, position: position,
                    message: "the amount \(text) has more decimals than \(currency.code); it was rounded half up"))
        }
        return money
    }

    // MARK: - Dates

    /// `YYYYMMDD[HHMMSS[.XXX]][[+-]h:TZ]` → the calendar date written (the first eight digits), whatever the zone.
    static func date(_ text: String) -> CalendarDate? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard let year = MT940Reader.digits(chars, 0..<4), let month = MT940Reader.digits(chars, 4..<6),
            let day = MT940Reader.digits(chars, 6..<8)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The instant an OFX date-time names: local time plus the `[offset:zone]` suffix, GMT when it has none.
    static func instant(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard let day = date(text) else { return nil }
        var components = DateComponents()
        components.year = day.year
        components.month = day.month
        components.day = day.day
        components.hour = MT940Reader.digits(chars, 8..<10) ?? 0
        components.minute = MT940Reader.digits(chars, 10..<12) ?? 0
        components.second = MT940Reader.digits(chars, 12..<14) ?? 0
        var offsetSeconds = 0
        if let open = chars.firstIndex(of: "["), let close = chars.firstIndex(of: "]"), open < close {
            let inside = String(chars[(open + 1)..<close])
            let number = inside.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if let hours = Decimal(string: number, locale: Locale(identifier: "C")), hours >= -18, hours <= 18 {
                offsetSeconds = NSDecimalNumber(decimal: hours * 3600).intValue
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        calendar.timeZone = zone
        return calendar.date(from: components)
    }

    // MARK: - Server errors

    /// The messages of every STATUS whose severity is ERROR (signon or statement response), with their codes.
    static func errorMessages(_ root: Element) -> [String] {
        root.descendants(named: ["STATUS"]).compactMap { status in
            guard status.value("SEVERITY")?.uppercased() == "ERROR" else { return nil }
            let code = status.value("CODE") ?? "?"
            return "\(code) \(status.value("MESSAGE") ?? "(no message)")"
        }
    }
}
