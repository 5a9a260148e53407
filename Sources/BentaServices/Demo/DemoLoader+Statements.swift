import BentaCore
import BentaFormats
import Foundation

/// One open invoice as a made-up bank statement pays it: what the payer would know of it.
public struct StatementInvoice: Sendable, Hashable {
    /// The printed invoice number.
    public var number: String
    /// The customer's id (groups the invoices one payment may cover).
    public var customerID: String
    /// The customer's name, as the payer's bank writes it.
    public var customerName: String
    /// What is still open.
    public var open: Money
    /// The invoice's total and tax: the VAT-exclusive base of a payment net of withholding.
    public var total: Money
    public var tax: Money
    /// The customer's withholding default.
    public var withholding: WithholdingProfile

    /// Creates one.
    public init(
        number: String, customerID: String, customerName: String, open: Money, total: Money, tax: Money,
        withholding: WithholdingProfile
    ) {
        self.number = number
        self.customerID = customerID
        self.customerName = customerName
        self.open = open
        self.total = total
        self.tax = tax
        self.withholding = withholding
    }
}

/// Makes the money-in lines of a bank statement that pays open invoices the ways customers pay (issue 12,
/// "Matching"), in a repeating mix of eight lines: two exact payments naming the invoice, one net of the customer's
/// withholding (exact when the customer withholds nothing), one paying two invoices of a customer, one part payment
/// whose only clue is the invoice number (from a person, not the customer), one of the exact open amount with no
/// reference, one unrelated credit (interest) and one bank charge. Each invoice is paid by one line at most; the
/// lines stop when the invoices run out. Deterministic: the same invoices and start give the same lines.
///
/// The demo company's statement files and the matching benchmark (`benta bench matching`) are made with it.
public struct StatementLineMaker: Sendable {
    let invoices: [StatementInvoice]
    /// The invoices of each customer, in the given order.
    let byCustomer: [String: [Int]]
    var used: Set<Int> = []
    var cursor = 0
    var serial = 0
    /// The prefix of every bank reference (`BDO260301-`): distinct per statement, so the lines of two statements
    /// are never taken for duplicates.
    public var referencePrefix: String

    /// A maker over `invoices`, oldest first (they are paid in this order).
    public init(invoices: [StatementInvoice], referencePrefix: String) {
        self.invoices = invoices
        var byCustomer: [String: [Int]] = [:]
        for (index, invoice) in invoices.enumerated() { byCustomer[invoice.customerID, default: []].append(index) }
        self.byCustomer = byCustomer
        self.referencePrefix = referencePrefix
    }

    /// Up to `count` lines booked from `from` to `to` (spread evenly, in date order).
    public mutating func lines(count: Int, from: CalendarDate, to: CalendarDate) -> [BankStatementLine] {
        var lines: [BankStatementLine] = []
        let span = max(0, from.days(until: to))
        while lines.count < count {
            let date = from.adding(days: count > 1 ? span * lines.count / (count - 1) : 0)
            guard let line = nextLine(kind: serial % 8, on: date) else { break }
            serial += 1
            lines.append(line)
        }
        return lines
    }

    mutating func takeNext() -> Int? {
        while cursor < invoices.count, used.contains(cursor) { cursor += 1 }
        guard cursor < invoices.count else { return nil }
        used.insert(cursor)
        return cursor
    }

    /// The next unused invoice whose customer has another unused one (for a payment of two), if any.
    mutating func takeNextWithSibling() -> Int? {
        var index = cursor
        while index < invoices.count {
            if !used.contains(index),
                byCustomer[invoices[index].customerID]?.contains(where: { $0 != index && !used.contains($0) }) == true
            {
                used.insert(index)
                return index
            }
            index += 1
        }
        return nil
    }

