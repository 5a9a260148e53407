import BentaCore
import BentaStore
import Foundation

/// Invoices and credit notes: drafts (from a won deal, a contract's schedule, or blank), issue with a gapless
/// number inside the issuing transaction, credit notes that never exceed what is still open, and the register.
public struct InvoiceService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    // MARK: Reading

    public func invoice(_ id: Invoice.ID, viewer: Viewer) async throws -> Invoice {
        guard let invoice = try await database.read({ db in try await InvoiceStore(db).find(id, viewer: viewer) })
        else { throw RecordError.notFound(entity: "invoice") }
        return invoice
    }

    /// `issuedLines: false` leaves the lines of issued documents out, for a list that shows none (their totals are
    /// the figures frozen at issue).
    public func list(
        viewer: Viewer, filter: InvoiceFilter, page: PageRequest, issuedLines: Bool = true
    ) async throws -> Page<Invoice> {
        try await database.read { db in
            try await InvoiceStore(db).list(viewer: viewer, filter: filter, page: page, issuedLines: issuedLines)
        }
    }

    /// The open amount of each invoice: total − issued credit notes − payments allocated (cash and withholding),
    /// with the instalments it was issued with; one statement for the whole page.
    public func balances(of invoices: [Invoice]) async throws -> [Invoice.ID: InvoiceBalance] {
        try await database.read { db in try await Self.balances(of: invoices, on: db) }
    }

    /// ``balances(of:)`` inside a unit of work the caller holds (`db`).
    static func balances(of invoices: [Invoice], on db: StoreConnection) async throws -> [Invoice.ID: InvoiceBalance] {
        let settled = try await InvoiceStore(db).settlementTotals(of: invoices.map(\.id))
        var result: [Invoice.ID: InvoiceBalance] = [:]
        for invoice in invoices {
            let total = try invoice.totals().totalWithTax
            let figures = settled[invoice.id] ?? SettlementTotals(credited: 0, cash: 0, withheld: 0)
            result[invoice.id] = try InvoiceBalance(
                total: total, credited: Money(minorUnits: figures.credited, currency: total.currency),
                paid: Money(minorUnits: figures.cash + figures.withheld, currency: total.currency),
                withheld: Money(minorUnits: figures.withheld, currency: total.currency),
                certificatePending: figures.pendingWithholding > 0, instalments: figures.instalments)
        }
        return result
    }

    /// The company's date today (due dates and overdue are counted in it).
    public func today(companyID: Company.ID) async throws -> CalendarDate {
        try await CompanyToday.date(companyID: companyID, database: database, clock: clock)
    }

    /// The invoicing settings: saved ones, else the defaults for the company's country.
    public func settings(companyID: Company.ID) async throws -> InvoiceSettings {
        let company = try await company(companyID)
        return try await database.read { db in
            try await InvoiceSettingsStore(db).find(companyID: companyID)
                ?? InvoiceSettings.defaults(country: company.settings.country)
        }
    }

    /// Saves the invoicing settings (admins only) at the version the admin saw.
    public func saveSettings(
        _ settings: InvoiceSettings, viewer: Viewer, expectedVersion: Int64?
    ) async throws
        -> InvoiceSettings
    {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin changes the invoicing settings.")
        }
        var errors = ValidationErrors()
        _ = Validate.requiredText(settings.title, field: "title", maxLength: 60, into: &errors)
        _ = Validate.optionalText(
            settings.acknowledgementNumber ?? "", field: "acknowledgement_number", maxLength: 60, into: &errors)
        try errors.throwIfAny()
        let current = try await self.settings(companyID: viewer.companyID)
        let expected = try RecordError.checkVersion(expectedVersion, current: current.version, entity: "settings")
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard
                try await InvoiceSettingsStore(db).save(
                    settings, companyID: viewer.companyID, expectedVersion: expected, now: clock.now())
            else { throw RecordError.staleVersion(entity: "settings", expected: expected, actual: expected + 1) }
            try await audit.record(
                "invoice_settings.updated", entityType: "company", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer, details: ["profile": settings.profile.rawValue],
                on: db)
            var saved = settings
            saved.version = expected + 1
            return saved
        }
    }

    // MARK: Drafts

    /// A draft for an account (or from a won deal's lines), in the company's default price mode and terms.
    public func create(_ draft: InvoiceDraft, viewer: Viewer) async throws -> Invoice {
        let company = try await company(viewer.companyID)
        let settings = try await settings(companyID: viewer.companyID)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            var draft = draft
            var deal: Deal?
            if let text = draft.dealID, !text.isEmpty {
                guard let id = Deal.ID(string: text), let found = try await DealStore(db).find(id, viewer: viewer)
                else {
                    var errors = ValidationErrors()
                    errors.add(field: "deal_id", code: "invalid_deal", message: "Choose a deal you can see.")
                    throw errors
                }
                deal = found
                if draft.accountID == nil { draft.accountID = found.fields.accountID.description }
                if draft.currency == nil { draft.currency = found.fields.amount.currency.code }
                if draft.pricesIncludeTax == nil { draft.pricesIncludeTax = found.fields.pricesIncludeTax }
                if draft.contactID == nil { draft.contactID = found.fields.contactIDs.first?.description }
                if draft.lines == nil {
                    draft.lines =
                        found.fields.lines.isEmpty
                        ? [Self.plainLine(found)]
                        : found.fields.lines.map { LineDraft($0, currency: found.fields.amount.currency) }
                }
            }
            guard let accountText = draft.accountID, let accountID = Account.ID(string: accountText),
                let account = try await AccountStore(db).find(accountID, viewer: viewer)
            else {
                var errors = ValidationErrors()
                errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
                throw errors
            }
            let base = InvoiceFields(
                currency: company.settings.baseCurrency, pricesIncludeTax: settings.pricesIncludeTax,
                paymentTerms: settings.defaultPaymentTerms)
            let fields = try await Self.resolve(
                draft, onto: base, accountID: account.id, baseCurrency: company.settings.baseCurrency, viewer: viewer,
                db: db)
            try company.duties.checkDiscounts(fields.lines.map(\.line), currency: fields.currency, role: viewer.role)
            let now = clock.now()
            let invoice = Invoice(
                id: clock.newID(), companyID: viewer.companyID, accountID: account.id,
                ownerID: deal?.fields.ownerID ?? account.fields.ownerID, fields: fields, dealID: deal?.id,
                createdBy: viewer.userID, createdAt: now, updatedAt: now, version: 1)
            try await InvoiceStore(db).insert(invoice)
            try await audit.record(
                "invoice.created", entityType: "invoice", entityID: invoice.id.description,
                companyID: viewer.companyID, by: viewer, details: ["account_id": account.id.description],
                created: invoice, on: db)
            try await IdempotencyScope.complete(with: invoice, on: db)
            return invoice
        }
    }

    /// Changes a draft; an issued invoice is a legal document and refuses (409 `invoice_not_editable`).
    public func update(
        _ id: Invoice.ID, draft: InvoiceDraft, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Invoice {
        let company = try await company(viewer.companyID)
        return try await changes.change(
            Self.target(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { invoice, context in
            try invoice.checkEditable()
            var draft = draft
            var accountID = invoice.accountID
            if let text = draft.accountID {
                guard let id = Account.ID(string: text),
                    try await AccountStore(context.db).find(id, viewer: viewer) != nil
                else {
                    var errors = ValidationErrors()
                    errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
                    throw errors
                }
                if id != accountID && draft.contactID == nil { draft.contactID = "" }
                accountID = id
            }
            let previous = invoice.fields.lines
            invoice.fields = try await Self.resolve(
                draft, onto: invoice.fields, accountID: accountID, baseCurrency: company.settings.baseCurrency,
                viewer: viewer, db: context.db)
            try company.duties.checkDiscounts(
                invoice.fields.lines.map(\.line), previous: previous.map(\.line), currency: invoice.fields.currency,
                role: viewer.role)
            invoice.accountID = accountID
            return AuditEntry("invoice.updated")
        }
    }

    /// Discards a draft; an issued invoice is never deleted (409 `invoice_not_editable`; cancel it with a credit
    /// note).
    public func discard(_ id: Invoice.ID, viewer: Viewer, expectedVersion: Int64?) async throws {
        let audit = audit
        try await database.transaction { db in
            let store = InvoiceStore(db)
            guard let invoice = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "invoice")
            }
            _ = try RecordError.checkVersion(expectedVersion, current: invoice.version, entity: "invoice")
            try invoice.checkEditable()
            guard try await store.deleteDraft(id) else { throw RecordError.notFound(entity: "invoice") }
            try await audit.record(
                "invoice.discarded", entityType: "invoice", entityID: id.description, companyID: viewer.companyID,
                by: viewer, on: db)
        }
    }

    // MARK: Issue

    /// Issues a draft: checks the fields the country profile requires (422 naming each missing one), freezes the
    /// parties, dates it today, computes the due date and takes the next number of its series in this
    /// transaction, so numbers are gapless and unique; a failure hands the number back with the rest.
    public func issue(_ id: Invoice.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Invoice {
        let company = try await company(viewer.companyID)
        try company.duties.require(.issueInvoices, for: viewer.role)
        let settings = try await settings(companyID: viewer.companyID)
        let clock = clock
        return try await database.transaction { db in
            let invoice = try await changes.change(
                Self.target(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, on: db
            ) { invoice, context in
                guard invoice.status == .draft else { throw InvoiceError.alreadyIssued(number: invoice.number) }
                let (seller, buyer) = try await Self.parties(
                    of: invoice, company: company, viewer: viewer, db: context.db)
                try IssueRequirements.check(invoice, seller: seller, buyer: buyer, settings: settings)
                    .renamingFields(Self.adjustmentFieldNames(invoice.fields.adjustments)).throwIfAny()
                try Self.checkForeignCurrency(invoice, base: company.settings.baseCurrency)
                // The date is read once the series is held, so a later number never bears an earlier date (near
                // midnight, a "today" read before waiting for the writer or the series could be yesterday).
                let (number, today, now) = try await NumberSeriesStore(context.db).take(
                    companyID: viewer.companyID, type: invoice.kind.documentType, branch: invoice.branch,
                    clock: { clock.now() }, timeZone: company.settings.timeZone)
                try await CreditHoldGate.check(invoice, on: today, viewer: viewer, db: context.db, clock: clock)
                try invoice.issue(
                    number: number, date: today, at: now, seller: seller, buyer: buyer,
                    figures: try IssuedFigures.freezing(
                        invoice, settings: settings, baseCurrency: company.settings.baseCurrency))
                return AuditEntry(
                    "invoice.issued",
                    details: ["number": number.text, "total": try invoice.totals().totalWithTax.decimalString])
            }
            try await Self.post(invoice, on: db, at: clock.now())
            // What is due when, frozen with the invoice: receivables age each instalment by its own due date.
            if invoice.kind == .invoice, let date = invoice.issueDate {
                try await InvoiceStore(db).recordInstalments(
                    InstalmentSchedule.split(
                        total: try invoice.totals().totalWithTax, terms: invoice.fields.paymentTerms,
                        invoiceDate: date),
                    of: invoice)
            }
            try await IdempotencyScope.complete(with: invoice, on: db)
            return invoice
        }
    }

    // MARK: Credit notes

    /// Issues a credit note against an issued invoice: the whole invoice, some lines (with their share of the
    /// document allowances and charges), or an amount in one of its tax categories; never more than is still open
    /// on a line, a category or the invoice (422 `exceeds_line_quantity`, `exceeds_open_amount`), the last credit
    /// taking the exact rest (see `CreditNotePlan`). It gets the next number of the credit-note series.
    public func creditNote(
        for invoiceID: Invoice.ID, request: CreditNoteRequest, reason: String, viewer: Viewer
    ) async throws -> Invoice {
        var errors = ValidationErrors()
        let reason = Validate.requiredText(reason, field: "reason", maxLength: 500, into: &errors)
        try errors.throwIfAny()
        let company = try await company(viewer.companyID)
        try company.duties.require(.issueInvoices, for: viewer.role)
        let settings = try await settings(companyID: viewer.companyID)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = InvoiceStore(db)
            // The lock on the invoice queues concurrent credit notes, so their sum is checked against each other.
            guard let invoice = try await store.find(invoiceID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "invoice")
            }
            try invoice.checkCreditable()
            let credited = try await store.credits(of: invoice.id, currency: invoice.fields.currency)
            let plan = try CreditNotePlan.make(
                for: invoice.fields, credited: credited, request: request, description: "Credit: \(reason ?? "")")
            let fields = InvoiceFields(
                contactID: invoice.fields.contactID, currency: invoice.fields.currency,
                pricesIncludeTax: plan.pricesIncludeTax, paymentTerms: .dueOnReceipt, lines: plan.lines,
                adjustments: plan.adjustments, exchangeRate: invoice.fields.exchangeRate,
                exchangeRateDate: invoice.fields.exchangeRateDate, reason: reason,
                fixedTaxAmounts: plan.fixedTaxAmounts)
            let noteTotal = plan.totals.totalWithTax
            let created = clock.now()
            var note = Invoice(
                id: clock.newID(), companyID: viewer.companyID, kind: .creditNote, branch: invoice.branch,
                accountID: invoice.accountID, ownerID: invoice.ownerID, fields: fields, correctsInvoiceID: invoice.id,
                dealID: invoice.dealID, contractID: invoice.contractID, createdBy: viewer.userID, createdAt: created,
                updatedAt: created, version: 1)
            try await store.insert(note)
            note = try await changes.change(
                Self.target(note.id, viewer: viewer), expectedVersion: 1, by: viewer, on: db
            ) { note, context in
                let (number, today, now) = try await NumberSeriesStore(context.db).take(
                    companyID: viewer.companyID, type: .creditNote, branch: invoice.branch, clock: { clock.now() },
                    timeZone: company.settings.timeZone)
                guard let seller = invoice.seller, let buyer = invoice.buyer else {
                    throw RecordError.conflict(
                        code: "invoice_not_issued", detail: "Only an issued invoice can be credited.")
                }
                try note.issue(
                    number: number, date: today, at: now, seller: seller, buyer: buyer,
                    figures: try IssuedFigures.freezing(
                        note, settings: settings, baseCurrency: company.settings.baseCurrency))
                return AuditEntry(
                    "credit_note.issued",
                    details: [
                        "number": number.text, "invoice": invoice.number ?? "", "total": noteTotal.decimalString,
                    ])
            }
            try await store.recordCredits(
                note: note.id, invoice: invoice.id, lines: plan.lineCredits, taxes: plan.totals.breakdown)
            // A credit note takes off what is still open after payments: a paid part is settled money, undone by
            // reversing its allocation first (the ledger's receivable for the customer never goes below zero).
            let open = try await Self.balance(of: invoice, on: db).open
            guard open.minorUnits >= 0 else {
                var errors = ValidationErrors()
                errors.add(
                    field: "amount", code: "exceeds_open_amount",
                    message: "The credit is more than is still open after payments; reverse the payment's allocation "
                        + "first.")
                throw errors
            }
            try await Self.post(note, on: db, at: clock.now())
            try await IdempotencyScope.complete(with: note, on: db)
            return note
        }
    }

    // MARK: Register

    /// One row of the sales book.
    public struct RegisterRow: Sendable {
        public let invoice: Invoice
        public let totals: DocumentTotals
        /// The credit notes issued against it so far (zero for a credit note itself).
        public let credited: Money
        /// The company's base currency, which the book and the VAT return add up in.
        public let baseCurrency: Currency
        /// Net, VAT and total in `baseCurrency` at the document's exchange rate (the document's own figures for a
        /// base-currency document); nil for a foreign-currency document without a rate.
        public let inBaseCurrency: BaseCurrencyAmounts?

        /// Fully credited: the number stays in the book, marked cancelled.
        public var isCancelled: Bool {
            invoice.kind == .invoice && !credited.isZero && credited.minorUnits >= totals.totalWithTax.minorUnits
        }
    }

    /// Every issued invoice or credit note with an issue date in `[from, to)`, in number order; head, admin and
    /// accountant only (it is the company's book).
    public func register(
        viewer: Viewer, kind: InvoiceKind, from: CalendarDate, to: CalendarDate
    ) async throws -> [RegisterRow] {
        guard viewer.role.seesAllRecords else {
            throw RecordError.forbidden(detail: "The invoice register is for the head of sales and the accountant.")
        }
        let (invoices, credited) = try await database.read { db in
            let store = InvoiceStore(db)
            let invoices = try await store.register(companyID: viewer.companyID, kind: kind, from: from, to: to)
            return (invoices, try await store.creditedTotals(of: invoices.map(\.id)))
        }
        let baseCurrency = try await company(viewer.companyID).settings.baseCurrency
        return try invoices.map { invoice in
            let totals = try invoice.totals()
            return RegisterRow(
                invoice: invoice, totals: totals,
                credited: Money(minorUnits: credited[invoice.id] ?? 0, currency: invoice.fields.currency),
                baseCurrency: baseCurrency,
                inBaseCurrency: try BaseCurrencyAmounts.converting(
                    totals, exchangeRate: invoice.fields.exchangeRate, to: baseCurrency))
        }
    }

    // MARK: Helpers

    /// The journal entry of an issued invoice or credit note, in its transaction.
    static func post(_ document: Invoice, on db: StoreConnection, at now: Date) async throws {
        guard let date = document.issueDate else { return }
        let totals = try document.totals()
        var lines =
            document.kind == .invoice
            ? Posting.invoice(customer: document.accountID, total: totals.totalWithTax, tax: totals.totalTax)
            : Posting.creditNote(customer: document.accountID, total: totals.totalWithTax, tax: totals.totalTax)
        // A foreign-currency document is also valued in the base currency at its rate (exchange differences).
        if let base = document.issued?.baseCurrency, document.fields.currency != base,
            let inBase = try BaseCurrencyAmounts.converting(
                net: totals.totalWithTax.subtracting(totals.totalTax), vat: totals.totalTax,
                exchangeRate: document.fields.exchangeRate, to: base)
        {
            lines = Posting.invoice(
                customer: document.accountID, total: totals.totalWithTax, tax: totals.totalTax, inBase: inBase,
                negated: document.kind != .invoice)
        }
        guard !totals.totalWithTax.isZero else { return }
        try await LedgerStore(db).post(
            try JournalEntry(
                id: document.id.retagged(), companyID: document.companyID, date: date,
                source: document.kind == .invoice ? .invoice : .creditNote, sourceID: document.id.description,
                lines: lines), at: now)
    }

    func company(_ id: Company.ID) async throws -> Company {
        guard let company = try await database.read({ db in try await CompanyStore(db).find(id) }) else {
            throw RecordError.notFound(entity: "company")
        }
        return company
    }

    /// An invoice or credit note on the change path: loaded visibly and locked; a draft's change saves the draft,
    /// its issue saves it as issued (once).
    static func target(_ id: Invoice.ID, viewer: Viewer) -> ChangeTarget<Invoice> {
        ChangeTarget(
            entity: "invoice",
            load: { db in try await InvoiceStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { changed, loaded, db in
                let store = InvoiceStore(db)
                if loaded.status == .draft && changed.status == .issued {
                    return try await store.issue(changed, expectedVersion: loaded.version)
                }
                return try await store.updateDraft(
                    changed, expectedVersion: loaded.version, linesChanged: changed.fields.lines != loaded.fields.lines)
            })
    }
}
