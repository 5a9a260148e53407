import BentaCore
import Foundation

/// Reads a bank's CSV export through a ``BankCSVProfile`` into one ``BankStatement`` (format `.csv`).
///
/// The header row is searched in the first ``BankCSVProfile/headerSearchLineLimit`` lines; account lines above it
/// ("Account Number:", "IBAN", "Account Name") name the account, else the profile's ``BankCSVProfile/account`` does.
/// A row whose date or amount cannot be read is skipped with a warning naming its line. Lines come out oldest first.
///
/// Order and balances: files may list rows newest first, oldest first, or shuffled within a day. Without a balance
/// column the rows are sorted by date (and time, when the date column has one), keeping the file's order within a
/// day. With one, the true order is the chain in which each balance is the previous one plus the row's amount; it
/// gives the opening and closing balances. When no chain through all rows exists, or two chains with different
/// balances do, the reader warns, falls back to the date order and states no balances.
public struct BankCSVReader: Sendable {
    /// The profile the file is read with.
    public var profile: BankCSVProfile

    /// Creates a reader for one profile.
    public init(profile: BankCSVProfile) {
        self.profile = profile
    }

    /// Reads the file's bytes (UTF-8, UTF-16 with a byte order mark, or Windows-1252).
    public func read(_ data: Data) throws(BankFileError) -> BankFile {
        guard data.count <= BankFileRules.maximumBytes else {
            throw BankFileError(
                code: .tooLarge, message: "The file is larger than the limit of \(BankFileRules.maximumBytes) bytes.")
        }
        return try read(text: CSVReader.decodeText(data).text)
    }

    /// Reads already decoded text.
    public func read(text: String) throws(BankFileError) -> BankFile {
        guard let header = locateHeader(in: text) else {
            throw BankFileError(
                code: .malformed,
                message: "No header row with the date column \"\(profile.dateColumn)\" was found in the first "
                    + "\(BankCSVProfile.headerSearchLineLimit) lines; is this a \(profile.name) export?")
        }
        let table: CSVTable
        do {
            table = try CSVReader(options: CSVReader.Options(delimiter: header.delimiter))
                .read(String(text[header.start...]))
        } catch {
            throw BankFileError(code: .malformed, message: Self.inFileLines(error, offset: header.lineOffset).message)
        }
        let columns = try resolveColumns(table.header, headerLine: header.lineOffset + 1)
        var warnings: [BankFileWarning] = []
        let entries = readRows(table.rows, columns: columns, lineOffset: header.lineOffset, warnings: &warnings)
        guard !entries.isEmpty else {
            let reason = warnings.first.map { " (first problem: \($0.description))" } ?? ""
            throw BankFileError(
                code: .malformed, message: "No transaction row could be read from the file\(reason).",
                position: "line \(header.lineOffset + 1)")
        }
        let ordered = order(entries, hasBalances: columns.balance != nil, warnings: &warnings)
        var statement = BankStatement(
            account: account(fromPreamble: header.preamble), currency: profile.currency,
            fromDate: ordered.lines.first?.line.bookingDate, toDate: ordered.lines.last?.line.bookingDate,
            lines: ordered.lines.map(\.line))
        if let opening = ordered.opening, let closing = ordered.closing, let first = ordered.lines.first,
            let last = ordered.lines.last
        {
            statement.balances = [
                BankBalance(kind: .opening, amount: opening, date: first.line.bookingDate),
                BankBalance(kind: .closing, amount: closing, date: last.line.bookingDate),
            ]
        }
        return BankFile(format: .csv, statements: [statement], warnings: warnings)
    }

    /// The ready profile whose column names best match a header row, or nil when none has every column it names
    /// there. Best effort: ties go to the profile listed first in ``BankCSVProfile/ready``.
    public static func guessProfile(headerCells: [String]) -> BankCSVProfile? {
        let names = Set(headerCells.map(Self.columnKey))
        var best: (profile: BankCSVProfile, score: Int)?
        for profile in BankCSVProfile.ready {
            let required = [profile.dateColumn, profile.descriptionColumn] + profile.amount.columns
            guard required.allSatisfy({ names.contains(Self.columnKey($0)) }) else { continue }
            let optional =
                [profile.valueDateColumn, profile.payeeColumn, profile.referenceColumn, profile.balanceColumn]
                .compactMap { $0 } + profile.memoColumns
            // The reader needs every column a profile names: a profile missing one would only fail on it (a
            // Capital One export was read as BDO's and refused for BDO's "Value Date").
            guard optional.allSatisfy({ names.contains(Self.columnKey($0)) }) else { continue }
            let score = required.count + optional.count
            if best == nil || score > best?.score ?? 0 {
                best = (profile, score)
            }
        }
        return best?.profile
    }