    mutating func nextLine(kind: Int, on date: CalendarDate) -> BankStatementLine? {
        let reference = referencePrefix + String(format: "%06d", serial + 1)
        let currency = invoices.first?.open.currency ?? .php
        switch kind {
        case 6:
            // Interest the bank credits: money in that pays no invoice.
            return BankStatementLine(
                amount: Money(minorUnits: 1_000 + Int64(serial % 97) * 13, currency: currency), bookingDate: date,
                valueDate: date, bankReference: reference, remittance: "INTEREST EARNED",
                transactionCode: "PMNT/RCDT/XBCT")
        case 7:
            return BankStatementLine(
                amount: Money(minorUnits: -150_00, currency: currency), bookingDate: date, valueDate: date,
                bankReference: reference, remittance: "SERVICE CHARGE INSTAPAY", transactionCode: "PMNT/CCRD/CHRG")
        default:
            break
        }
        guard let first = kind == 3 ? takeNextWithSibling() ?? takeNext() : takeNext() else { return nil }
        let invoice = invoices[first]
        var line = BankStatementLine(
            amount: invoice.open, bookingDate: date, valueDate: date, bankReference: reference,
            counterpartyName: invoice.customerName.uppercased(),
            counterpartyAccount: Self.payerAccount(invoice.customerID),
            remittance: "PAYMENT FOR \(invoice.number)", transactionCode: "PMNT/RCDT/ESCT")
        switch kind {
        case 0:
            line.endToEndID = "E2E-" + invoice.number
        case 2:
            if invoice.withholding != .none, invoice.open == invoice.total,
                let net = try? AllocationRules.fullSettlement(
                    open: invoice.open, total: invoice.total, tax: invoice.tax, profile: invoice.withholding
                ).cash
            {
                line.amount = net
                line.remittance = "\(invoice.number) LESS EWT"
            }
        case 3:
            // A second open invoice of the same customer, paid by the same transfer.
            let others = byCustomer[invoice.customerID] ?? []
            if let second = others.first(where: { $0 != first && !used.contains($0) }) {
                used.insert(second)
                line.amount = Money(
                    minorUnits: invoice.open.minorUnits + invoices[second].open.minorUnits, currency: currency)
                line.remittance = "\(invoice.number) \(invoices[second].number)"
            }
        case 4:
            // Someone else pays half, naming only the invoice.
            line.amount = Money(minorUnits: max(1, invoice.open.minorUnits / 2), currency: currency)
            line.counterpartyName = "JUAN DELA CRUZ"
            line.counterpartyAccount = nil
            line.remittance = "INV " + invoice.number
        case 5:
            // The exact amount, with nothing that names the invoice.
            line.remittance = "IBFT TRANSFER"
            line.counterpartyAccount = nil
        default:
            break
        }
        return line
    }

    /// A made-up account number the customer pays from, the same every time.
    static func payerAccount(_ customerID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in customerID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let digits = String(format: "%012llu", hash % 1_000_000_000_000)
        return digits.prefix(4) + "-" + digits.dropFirst(4).prefix(4) + "-" + digits.suffix(4)
    }
}

/// The demo's bank statements (issue 12, "Demo"): the accountant finds a statement of the BDO account already
/// imported — its lines matched where the matcher is sure and waiting in the review queue with their candidates
/// where it is not — and, when a folder is given, the next days of the same account as one file per format
/// (camt.053, camt.054, MT940, OFX 2.x, OFX 1.x, BDO CSV) to import and match: every file holds the same
/// transactions, so importing a second format adds nothing (each line is recognised by its bank reference).
extension DemoLoader {
    /// The account's number as its statements write it (the one `loadPayments` created).
    static let statementAccount = BankAccountReference(
        number: "0012-3456-7890", bankIdentifier: "BNORPHMM", name: "Bituin Office Solutions")

