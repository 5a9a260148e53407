import BentaCore
import Foundation

/// Reads SWIFT MT940 (customer statement) and MT942 (interim transaction report) files into a ``BankFile``.
///
/// The reader is lenient, as real bank exports are: SWIFT blocks `{1:…}{2:…}{4: … -}` are optional, a file may hold
/// several statements (each `:20:` starts one; a `-` line ends one), fields may wrap over lines, and what cannot be
/// understood (a `:61:` it cannot read, a 30 February, amounts with too many decimals, balances that do not add up) is
/// a ``BankFileWarning``. Only a file with no SWIFT field at all, or larger than ``BankFileRules/maximumBytes``, throws.
///
/// Text is decoded as UTF-8, else ISO-8859-1, so any byte sequence reads. Amounts go through
/// ``BankFileRules/amount(_:currency:rounded:)`` after the comma decimal is turned into a dot; a statement's currency
/// is the one of its `:60F:`/`:60M:` opening balance (else `:25:`'s suffix, `:62F:`, `:34F:`). A statement's
/// identifier is `:20:` and `:28C:` joined by a space (`BENTA260301 00042/001`); its from and to dates are the dates of
/// its opening and closing balances; a line's booking date is the entry date (in the year nearest the value date), else
/// the value date.
///
/// The `:86:` details are read in the three common shapes: German GV codes (`?00` posting text, `?20`–`?29` and
/// `?60`–`?63` remittance, `?30` bank, `?31` account, `?32`/`?33` name, with SEPA `EREF+`, `KREF+`, `SVWZ+` keys
/// inside), Dutch structured `/TRTP/…/NAME/…/IBAN/…/REMI/…/EREF/…`, and free text.
public enum MT940Reader {
    /// Reads an MT940 or MT942 file.
    ///
    /// The format is ``BankFileFormat/mt942`` when the file has a `:34F:` floor limit, a `:13D:` date-time
    /// indication or an application header `{2:…942…}`, else ``BankFileFormat/mt940``.
    public static func read(_ data: Data) throws(BankFileError) -> BankFile {
        guard data.count <= BankFileRules.maximumBytes else {
            throw BankFileError(
                code: .tooLarge, message: "the file is larger than \(BankFileRules.maximumBytes / 1024 / 1024) MiB")
        }
        let scan = scanFields(in: decodeText(data))
        guard scan.hasAnyField else {
            throw BankFileError(
                code: .unrecognised,
                message: "not an MT940/MT942 file: no line starts with a SWIFT field tag such as :20:, :60F: or :61:")
        }
        var warnings: [BankFileWarning] = []
        var statements: [BankStatement] = []
        for group in scan.groups {
            guard let statement = buildStatement(group, warnings: &warnings) else { continue }
            let position = statementPosition(statement, group: group)
            if let warning = BankFileRules.balanceWarning(for: statement, position: position) {
                warnings.append(warning)
            }
            statements.append(statement)
        }
        if statements.isEmpty {
            warnings.append(
                BankFileWarning(code: .other, position: "file", message: "the file holds no statement"))
        }
        return BankFile(format: scan.isInterim ? .mt942 : .mt940, statements: statements, warnings: warnings)
    }

    // MARK: - Text and fields