    // MARK: - Header

    private struct HeaderLocation {
        /// Lines above the header (0-based index of the header line).
        var lineOffset: Int
        var start: String.Index
        var delimiter: Character
        /// The cells of the lines above the header.
        var preamble: [[String]]
    }

    private func locateHeader(in text: String) -> HeaderLocation? {
        let target = Self.columnKey(profile.dateColumn)
        var start = text.startIndex
        var preamble: [[String]] = []
        for lineIndex in 0..<BankCSVProfile.headerSearchLineLimit {
            guard start < text.endIndex else { return nil }
            let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
            let line = String(text[start..<end])
            if !line.allSatisfy(\.isWhitespace) {
                let delimiter = profile.delimiter ?? CSVReader.detectDelimiter(in: line)
                if let cells = try? CSVReader(options: CSVReader.Options(delimiter: delimiter)).read(line).header {
                    if cells.contains(where: { Self.columnKey($0) == target }) {
                        return HeaderLocation(
                            lineOffset: lineIndex, start: start, delimiter: delimiter, preamble: preamble)
                    }
                    preamble.append(cells)
                }
            }
            start = end < text.endIndex ? text.index(after: end) : end
        }
        return nil
    }

    /// The CSV reader counts lines from the header; messages count them from the top of the file.
    private static func inFileLines(_ error: CSVError, offset: Int) -> CSVError {
        switch error {
        case .unclosedQuote(let line, let column): .unclosedQuote(line: line + offset, column: column)
        case .fieldTooLarge(let line, let column): .fieldTooLarge(line: line + offset, column: column)
        case .tooManyColumns(let line): .tooManyColumns(line: line + offset)
        default: error
        }
    }

    /// A column name as compared: trimmed, without case or accents, inner spaces collapsed.
    static func columnKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private struct Columns {
        var date: Int
        var valueDate: Int?
        var description: Int
        var payee: Int?
        var reference: Int?
        var memos: [Int]
        var amount: AmountColumns
        var balance: Int?
    }

    private enum AmountColumns {
        case signed(Int)
        case debitCredit(debit: Int, credit: Int)
        case indicator(amount: Int, indicator: Int, creditValues: Set<String>)
    }

    private func resolveColumns(_ header: [String], headerLine: Int) throws(BankFileError) -> Columns {
        let keys = header.map(Self.columnKey)
        func index(_ name: String) throws(BankFileError) -> Int {
            guard let found = keys.firstIndex(of: Self.columnKey(name)) else {
                throw BankFileError(
                    code: .malformed,
                    message: "The column \"\(name)\" named by the profile \(profile.name) is not in the header row.",
                    position: "line \(headerLine)")
            }
            return found
        }
        func optionalIndex(_ name: String?) throws(BankFileError) -> Int? {
            guard let name else { return nil }
            return try index(name)
        }
        let amount: AmountColumns
        switch profile.amount {
        case .signedAmount(let column):
            amount = .signed(try index(column))
        case .debitCredit(let debit, let credit):
            amount = .debitCredit(debit: try index(debit), credit: try index(credit))
        case .amountWithIndicator(let column, let indicator, let creditValues):
            amount = .indicator(
                amount: try index(column), indicator: try index(indicator),
                creditValues: Set(creditValues.map(Self.columnKey)))
        }
        var memos: [Int] = []
        for memo in profile.memoColumns {
            memos.append(try index(memo))
        }
        return Columns(
            date: try index(profile.dateColumn), valueDate: try optionalIndex(profile.valueDateColumn),
            description: try index(profile.descriptionColumn), payee: try optionalIndex(profile.payeeColumn),
            reference: try optionalIndex(profile.referenceColumn), memos: memos, amount: amount,
            balance: try optionalIndex(profile.balanceColumn))
    }

    // MARK: - Rows

    /// One row that was read, with what ordering needs.
    struct Entry {
        var secondsOfDay: Int?
        var line: BankStatementLine
        var balance: Money?
    }