    /// Imports the earlier statement and writes the later one's files into `folder` (when given); returns their
    /// paths. Each statement is one round of `StatementLineMaker`'s mix (eight lines).
    func loadStatements(companyID: Company.ID, users: [User], folder: URL?) async throws -> [URL] {
        guard let accountant = users.first(where: { $0.role == .accountant }) else { return [] }
        let today = try await services.invoices.today(companyID: companyID)
        var invoices: [Invoice] = []
        var cursor: String?
        repeat {
            let page = try await services.invoices.list(
                viewer: accountant.viewer, filter: InvoiceFilter(kind: .invoice, status: .issued),
                page: PageRequest(limit: 200, cursor: cursor))
            invoices += page.items
            cursor = page.nextCursor
        } while cursor != nil
        let balances = try await services.invoices.balances(of: invoices)
        var profiles: [Account.ID: WithholdingProfile] = [:]
        var open: [StatementInvoice] = []
        let unpaid = invoices.filter {
            guard let balance = balances[$0.id] else { return false }
            return balance.open.isPositive && balance.open == balance.total && $0.number != nil
        }.sorted { ($0.issueDate ?? today, $0.number ?? "") < ($1.issueDate ?? today, $1.number ?? "") }
        // Each manager keeps their three oldest unpaid invoices and their newest one open, for collections and
        // the receivables pages; the statements pay from the rest, oldest first.
        var kept = Set<Invoice.ID>()
        for owned in Dictionary(grouping: unpaid, by: \.ownerID).values {
            kept.formUnion(owned.prefix(3).map(\.id))
            if let newest = owned.last { kept.insert(newest.id) }
        }
        for invoice in unpaid where !kept.contains(invoice.id) {
            guard let balance = balances[invoice.id], let number = invoice.number else { continue }
            if profiles[invoice.accountID] == nil {
                profiles[invoice.accountID] =
                    try await services.payments.withholdingProfile(
                        accountID: invoice.accountID, viewer: accountant.viewer
                    ).profile
            }
            open.append(
                StatementInvoice(
                    number: number, customerID: invoice.accountID.description,
                    customerName: invoice.buyer?.name ?? "", open: balance.open, total: balance.total,
                    tax: try invoice.totals().totalTax, withholding: profiles[invoice.accountID] ?? .none))
        }
        var maker = StatementLineMaker(invoices: open, referencePrefix: "BDO" + Self.compact(today) + "-")
        let earlier = statement(
            maker.lines(count: 8, from: today.adding(days: -12), to: today.adding(days: -7)), number: 1)
        let later = statement(
            maker.lines(count: 8, from: today.adding(days: -6), to: today.adding(days: -1)), number: 2)
        let now = services.clock.now()
        if !earlier.lines.isEmpty {
            _ = try await services.payments.importStatement(
                BankStatementWriter.camt053(earlier, createdAt: now), fileName: "bdo-statement-1.camt053.xml",
                bankAccountID: nil, profileID: nil, viewer: accountant.viewer)
        }
        guard let folder, !later.lines.isEmpty else { return [] }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        for format in BankStatementWriter.writableFormats {
            guard let data = BankStatementWriter.write(later, as: format, createdAt: now) else { continue }
            let name =
                format == .csv
                ? "bdo-statement-2.csv"
                : "bdo-statement-2.\(format.rawValue.replacingOccurrences(of: ".", with: ""))."
                    + BankStatementWriter.fileExtension(format)
            let url = folder.appendingPathComponent(name)
            try data.write(to: url, options: .atomic)
            written.append(url)
        }
        return written
    }

    /// A statement of the demo account holding `lines`, with balances that add up.
    func statement(_ lines: [BankStatementLine], number: Int) -> BankStatement {
        let opening = Money(minorUnits: 1_250_000_00 * Int64(number), currency: .php)
        let sum = lines.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        let from = lines.first?.bookingDate
        let to = lines.last?.bookingDate
        return BankStatement(
            identifier: "BDO\(from.map(Self.compact) ?? "") 000\(number)/001", account: Self.statementAccount,
            currency: .php, fromDate: from, toDate: to,
            balances: [
                BankBalance(kind: .opening, amount: opening, date: from),
                BankBalance(
                    kind: .closing, amount: Money(minorUnits: opening.minorUnits + sum, currency: .php), date: to),
            ], lines: lines)
    }

    /// `260305` for 5 March 2026.
    static func compact(_ date: CalendarDate) -> String {
        String(format: "%02d%02d%02d", date.year % 100, date.month, date.day)
    }
}
