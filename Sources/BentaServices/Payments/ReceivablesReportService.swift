import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The read-only receivables reports of issue 12: a customer's statement of account (JSON, PDF, emailed through the
/// outbox), DSO and CEI for a period, and the quarterly list of invoices unpaid past their term (output-VAT relief,
/// RR 3-2024). Each is a fixed number of aggregate statements; a manager sees only their customers.
public struct ReceivablesReportService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    let outbox: OutboxService

    // MARK: Statement of account

    /// The statement of a customer the viewer sees (404 otherwise) for `from`…`to` (default: the 90 days up to the
    /// company's today) in `currency` (default: the company's base currency). Refused (422) for a period over
    /// `StatementOfAccount.maximumDays` or a statement of more than `StatementOfAccount.maximumLines` lines.
    public func statement(
        accountID: Account.ID, from: CalendarDate?, to: CalendarDate?, currency: Currency?, viewer: Viewer
    ) async throws -> StatementOfAccount {
        try await database.read { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            guard let account = try await AccountStore(db).find(accountID, viewer: viewer) else {
                throw RecordError.notFound(entity: "account")
            }
            let settings = company.settings
            let end = to ?? settings.today(at: clock.now())
            let start = from ?? end.adding(days: -(StatementOfAccount.defaultDays - 1))
            try StatementOfAccount.validatePeriod(from: start, to: end).throwIfAny()
            let currency = currency ?? settings.baseCurrency
            let store = StatementOfAccountStore(db)
            let limit = StatementOfAccount.maximumLines
            let opening = try await store.balance(
                accountID: accountID, companyID: viewer.companyID, currency: currency, through: start.adding(days: -1))
            let movements = try await store.movements(
                accountID: accountID, companyID: viewer.companyID, currency: currency, from: start, to: end,
                limit: limit)
            let open = try await store.openInvoices(
                accountID: accountID, companyID: viewer.companyID, currency: currency, asOf: end, limit: limit)
            guard movements.count <= limit, open.count <= limit else { throw StatementOfAccount.tooManyLines }
            let closing = try await store.balance(
                accountID: accountID, companyID: viewer.companyID, currency: currency, through: end)
            let buckets = AgingBuckets.standard
            let seller = InvoiceParty(
                name: settings.registeredName, address: settings.registeredAddress, tin: settings.tin?.formatted,
                isVATRegistered: settings.isVATRegistered, country: settings.country.rawValue)
            let fields = account.fields
            let customer = InvoiceParty(
                name: fields.registeredName ?? fields.name, address: fields.billingAddress ?? "",
                tin: fields.tin?.formatted, isVATRegistered: fields.isVATRegistered, country: fields.country.rawValue,
                email: fields.email?.value, buyerKind: fields.buyerKind)
            return StatementOfAccount(
                accountID: accountID, seller: seller, customer: customer, currency: currency, from: start, to: end,
                opening: opening.balance, movements: movements, unappliedCredit: closing.credit,
                openInvoices: open.map { invoice in
                    let days = AgingBuckets.daysPastDue(dueDate: invoice.dueDate, asOf: end)
                    return StatementOpenInvoice(
                        invoiceID: invoice.id, number: invoice.number, issueDate: invoice.issueDate,
                        dueDate: invoice.dueDate, total: invoice.total, open: invoice.open, daysPastDue: days,
                        bucketLabelKey: buckets.bucket(daysPastDue: days).labelKey)
                })
        }
    }

    /// The statement as a PDF (A4, standard fonts).
    public func statementPDF(_ statement: StatementOfAccount) -> [UInt8] {
        StatementOfAccountPDF.render(statement, creationDate: clock.now())
    }

    /// Queues the statement for the customer by email, the PDF attached: to the account's email address unless
    /// addresses are given. The message and the audit row commit together; the outbox worker sends it with retries.
    public func emailStatement(
        accountID: Account.ID, from: CalendarDate?, to: CalendarDate?, currency: Currency?,
        recipients addresses: [String]?,
        viewer: Viewer
    ) async throws -> OutboxMessage {
        let statement = try await statement(
            accountID: accountID, from: from, to: to, currency: currency, viewer: viewer)
        var errors = ValidationErrors()
        let requested = addresses ?? statement.customer.email.map { [$0] } ?? []
        if requested.isEmpty {
            errors.add(
                field: "to", code: "no_recipient",
                message: "The customer has no email address; give one or add it to the account.")
        }
        var recipients: [MailAddress] = []
        for (index, text) in requested.enumerated() {
            if let address = MailAddress(parsing: text) {
                recipients.append(
                    addresses == nil ? MailAddress(name: statement.customer.name, address: address.address) : address)
            } else {
                errors.add(field: "to[\(index)]", code: "invalid_email", message: "Enter an email address.")
            }
        }
        try errors.throwIfAny()
        let period = "\(statement.from.iso8601String) to \(statement.to.iso8601String)"
        let money = MoneyFormatter()
        var body = "Dear \(statement.customer.name),\n\n"
        body += "Please find attached your statement of account for \(period). "
        body +=
            "The balance on \(statement.to.iso8601String) is \(statement.currency.code) "
            + "\(money.formatPlain(statement.closing)).\n"
        body += "\nThank you,\n\(statement.seller.name)\n"
        let filename = "statement-\(statement.to.iso8601String).pdf"
        let email = OutgoingEmail(
            companyID: viewer.companyID, kind: "statement", relatedType: "account", relatedID: accountID.description,
            to: recipients, subject: "Statement of account \(period) – \(statement.seller.name)", textBody: body,
            attachments: [
                MailAttachment(filename: filename, contentType: "application/pdf", data: statementPDF(statement))
            ], queuedBy: viewer.userID)
        let (audit, outbox) = (audit, outbox)
        let sentTo = recipients.map(\.address).joined(separator: ", ")
        return try await database.transaction { db in
            let message = try await outbox.enqueue(email, on: db)
            try await audit.record(
                "account.statement_emailed", entityType: "account", entityID: accountID.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "to": sentTo, "outbox_id": message.id.description, "from": statement.from.iso8601String,
                    "through": statement.to.iso8601String,
                ], on: db)
            return message
        }
    }

    // MARK: DSO and CEI

    /// DSO, best possible DSO, average days delinquent and CEI for `from`…`to` (default: the 90 days up to today)
    /// in `currency` (default: the base currency), over the customers the viewer sees; `ownerID` limits them to
    /// one manager's invoices (a manager may name only themselves: 403 otherwise).
    public func metrics(
        from: CalendarDate?, to: CalendarDate?, currency: Currency?, ownerID: User.ID?, viewer: Viewer
    ) async throws -> ReceivablesMetrics {
        if let ownerID, viewer.role == .manager, ownerID != viewer.userID {
            throw RecordError.forbidden(detail: "A manager reads the figures of their own customers only.")
        }
        guard let company = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) })
        else { throw RecordError.notFound(entity: "company") }
        let end = to ?? company.settings.today(at: clock.now())
        let start = from ?? end.adding(days: -(StatementOfAccount.defaultDays - 1))
        var errors = ValidationErrors()
        if start > end {
            errors.add(field: "from", code: "after_to", message: "The period starts after it ends.")
        } else if start.days(until: end) + 1 > ReceivablesMetrics.maximumDays {
            errors.add(
                field: "from", code: "period_too_long",
                message: "Choose a period of at most \(ReceivablesMetrics.maximumDays) days.")
        }
        try errors.throwIfAny()
        let currency = currency ?? company.settings.baseCurrency
        return try await database.read { db in
            let store = ReceivablesStore(db)
            let beginning = try await store.receivables(
                viewer: viewer, asOf: start.adding(days: -1), currency: currency, ownerID: ownerID)
            let ending = try await store.receivables(viewer: viewer, asOf: end, currency: currency, ownerID: ownerID)
            let sales = try await store.creditSales(
                viewer: viewer, from: start, to: end, currency: currency, ownerID: ownerID)
            return try ReceivablesMetrics(
                from: start, to: end, currency: currency, ownerID: ownerID, beginningReceivables: beginning.total,
                endingReceivables: ending.total, endingCurrentReceivables: ending.current, creditSales: sales)
        }
    }

    // MARK: Unpaid past term

    /// The most rows of the CSV export.
    public static let maximumExportRows = 10_000

    /// One page of the report for `quarter`, the quarter the output VAT is deducted in: VAT invoices (VAT shown,
    /// issued on or after 27 April 2024, with a term of at least a day) whose due date fell in the quarter before
    /// it and that are still open at the end of `quarter`, by due date; the open amount is as of that day.
    public func unpaidPastTerm(
        quarter: TaxQuarter, page: PageRequest, viewer: Viewer
    ) async throws -> Page<UnpaidPastTermInvoice> {
        let due = UnpaidPastTermRule.dueDates(for: quarter)
        return try await database.read { db in
            try await StatementOfAccountStore(db).unpaidPastTerm(
                viewer: viewer, dueFrom: due.first, dueTo: due.last, asOf: quarter.lastDay, cursor: page.cursor,
                limit: page.limit)
        }
    }

    /// The whole report for `quarter` as CSV (one statement; 422 above `maximumExportRows` rows).
    public func unpaidPastTermCSV(quarter: TaxQuarter, viewer: Viewer) async throws -> String {
        let due = UnpaidPastTermRule.dueDates(for: quarter)
        let page = try await database.read { db in
            try await StatementOfAccountStore(db).unpaidPastTerm(
                viewer: viewer, dueFrom: due.first, dueTo: due.last, asOf: quarter.lastDay, cursor: nil,
                limit: Self.maximumExportRows)
        }
        guard page.nextCursor == nil else {
            throw ValidationErrors([
                FieldError(
                    field: "quarter", code: "too_many_rows",
                    message: "The report has more than \(Self.maximumExportRows) invoices; read it page by page.")
            ])
        }
        var csv = CSVWriter(header: [
            "invoice_number", "issue_date", "due_date", "buyer_name", "buyer_tin", "currency", "total", "vat", "open",
            "open_vat",
        ])
        for row in page.items {
            csv.appendRow([
                row.number, row.issueDate.iso8601String, row.dueDate.iso8601String, row.buyerName, row.buyerTIN ?? "",
                row.total.currency.code, row.total.decimalString, row.vat.decimalString, row.open.decimalString,
                row.openVAT.decimalString,
            ])
        }
        return csv.text
    }
}

extension Services {
    /// The receivables reports: statements of account, DSO and CEI, invoices unpaid past their term.
    public var receivables: ReceivablesReportService {
        ReceivablesReportService(database: database, clock: clock, audit: AuditWriter(clock: clock), outbox: outbox)
    }
}