    private func readRows(
        _ rows: [CSVRow], columns: Columns, lineOffset: Int, warnings: inout [BankFileWarning]
    ) -> [Entry] {
        let patterns = profile.datePatterns
        // The pattern that reads most dates is used for all rows, so "03/04/2025" reads the same way in every row.
        let counts = patterns.map { pattern in rows.filter { pattern.parse($0[columns.date]) != nil }.count }
        var preferred = patterns
        if let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }) {
            preferred = [patterns[best]] + patterns.enumerated().filter { $0.offset != best }.map(\.element)
        }
        func parseDate(_ text: String) -> (date: CalendarDate, secondsOfDay: Int?)? {
            for pattern in preferred {
                if let parsed = pattern.parse(text) { return parsed }
            }
            return nil
        }
        var entries: [Entry] = []
        for row in rows {
            let position = "line \(row.number + lineOffset)"
            let dateText = row[columns.date].trimmingCharacters(in: .whitespacesAndNewlines)
            guard let date = parseDate(dateText) else {
                warnings.append(
                    BankFileWarning(
                        code: .skipped, position: position,
                        message: "the date \"\(dateText)\" is not a valid date in "
                            + profile.dateFormats.joined(separator: " or ") + "; the row was skipped"))
                continue
            }
            var rounded = false
            let amount: Money
            switch readAmount(row, columns.amount, rounded: &rounded) {
            case .success(let value): amount = value
            case .failure(let problem):
                warnings.append(
                    BankFileWarning(
                        code: .skipped, position: position, message: problem.message + "; the row was skipped"))
                continue
            }
            var balance: Money?
            if let column = columns.balance {
                let text = row[column].trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty {
                    var ignored = false
                    balance = profile.numberFormat.amount(text, currency: profile.currency, rounded: &ignored)
                    if balance == nil {
                        warnings.append(
                            BankFileWarning(
                                code: .other, position: position, message: "the balance \"\(text)\" is not a number"))
                    }
                }
            }
            if rounded {
                warnings.append(
                    BankFileWarning(
                        code: .amountRounded, position: position,
                        message: "the amount has more decimals than \(profile.currency.code) and was rounded"))
            }
            var valueDate: CalendarDate?
            if let column = columns.valueDate {
                let text = row[column].trimmingCharacters(in: .whitespacesAndNewlines)
                valueDate = text.isEmpty ? nil : parseDate(text)?.date
                if !text.isEmpty && valueDate == nil {
                    warnings.append(
                        BankFileWarning(
                            code: .other, position: position,
                            message: "the value date \"\(text)\" is not a valid date"))
                }
            }
            let texts = ([columns.description] + columns.memos).map {
                row[$0].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let line = BankStatementLine(
                amount: amount, bookingDate: date.date, valueDate: valueDate,
                bankReference: Self.nonEmpty(columns.reference.map { row[$0] }),
                counterpartyName: Self.nonEmpty(columns.payee.map { row[$0] }),
                remittance: texts.filter { !$0.isEmpty }.joined(separator: " "), position: position)
            entries.append(Entry(secondsOfDay: date.secondsOfDay, line: line, balance: balance))
        }
        return entries
    }

    private struct AmountProblem: Error {
        var message: String
    }

    private func readAmount(
        _ row: CSVRow, _ columns: AmountColumns, rounded: inout Bool
    ) -> Result<Money, AmountProblem> {
        let format = profile.numberFormat
        let currency = profile.currency
        func cell(_ column: Int) -> String { row[column].trimmingCharacters(in: .whitespacesAndNewlines) }
        func number(_ text: String) -> Result<Money, AmountProblem> {
            guard let value = format.amount(text, currency: currency, rounded: &rounded) else {
                return .failure(AmountProblem(message: "the amount \"\(text)\" is not a number"))
            }
            return .success(value)
        }
        switch columns {
        case .signed(let column):
            let text = cell(column)
            guard !text.isEmpty else { return .failure(AmountProblem(message: "the amount is blank")) }
            return number(text)
        case .debitCredit(let debitColumn, let creditColumn):
            let debitText = cell(debitColumn)
            let creditText = cell(creditColumn)
            guard !debitText.isEmpty || !creditText.isEmpty else {
                return .failure(AmountProblem(message: "both the debit and the credit are blank"))
            }
            var minorUnits: Int64 = 0
            if !debitText.isEmpty {
                switch number(debitText) {
                case .success(let debit):
                    guard debit.minorUnits != Int64.min else {
                        return .failure(AmountProblem(message: "the amount is too large"))
                    }
                    minorUnits = -abs(debit.minorUnits)
                case .failure(let problem): return .failure(problem)
                }
            }
            if !creditText.isEmpty {
                switch number(creditText) {
                case .success(let credit):
                    let (sum, overflow) = minorUnits.addingReportingOverflow(credit.minorUnits)
                    guard !overflow else { return .failure(AmountProblem(message: "the amount is too large")) }
                    minorUnits = sum
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(Money(minorUnits: minorUnits, currency: currency))
        case .indicator(let amountColumn, let indicatorColumn, let creditValues):
            let text = cell(amountColumn)
            guard !text.isEmpty else { return .failure(AmountProblem(message: "the amount is blank")) }
            switch number(text) {
            case .success(let value):
                guard value.minorUnits != Int64.min else {
                    return .failure(AmountProblem(message: "the amount is too large"))
                }
                let magnitude = abs(value.minorUnits)
                let isCredit = creditValues.contains(Self.columnKey(cell(indicatorColumn)))
                return .success(Money(minorUnits: isCredit ? magnitude : -magnitude, currency: currency))
            case .failure(let problem):
                return .failure(problem)
            }
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    // MARK: - Account

    private func account(fromPreamble rows: [[String]]) -> BankAccountReference {
        var reference = BankAccountReference()
        for row in rows {
            var cells: [(key: String, value: String)] = []
            for (index, cell) in row.enumerated() {
                // "Account Number: 0012…" in one cell, or "Account Number:" followed by the value in the next one.
                let parts = cell.split(separator: ":", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if parts.count == 2, !parts[1].isEmpty {
                    cells.append((Self.columnKey(parts[0]), parts[1]))
                } else if let value = row.dropFirst(index + 1).first(where: { !$0.isEmpty }) {
                    cells.append((Self.columnKey(parts.first ?? ""), value.trimmingCharacters(in: .whitespaces)))
                }
            }
            for (key, value) in cells {
                if key == "iban", reference.iban == nil {
                    reference.iban = value.replacingOccurrences(of: " ", with: "").uppercased()
                } else if Self.accountNumberKeys.contains(key), reference.number == nil {
                    reference.number = value
                } else if Self.accountNameKeys.contains(key), reference.name == nil {
                    reference.name = value
                }
            }
        }
        if reference.iban == nil && reference.number == nil, let account = profile.account {
            let compact = account.replacingOccurrences(of: " ", with: "").uppercased()
            if Self.looksLikeIBAN(compact) {
                reference.iban = compact
            } else {
                reference.number = account
            }
        }
        return reference
    }

    private static let accountNumberKeys: Set<String> = [
        "account number", "account no", "account no.", "acct no", "acct no.", "account", "account #",
    ]
    private static let accountNameKeys: Set<String> = ["account name", "account holder", "name"]

    private static func looksLikeIBAN(_ text: String) -> Bool {
        let characters = Array(text)
        return (15...34).contains(characters.count) && characters[0].isLetter && characters[1].isLetter
            && characters[2].isNumber && characters[3].isNumber
            && characters.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    // MARK: - Order and balances

    private struct Ordered {
        var lines: [Entry]
        var opening: Money?
        var closing: Money?
    }

    private func order(_ entries: [Entry], hasBalances: Bool, warnings: inout [BankFileWarning]) -> Ordered {
        // Oldest first: a file whose first row is later than its last is read from the bottom.
        var rows = entries
        if let first = rows.first, let last = rows.last, last.line.bookingDate < first.line.bookingDate {
            rows.reverse()
        }
        let byDate = rows.enumerated().sorted { lhs, rhs in
            Self.precedes(lhs.element, lhs.offset, rhs.element, rhs.offset)
        }.map(\.element)
        guard hasBalances else { return Ordered(lines: byDate) }
        switch BalanceChain.order(rows) {
        case .chained(let chain, let opening, let closing):
            return Ordered(lines: chain, opening: opening, closing: closing)
        case .broken(let position, let reason):
            warnings.append(
                BankFileWarning(
                    code: .balanceMismatch, position: position,
                    message: reason + "; the rows are ordered by date and no opening or closing balance is given"))
        case .ambiguous:
            warnings.append(
                BankFileWarning(
                    code: .balanceMismatch, position: "running balance",
                    message: "the running balances allow more than one order of the rows with different balances; "
                        + "the rows are ordered by date and no opening or closing balance is given"))
        }
        return Ordered(lines: byDate)
    }

    /// Date order, then time of day when both rows have one, then the (oldest-first) file order.
    static func precedes(_ lhs: Entry, _ lhsOrder: Int, _ rhs: Entry, _ rhsOrder: Int) -> Bool {
        if lhs.line.bookingDate != rhs.line.bookingDate { return lhs.line.bookingDate < rhs.line.bookingDate }
        if let left = lhs.secondsOfDay, let right = rhs.secondsOfDay, left != right { return left < right }
        return lhsOrder < rhsOrder
    }
}

/// Works out the true order of rows from their running balances.
///
/// Each row is an edge from the balance before it (balance − amount) to its balance; the order is a path through
/// every edge once (an Eulerian path over balance values), found by Hierholzer's algorithm preferring earlier dates
/// and then file order. A second search preferring later file positions detects files whose balances allow two
/// orders with different balances.
enum BalanceChain {
    enum Outcome {
        case chained([BankCSVReader.Entry], opening: Money, closing: Money)
        case broken(position: String, reason: String)
        case ambiguous
    }

    static func order(_ entries: [BankCSVReader.Entry]) -> Outcome {
        guard let currency = entries.first?.line.amount.currency else {
            return .broken(position: "running balance", reason: "there are no rows")
        }
        var from: [Int64] = []
        var to: [Int64] = []
        for entry in entries {
            guard let balance = entry.balance else {
                return .broken(position: entry.line.position, reason: "the row has no running balance")
            }
            let (before, overflow) = balance.minorUnits.subtractingReportingOverflow(entry.line.amount.minorUnits)
            guard !overflow else { return .broken(position: entry.line.position, reason: "the balance is too large") }
            from.append(before)
            to.append(balance.minorUnits)
        }
        var surplus: [Int64: Int] = [:]
        for index in entries.indices {
            surplus[from[index], default: 0] += 1
            surplus[to[index], default: 0] -= 1
        }
        let starts = surplus.filter { $0.value == 1 }.map(\.key)
        let ends = surplus.filter { $0.value == -1 }.map(\.key)
        let unbalanced = surplus.filter { abs($0.value) > 1 }
        guard unbalanced.isEmpty, starts.count == ends.count, starts.count <= 1 else {
            return .broken(
                position: "running balance",
                reason: "the running balances do not chain: no balance plus the next row's amount gives that row's "
                    + "balance for every row")
        }
        let forward = walk(entries, from: from, to: to, start: starts.first, laterFirst: false)
        guard let forward else {
            return .broken(
                position: "running balance",
                reason: "the running balances form more than one chain, or one that goes against the dates")
        }
        if let backward = walk(entries, from: from, to: to, start: starts.first, laterFirst: true),
            backward.map({ to[$0] }) != forward.map({ to[$0] })
        {
            return .ambiguous
        }
        guard let first = forward.first, let last = forward.last else { return .ambiguous }
        return .chained(
            forward.map { entries[$0] }, opening: Money(minorUnits: from[first], currency: currency),
            closing: Money(minorUnits: to[last], currency: currency))
    }

    /// One Eulerian path as entry indices, or nil when it does not use every row or goes back in time.
    private static func walk(
        _ entries: [BankCSVReader.Entry], from: [Int64], to: [Int64], start: Int64?, laterFirst: Bool
    ) -> [Int]? {
        func preferred(_ lhs: Int, _ rhs: Int) -> Bool {
            let left = entries[lhs]
            let right = entries[rhs]
            if left.line.bookingDate != right.line.bookingDate {
                return left.line.bookingDate < right.line.bookingDate
            }
            if let leftTime = left.secondsOfDay, let rightTime = right.secondsOfDay, leftTime != rightTime {
                return leftTime < rightTime
            }
            return laterFirst ? lhs > rhs : lhs < rhs
        }
        let all = Array(entries.indices)
        guard let best = all.min(by: preferred) else { return nil }
        let startNode = start ?? from[best]
        // Outgoing edges per balance, least preferred first so `popLast` takes the preferred one.
        var outgoing: [Int64: [Int]] = [:]
        for index in all.sorted(by: { preferred($1, $0) }) {
            outgoing[from[index], default: []].append(index)
        }
        var stack: [(node: Int64, edge: Int?)] = [(startNode, nil)]
        var path: [Int] = []
        while let top = stack.last {
            if let edge = outgoing[top.node]?.popLast() {
                stack.append((to[edge], edge))
            } else {
                stack.removeLast()
                if let edge = top.edge { path.append(edge) }
            }
        }
        path.reverse()
        guard path.count == entries.count else { return nil }
        for (previous, next) in zip(path, path.dropFirst()) where preferred(next, previous) {
            // Going back in time is not allowed; same-day rows may come in any file order.
            if entries[next].line.bookingDate < entries[previous].line.bookingDate { return nil }
            if let nextTime = entries[next].secondsOfDay, let previousTime = entries[previous].secondsOfDay,
                entries[next].line.bookingDate == entries[previous].line.bookingDate, nextTime < previousTime
            {
                return nil
            }
        }
        return path
    }
}