    /// UTF-8 when the bytes are valid UTF-8 (a byte-order mark dropped), else ISO-8859-1, which maps every byte.
    static func decodeText(_ data: Data) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text =
            String(data: bytes, encoding: .utf8)
            ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        // Control characters (SOH/ETX frames of some exports, stray binary bytes) carry nothing a reader needs.
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }))
    }

    /// One tagged field: `:61:` and its content, continuation lines included.
    struct Field {
        var tag: String
        var lines: [String]
        /// The 1-based line number of the tag in the file.
        var lineNumber: Int

        var firstLine: String { lines.first ?? "" }
        /// The content with its lines joined by `separator`.
        func joined(_ separator: String) -> String { lines.joined(separator: separator) }
    }

    struct Scan {
        var groups: [[Field]] = []
        var hasAnyField = false
        var isInterim = false
    }

    /// The tags that start a field; any other `:xx:` at the start of a line continues the field before it (bank
    /// details wrap onto lines such as `:26:37 Fo?25…`).
    static let knownTags: Set<String> = [
        "13", "13D", "20", "21", "25", "25P", "28", "28C", "34F", "60", "60F", "60M", "61", "62", "62F", "62M", "64",
        "65", "86", "90C", "90D", "NS",
    ]

    /// Splits the text into fields and groups them into statements: `:20:` starts one, a `-` line ends one, and fields
    /// outside any statement start an implicit one (trimmed extracts).
    static func scanFields(in text: String) -> Scan {
        var scan = Scan()
        var current: [Field] = []
        var open: Field?
        func closeField() {
            if let field = open { current.append(field) }
            open = nil
        }
        func closeStatement() {
            closeField()
            if !current.isEmpty { scan.groups.append(current) }
            current = []
        }
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasPrefix("{") {
                let stripped = stripBlocks(line)
                if stripped.isInterim { scan.isInterim = true }
                if stripped.endsMessage { closeStatement() }
                line = stripped.rest
                if line.isEmpty { continue }
            }
            if isEndMarker(line) {
                closeStatement()
                continue
            }
            if let (tag, content) = tagged(line), knownTags.contains(tag) {
                scan.hasAnyField = true
                closeField()
                if tag == "NS" { continue }
                if tag == "20" { closeStatement() }
                if tag == "34F" || tag == "13D" || tag == "13" { scan.isInterim = true }
                open = Field(tag: tag, lines: [content], lineNumber: lineNumber)
            } else if open != nil {
                open?.lines.append(line)
            } else if tagged(line) != nil {
                scan.hasAnyField = true
            }
        }
        closeStatement()
        return scan
    }

    /// `:61:rest` → ("61", "rest") for a line starting with a tag of two digits and an optional letter, or `:NS:`.
    static func tagged(_ line: String) -> (String, String)? {
        guard line.first == ":" else { return nil }
        let body = line.dropFirst()
        guard let colon = body.firstIndex(of: ":") else { return nil }
        let tag = body[..<colon]
        guard (2...4).contains(tag.count), tag.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }),
            tag.prefix(2).allSatisfy(\.isNumber) || tag == "NS"
        else { return nil }
        return (String(tag), String(body[body.index(after: colon)...]))
    }

    /// A line that ends a message: `-`, `-}` (with any trailer block), or `-XXX`.
    static func isEndMarker(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "-" else { return false }
        let rest = trimmed.dropFirst()
        return rest.isEmpty || rest.first == "}" || (rest.count <= 4 && rest.allSatisfy { $0.isLetter })
    }

    /// Removes SWIFT header and trailer blocks from the start of a line; what follows `{4:` is the text block.
    static func stripBlocks(_ line: String) -> (rest: String, isInterim: Bool, endsMessage: Bool) {
        var rest = Substring(line)
        var isInterim = false
        while rest.first == "{" {
            if rest.hasPrefix("{4:") {
                rest = rest.dropFirst(3)
                break
            }
            if rest.hasPrefix("{2:") {
                // {2:I940…} or {2:O9401200…}: the message type follows the direction letter.
                let type = rest.dropFirst(4).prefix(3)
                if type == "942" { isInterim = true }
            }
            var depth = 0
            var end: Substring.Index?
            for index in rest.indices {
                if rest[index] == "{" { depth += 1 }
                if rest[index] == "}" {
                    depth -= 1
                    if depth == 0 {
                        end = index
                        break
                    }
                }
            }
            guard let end else { return ("", isInterim, false) }
            rest = rest[rest.index(after: end)...]
        }
        let text = String(rest)
        return (text, isInterim, isEndMarker(text))
    }

    // MARK: - Statements

    /// A `:61:` line with its `:86:` details, before amounts are parsed.
    struct PendingLine {
        var field: Field
        var details: [String] = []
    }

    static func buildStatement(_ group: [Field], warnings: inout [BankFileWarning]) -> BankStatement? {
        let currency = statementCurrency(group, warnings: &warnings)
        var statement = BankStatement(account: BankAccountReference(), currency: currency)
        var reference: String?
        var number: String?
        var pending: [PendingLine] = []
        var previousTag = ""
        for field in group {
            let position = "line \(field.lineNumber)"
            switch field.tag {
            case "20":
                reference = nonEmpty(field.firstLine)
            case "28", "28C":
                number = nonEmpty(field.firstLine)
            case "25", "25P":
                if statement.account.key != nil && !pending.isEmpty {
                    warnings.append(
                        BankFileWarning(
                            code: .skipped, position: position,
                            message: "a second :25: account inside a statement was ignored"))
                } else {
                    statement.account = account(field.firstLine)
                }
            case "13", "13D":
                statement.createdAt = dateTime(field.firstLine)
            case "60", "60F", "60M", "62", "62F", "62M", "64", "65":
                if let balance = balance(field, fallback: currency, warnings: &warnings) {
                    statement.balances.append(balance)
                }
            case "61":
                pending.append(PendingLine(field: field))
            case "86":
                // Details belong to the :61: just before; after a closing balance they describe the statement.
                if previousTag == "61" || previousTag == "86", !pending.isEmpty {
                    pending[pending.count - 1].details.append(contentsOf: field.lines)
                }
            default:
                break
            }
            previousTag = field.tag
        }
        for (index, line) in pending.enumerated() {
            if let parsed = statementLine(line, index: index + 1, currency: currency, warnings: &warnings) {
                statement.lines.append(parsed)
            }
        }
        switch (reference, number) {
        case (let reference?, let number?): statement.identifier = "\(reference) \(number)"
        case (let reference?, nil): statement.identifier = reference
        case (nil, let number?): statement.identifier = number
        case (nil, nil): break
        }
        statement.fromDate = statement.balances.first(where: { $0.kind == .opening })?.date
        statement.toDate = statement.balances.last(where: { $0.kind == .closing })?.date
        if statement.identifier == nil, statement.account.key == nil, statement.balances.isEmpty,
            statement.lines.isEmpty
        {
            return nil
        }
        return statement
    }

    static func statementPosition(_ statement: BankStatement, group: [Field]) -> String {
        let line = group.first.map { "line \($0.lineNumber)" } ?? "file"
        if let identifier = statement.identifier { return "statement \(identifier) (\(line))" }
        return "statement at \(line)"
    }

    /// The currency of the opening balance, else of `:25:`'s suffix, the closing balance, the `:34F:` floor limit or
    /// any other balance; a statement without any gets the ISO "no currency" code XXX, with a warning.
    static func statementCurrency(_ group: [Field], warnings: inout [BankFileWarning]) -> Currency {
        func code(of tags: Set<String>, _ extract: (String) -> String?) -> String? {
            for field in group where tags.contains(field.tag) {
                if let code = extract(field.firstLine.trimmingCharacters(in: .whitespaces)) { return code }
            }
            return nil
        }
        let balanceCode: (String) -> String? = { text in
            let chars = Array(text)
            guard chars.count >= 10 else { return nil }
            let code = String(chars[7..<10])
            return isCurrencyCode(code) ? code : nil
        }
        let found =
            code(of: ["60F", "60M", "60"], balanceCode) ?? code(of: ["25", "25P"], { parseAccount($0).currencySuffix })
            ?? code(of: ["62F", "62M", "62"], balanceCode)
            ?? code(of: ["34F"], { text in isCurrencyCode(String(text.prefix(3))) ? String(text.prefix(3)) : nil })
            ?? code(of: ["64", "65"], balanceCode)
        if let found { return currency(for: found) }
        if group.contains(where: { $0.tag == "61" }) {
            warnings.append(
                BankFileWarning(
                    code: .other, position: group.first.map { "line \($0.lineNumber)" } ?? "file",
                    message: "the statement names no currency; its amounts are read with two decimals as XXX"))
        }
        return Currency(code: "XXX", minorUnitDigits: 2, symbol: "XXX")
    }

    /// A known currency, or one made up from its code with two decimals.
    static func currency(for code: String) -> Currency {
        Currency(code: code) ?? Currency(code: code, minorUnitDigits: 2, symbol: code)
    }

    static func isCurrencyCode(_ text: String) -> Bool {
        text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: - :25: account

    /// `:25:` as written: an IBAN, a number (German `BLZ/Konto`), `BIC/number`, each with an optional currency
    /// suffix (`…EUR` or `…/HUF`).
    static func parseAccount(_ text: String) -> (reference: BankAccountReference, currencySuffix: String?) {
        var value = text.trimmingCharacters(in: .whitespaces)
        var suffix: String?
        var parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, let last = parts.last, isCurrencyCode(last) {
            suffix = last
            parts.removeLast()
            value = parts.joined(separator: "/")
        }
        var bank: String?
        if parts.count > 1, isBIC(parts[0]) {
            bank = parts[0]
            value = parts.dropFirst().joined(separator: "/")
        }
        if let iban = normalizedIBAN(value) {
            return (BankAccountReference(iban: iban, bankIdentifier: bank), suffix)
        }
        let chars = Array(value)
        if suffix == nil, chars.count > 4, chars[chars.count - 4].isNumber || chars[chars.count - 4] == ".",
            isCurrencyCode(String(chars.suffix(3)))
        {
            suffix = String(chars.suffix(3))
            value = String(chars.dropLast(3))
            if let iban = normalizedIBAN(value) {
                return (BankAccountReference(iban: iban, bankIdentifier: bank), suffix)
            }
        }
        return (BankAccountReference(number: value.isEmpty ? nil : value, bankIdentifier: bank), suffix)
    }

    static func account(_ text: String) -> BankAccountReference {
        parseAccount(text).reference
    }

    static func isBIC(_ text: String) -> Bool {
        let chars = Array(text)
        return (chars.count == 8 || chars.count == 11) && chars.prefix(6).allSatisfy { $0.isASCII && $0.isUppercase }
            && chars.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    /// The IBAN without spaces, uppercase, when `text` is one with a valid ISO 13616 check (mod 97); else nil.
    static func normalizedIBAN(_ text: String) -> String? {
        let compact = text.replacingOccurrences(of: " ", with: "").uppercased()
        let chars = Array(compact)
        guard (15...34).contains(chars.count), chars[0].isLetter, chars[1].isLetter, chars[2].isNumber,
            chars[3].isNumber, chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        var remainder = 0
        for char in chars[4...] + chars[..<4] {
            guard let ascii = char.asciiValue else { return nil }
            let value = char.isNumber ? Int(ascii - 48) : Int(ascii - 55)
            remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97
        }
        return remainder == 1 ? compact : nil
    }

    // MARK: - Dates and balances

    /// A date from a two-digit year (00–79 → 20xx, 80–99 → 19xx), month and day. A day past the month's end
    /// (30 February) becomes the month's last day, with a warning; an impossible month or day is nil.
    static func date(
        year: Int, month: Int, day: Int, position: String, warnings: inout [BankFileWarning]
    ) -> CalendarDate? {
        let fullYear = year < 80 ? 2000 + year : 1900 + year
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        if let date = CalendarDate(year: fullYear, month: month, day: day) { return date }
        let last = CalendarDate.daysInMonth(year: fullYear, month: month)
        warnings.append(
            BankFileWarning(
                code: .other, position: position,
                message: "the date \(fullYear)-\(month)-\(day) does not exist; read as the month's last day, \(last)"))
        return CalendarDate(year: fullYear, month: month, day: last)
    }

    /// The number the ASCII digits `chars[range]` spell, or nil when the range runs past the end or holds a non-digit.
    static func digits(_ chars: [Character], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= chars.count, chars[range].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(String(chars[range]))
    }

    /// `:13D:1610301730+0100`: YYMMDDHHMM and a UTC offset.
    static func dateTime(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard let year = digits(chars, 0..<2), let month = digits(chars, 2..<4), let day = digits(chars, 4..<6),
            let hour = digits(chars, 6..<8), let minute = digits(chars, 8..<10)
        else { return nil }
        var offsetSeconds = 0
        if chars.count >= 15, chars[10] == "+" || chars[10] == "-", let hours = digits(chars, 11..<13),
            let minutes = digits(chars, 13..<15)
        {
            offsetSeconds = (hours * 3600 + minutes * 60) * (chars[10] == "-" ? -1 : 1)
        }
        var components = DateComponents()
        components.year = year < 80 ? 2000 + year : 1900 + year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        calendar.timeZone = zone
        return calendar.date(from: components)
    }

    /// `C250801EUR1500,00`: mark, date, currency (missing in some exports: the statement's), amount.
    static func balance(_ field: Field, fallback: Currency, warnings: inout [BankFileWarning]) -> BankBalance? {
        let position = "line \(field.lineNumber)"
        let chars = Array(field.firstLine.trimmingCharacters(in: .whitespaces))
        func skip(_ reason: String) -> BankBalance? {
            warnings.append(
                BankFileWarning(code: .skipped, position: position, message: "the :\(field.tag): balance \(reason)"))
            return nil
        }
        guard let mark = chars.first, mark == "C" || mark == "D" else { return skip("has no C/D mark") }
        guard let year = digits(chars, 1..<3), let month = digits(chars, 3..<5), let day = digits(chars, 5..<7) else {
            return skip("has no date")
        }
        var index = 7
        var currency = fallback
        if chars.count >= 10, isCurrencyCode(String(chars[7..<10])) {
            currency = self.currency(for: String(chars[7..<10]))
            index = 10
        }
        let amountText = String(chars[index...])
        guard
            let amount = amount(
                amountText, negative: mark == "D", currency: currency, position: position,
                warnings: &warnings)
        else { return skip("has no readable amount (\(amountText))") }
        let kind: BankBalance.Kind
        switch field.tag {
        case "60", "60F", "60M": kind = .opening
        case "62", "62F", "62M": kind = .closing
        case "64": kind = .available
        default: kind = .forwardAvailable
        }
        let date = date(year: year, month: month, day: day, position: position, warnings: &warnings)
        return BankBalance(kind: kind, amount: amount, date: date)
    }

    /// An MT940 amount (`1500,00`, `500,`, `0000000147,64`, `500`) in minor units, signed.
    static func amount(
        _ text: String, negative: Bool, currency: Currency, position: String, warnings: inout [BankFileWarning]
    ) -> Money? {
        var plain = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        if plain.hasSuffix(".") { plain.removeLast() }
        guard !plain.isEmpty, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        var rounded = false
        guard let money = BankFileRules.amount((negative ? "-" : "") + plain, currency: currency, rounded: &rounded)
        else { return nil }
        if rounded {
            warnings.append(
                BankFileWarning(
                    code: .amountRounded, position: position,
                    message: "the amount \(text) has more decimals than \(currency.code); it was rounded half up"))
        }
        return money
    }

    // MARK: - :61: statement lines

    /// The parts of a `:61:` field.
    struct LineFields {
        var valueYear = 0
        var valueMonth = 0
        var valueDay = 0
        var entryMonth: Int?
        var entryDay: Int?
        var mark = ""
        var amount = ""
        var transactionType: String?
        var customerReference = ""
        var bankReference: String?
        var supplementary = ""
    }

    /// Reads `YYMMDD[MMDD](C|D|RC|RD)[funds letter]amount[type][customer ref][//bank ref]` and the supplementary
    /// details on the following lines. Nil when the mandatory parts are not there.
    static func lineFields(_ field: Field) -> LineFields? {
        let chars = Array(field.joined("\n"))
        var result = LineFields()
        guard let year = digits(chars, 0..<2), let month = digits(chars, 2..<4), let day = digits(chars, 4..<6) else {
            return nil
        }
        (result.valueYear, result.valueMonth, result.valueDay) = (year, month, day)
        var index = 6
        if let month = digits(chars, 6..<8), let day = digits(chars, 8..<10) {
            (result.entryMonth, result.entryDay) = (month, day)
            index = 10
        } else {
            while index < chars.count, chars[index] == " " { index += 1 }
        }
        func at(_ offset: Int) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }
        if at(0) == "R" || at(0) == "E", at(1) == "C" || at(1) == "D" {
            result.mark = at(0) == "R" ? "R" + String(chars[index + 1]) : String(chars[index + 1])
            index += 2
        } else if at(0) == "C" || at(0) == "D" {
            result.mark = String(chars[index])
            index += 1
        } else {
            return nil
        }
        // The third currency letter (funds code), then a line break some banks put before the amount.
        if let letter = at(0), letter.isASCII, letter.isLetter { index += 1 }
        while let next = at(0), next == "\n" || next == " " { index += 1 }
        let amountStart = index
        while let next = at(0), next.isASCII, next.isNumber || next == "," { index += 1 }
        guard index > amountStart else { return nil }
        result.amount = String(chars[amountStart..<index])
        let restOfLine = chars[index...].prefix(while: { $0 != "\n" })
        if let first = restOfLine.first, first.isASCII, first.isLetter {
            let type = restOfLine.prefix(4)
            result.transactionType = String(type).trimmingCharacters(in: .whitespaces)
            index += type.count
        }
        let references = String(chars[index...].prefix(while: { $0 != "\n" }))
        index += references.count
        if let range = references.range(of: "//") {
            result.customerReference = String(references[..<range.lowerBound])
            result.bankReference = nonEmpty(String(references[range.upperBound...]))
        } else {
            result.customerReference = references
        }
        result.customerReference = result.customerReference.trimmingCharacters(in: .whitespaces)
        if index < chars.count {
            result.supplementary = collapse(String(chars[(index + 1)...]).replacingOccurrences(of: "\n", with: " "))
        }
        return result
    }

    static func statementLine(
        _ pending: PendingLine, index: Int, currency: Currency, warnings: inout [BankFileWarning]
    ) -> BankStatementLine? {
        let position = "line \(pending.field.lineNumber)"
        guard let fields = lineFields(pending.field) else {
            warnings.append(
                BankFileWarning(
                    code: .skipped, position: position,
                    message: "the :61: statement line could not be read: \(pending.field.firstLine)"))
            return nil
        }
        let negative = fields.mark == "D" || fields.mark == "RC"
        guard
            let amount = amount(
                fields.amount, negative: negative, currency: currency, position: position, warnings: &warnings)
        else {
            warnings.append(
                BankFileWarning(
                    code: .skipped, position: position, message: "the :61: amount \(fields.amount) could not be read"))
            return nil
        }
        guard
            let valueDate = date(
                year: fields.valueYear, month: fields.valueMonth, day: fields.valueDay, position: position,
                warnings: &warnings)
        else {
            warnings.append(
                BankFileWarning(code: .skipped, position: position, message: "the :61: value date is not a date"))
            return nil
        }
        var bookingDate = valueDate
        if let month = fields.entryMonth, let day = fields.entryDay {
            if let entry = entryDate(month: month, day: day, near: valueDate) {
                bookingDate = entry
            } else if !(month == 0 && day == 0) {
                warnings.append(
                    BankFileWarning(
                        code: .other, position: position,
                        message: "the entry date \(month)-\(day) does not exist; the value date is used"))
            }
        }
        let details = details(pending.details)
        var remittance = details.remittance
        if remittance.isEmpty { remittance = fields.supplementary }
        return BankStatementLine(
            amount: amount, bookingDate: bookingDate, valueDate: valueDate,
            bankReference: fields.bankReference.flatMap { $0 == "NONREF" ? nil : $0 },
            endToEndID: details.endToEndID, counterpartyName: details.name, counterpartyAccount: details.account,
            remittance: remittance, creditorReference: details.creditorReference,
            transactionCode: fields.transactionType, isReversal: fields.mark.hasPrefix("R"), isBooked: true,
            position: "\(position), entry \(index)")
    }

    /// The entry date (MMDD, no year) in the year that puts it nearest the value date: a line valued on 31 December
    /// and booked on 2 January is booked in the next year.
    static func entryDate(month: Int, day: Int, near valueDate: CalendarDate) -> CalendarDate? {
        let candidates = [valueDate.year - 1, valueDate.year, valueDate.year + 1].compactMap {
            CalendarDate(year: $0, month: month, day: day)
        }
        return candidates.min { abs($0.days(until: valueDate)) < abs($1.days(until: valueDate)) }
    }

    // MARK: - :86: details

    struct Details {
        var remittance = ""
        var name: String?
        var account: String?
        var endToEndID: String?
        var creditorReference: String?
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// Reads the `:86:` lines of one statement line in whichever shape they have.
    static func details(_ lines: [String]) -> Details {
        let joined = lines.joined()
        let chars = Array(joined.trimmingCharacters(in: .whitespaces))
        if chars.count >= 4, chars[0..<3].allSatisfy({ $0.isASCII && $0.isNumber }), chars[3] == "?" || chars[3] == ">"
        {
            // Some Dutch banks (Triodos) write the same sub-fields with ">" instead of "?".
            return germanDetails(String(chars), separator: chars[3])
        }
        if chars.first == "/", let structured = dutchDetails(String(chars)) {
            return structured
        }
        var result = Details()
        let text = collapse(lines.joined(separator: " "))
        let sepa = sepaKeys(text)
        result.remittance = sepa.remittance
        result.endToEndID = sepa.endToEndID
        return result
    }

    /// German GV-code details: `166?00GUTSCHRIFT?20EREF+…?21…?32NAME` (or with `>` as the separator).
    static func germanDetails(_ text: String, separator: Character = "?") -> Details {
        var fields: [Int: String] = [:]
        var order: [Int] = []
        let chars = Array(text)
        var index = 3
        func subfieldCode(at position: Int) -> Int? {
            guard chars[position] == separator else { return nil }
            return digits(chars, (position + 1)..<(position + 3))
        }
        while index < chars.count {
            guard let code = subfieldCode(at: index) else {
                index += 1
                continue
            }
            var end = index + 3
            while end < chars.count, subfieldCode(at: end) == nil { end += 1 }
            if fields[code] == nil { order.append(code) }
            fields[code, default: ""] += String(chars[(index + 3)..<end])
            index = end
        }
        let purposeCodes = Array(20...29) + Array(60...63)
        let purpose = purposeCodes.compactMap { fields[$0] }.joined()
        var result = Details()
        let sepa = sepaKeys(collapse(purpose))
        result.remittance = sepa.remittance.isEmpty ? collapse(fields[0] ?? "") : sepa.remittance
        result.endToEndID = sepa.endToEndID
        result.name = nonEmpty(collapse((fields[32] ?? "") + (fields[33] ?? "")))
        result.account = nonEmpty(fields[31] ?? "")
        return result
    }

    /// The SEPA keys German banks put in the remittance text: `EREF+`, `KREF+`, `MREF+`, `CRED+`, `SVWZ+`, `ABWA+` ….
    /// The remittance is `SVWZ+` (and `KREF+`) when present, else the text before the first key.
    static func sepaKeys(_ text: String) -> (remittance: String, endToEndID: String?) {
        let keys = [
            "EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+", "COAM+",
            "OAMT+", "SQTP+", "PURP+",
        ]
        var found: [(key: String, range: Range<String.Index>)] = []
        var searchStart = text.startIndex
        while searchStart < text.endIndex {
            var nearest: (key: String, range: Range<String.Index>)?
            for key in keys {
                guard let range = text.range(of: key, range: searchStart..<text.endIndex) else { continue }
                if let current = nearest, current.range.lowerBound <= range.lowerBound { continue }
                nearest = (key, range)
            }
            guard let nearest else { break }
            found.append(nearest)
            searchStart = nearest.range.upperBound
        }
        guard !found.isEmpty else { return (text, nil) }
        var values: [String: String] = [:]
        for (offset, entry) in found.enumerated() {
            let end = offset + 1 < found.count ? found[offset + 1].range.lowerBound : text.endIndex
            values[entry.key] = text[entry.range.upperBound..<end].trimmingCharacters(in: .whitespaces)
        }
        let prefix = text[..<found[0].range.lowerBound].trimmingCharacters(in: .whitespaces)
        var remittanceParts: [String] = []
        if let purpose = values["SVWZ+"], !purpose.isEmpty { remittanceParts.append(purpose) }
        if let customer = values["KREF+"], !customer.isEmpty, customer != "NOTPROVIDED" {
            remittanceParts.append(customer)
        }
        if remittanceParts.isEmpty, !prefix.isEmpty { remittanceParts.append(prefix) }
        let endToEnd = values["EREF+"].flatMap { $0.isEmpty || $0 == "NOTPROVIDED" ? nil : $0 }
        return (remittanceParts.joined(separator: " "), endToEnd)
    }

    /// Dutch structured details: `/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…/EREF/…`. Nil when no known key
    /// starts the text.
    static func dutchDetails(_ text: String) -> Details? {
        let keys: Set<String> = [
            "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "ORDP", "BENM", "CSID", "MARF", "ADDR", "ISDT", "RTRN",
            "PREF", "CNTP", "USTD", "STRD", "SVCL", "ULTD", "ULTC", "ULTB", "PURP", "BUSP", "CDTRREF", "CDTRREFTP",
            "CD", "ISSR", "NRTX", "ID", "ACCW", "OCMT", "CHGS", "EXCH", "RTYP",
        ]
        let chars = Array(text)
        // Positions where "/KEY/" starts, for known keys.
        var marks: [(key: String, start: Int, valueStart: Int)] = []
        var index = 0
        while index < chars.count {
            if chars[index] == "/" {
                var end = index + 1
                while end < chars.count, chars[end] != "/", end - index <= 10 { end += 1 }
                if end < chars.count, chars[end] == "/", keys.contains(String(chars[(index + 1)..<end])) {
                    marks.append((String(chars[(index + 1)..<end]), index, end + 1))
                    index = end
                    continue
                }
            }
            index += 1
        }
        guard let first = marks.first, first.start == 0 else { return nil }
        var values: [String: String] = [:]
        for (offset, mark) in marks.enumerated() {
            let end = offset + 1 < marks.count ? marks[offset + 1].start : chars.count
            let value = String(chars[min(mark.valueStart, end)..<end]).trimmingCharacters(
                in: CharacterSet(charactersIn: "/ "))
            if values[mark.key] == nil || values[mark.key]?.isEmpty == true { values[mark.key] = value }
        }
        var result = Details()
        let remittance = ["REMI", "USTD", "STRD"].compactMap { values[$0] }.filter { !$0.isEmpty }
        result.remittance = collapse(remittance.joined(separator: " "))
        if let reference = values["CDTRREF"], !reference.isEmpty {
            result.creditorReference = reference
            if !result.remittance.contains(reference) {
                result.remittance = collapse(result.remittance + " " + reference)
            }
        }
        result.name = values["NAME"].flatMap { nonEmpty(collapse($0)) }
        result.account = values["IBAN"].flatMap { nonEmpty($0) }
        result.endToEndID = values["EREF"].flatMap { $0.isEmpty || $0 == "NOTPROVIDED" ? nil : collapse($0) }
        return result
    }
}
