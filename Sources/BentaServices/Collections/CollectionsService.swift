import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// What the caller logs when a collection call is over (issue 12): the reason the customer gave, perhaps a promise
/// to pay and invoices the customer disputes.
public struct CallOutcomeDraft: Sendable, Hashable {
    public var reason: String = ""
    public var note: String?
    public var promise: PromiseDraft?
    public var disputedInvoiceIDs: [String] = []
    public var disputeNote: String?

    public init(
        reason: String = "", note: String? = nil, promise: PromiseDraft? = nil, disputedInvoiceIDs: [String] = [],
        disputeNote: String? = nil
    ) {
        self.reason = reason
        self.note = note
        self.promise = promise
        self.disputedInvoiceIDs = disputedInvoiceIDs
        self.disputeNote = disputeNote
    }
}

/// A promise to pay as typed: the amount in major units, invoices by id (none = the account's overdue ones).
public struct PromiseDraft: Sendable, Hashable {
    public var accountID: String = ""
    public var promisedOn: String = ""
    public var amount: String = ""
    public var invoiceIDs: [String] = []
    public var graceDays: Int?
    public var contactName: String?
    public var note: String?

    public init(
        accountID: String = "", promisedOn: String = "", amount: String = "", invoiceIDs: [String] = [],
        graceDays: Int? = nil, contactName: String? = nil, note: String? = nil
    ) {
        self.accountID = accountID
        self.promisedOn = promisedOn
        self.amount = amount
        self.invoiceIDs = invoiceIDs
        self.graceDays = graceDays
        self.contactName = contactName
        self.note = note
    }
}

/// What logging a call recorded.
public struct CallOutcomeResult: Sendable, Hashable {
    public var call: CollectionCall
    public var promise: StoredPromise?
    public var disputes: [InvoiceDispute]
}

/// Collections work of the account managers (issue 12): the calls to make with what is overdue, logging their
/// outcomes (reason, promise to pay, disputes) in one transaction, promises and disputes on their own, and the
/// late-payment reasons and promise-kept report. A manager sees and logs the calls of their own customers; the
/// head and the admin see everyone's.
public struct CollectionsService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    init(database: any AppDatabase, clock: AppClock, audit: AuditWriter) {
        self.database = database
        self.clock = clock
        self.audit = audit
    }

    // MARK: Calls

    /// One page of calls, open (by due day) or done (newest first), each with its account, whom to call and the
    /// account's overdue invoices as of today; four statements per page whatever its length. A manager sees only
    /// their own calls (`assigneeID` is theirs); a head or admin anyone's, or all when `assigneeID` is nil.
    public func calls(
        viewer: Viewer, open: Bool, assigneeID: User.ID?, dueBy: CalendarDate? = nil, page: PageRequest
    ) async throws -> Page<CallToMake> {
        let assignee = viewer.role == .manager ? viewer.userID : assigneeID
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        return try await database.read { db in
            let store = CollectionCallStore(db)
            let found = try await store.list(
                viewer: viewer, open: open, assigneeID: assignee, dueBy: dueBy, page: page)
            let accounts = Array(Set(found.items.map(\.call.accountID)))
            let invoices = Dictionary(
                grouping: try await store.overdueInvoices(
                    accounts: accounts, companyID: viewer.companyID, today: today), by: \.accountID)
            let contacts = try await store.contacts(accounts: accounts)
            return Page(
                items: found.items.map { item in
                    let overdue = invoices[item.call.accountID] ?? []
                    return CallToMake(
                        call: item.call, accountName: item.accountName,
                        contact: contacts[item.call.accountID] ?? CallContact(name: nil, phone: nil, phoneDisplay: nil),
                        overdueInvoices: overdue, overdueTotals: Self.totals(overdue))
                }, nextCursor: found.nextCursor)
        }
    }

    static func totals(_ invoices: [OverdueInvoice]) -> [Money] {
        var sums: [Currency: Int64] = [:]
        for invoice in invoices { sums[invoice.openAmount.currency, default: 0] += invoice.openAmount.minorUnits }
        return sums.map { Money(minorUnits: $0.value, currency: $0.key) }.sorted { $0.currency.code < $1.currency.code }
    }

    /// Puts a call on the list by hand for an account the viewer sees. The assignee is the account's owner; a head
    /// or admin may name another user of the company. When the account already has an open call, that call is
    /// answered (nothing new is written).
    public func createCall(
        accountID: String, dueOn: String, assigneeID: String?, viewer: Viewer
    ) async throws -> (call: CollectionCall, created: Bool) {
        var errors = ValidationErrors()
        let account = Account.ID(string: accountID)
        if account == nil {
            errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
        }
        let due = CalendarDate(iso8601: dueOn)
        if due == nil { errors.add(field: "due_on", code: "invalid_date", message: "Enter a date as YYYY-MM-DD.") }
        var assignee: User.ID?
        if let assigneeID, !assigneeID.isEmpty {
            if viewer.role != .head && viewer.role != .admin {
                errors.add(
                    field: "assignee_id", code: "not_allowed", message: "Only a head or admin assigns calls to others.")
            } else if let id = User.ID(string: assigneeID) {
                assignee = id
            } else {
                errors.add(field: "assignee_id", code: "invalid_user", message: "Choose a user of the company.")
            }
        }
        try errors.throwIfAny()
        guard let account, let due else { throw errors }
        let (clock, audit, chosen) = (clock, audit, assignee)
        return try await database.transaction { db in
            guard let found = try await AccountStore(db).find(account, viewer: viewer) else {
                throw ValidationErrors([
                    FieldError(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
                ])
            }
            if let chosen {
                guard let user = try await UserStore(db).find(chosen), user.companyID == viewer.companyID else {
                    throw ValidationErrors([
                        FieldError(field: "assignee_id", code: "invalid_user", message: "Choose a user of the company.")
                    ])
                }
            }
            var assignee = found.fields.ownerID
            if let chosen {
                assignee = chosen
            } else {
                // Nobody named: whoever makes the owner's calls under the company's duties.
                let duties = try await Duties.settings(viewer, db: db)
                if !(duties.manager.contains(.makeCollectionCalls) && duties.head.contains(.makeCollectionCalls)) {
                    let people = try await UserStore(db).all(companyID: viewer.companyID).map {
                        (id: $0.id, role: $0.role, isActive: $0.isActive)
                    }
                    assignee = duties.callAssignee(owner: assignee, users: people)
                }
            }
            let now = clock.now()
            let call = CollectionCall(
                id: clock.newID(), companyID: viewer.companyID, accountID: account,
                assigneeID: assignee, cause: .manual, dueOn: due, createdAt: now,
                updatedAt: now, version: 1)
            let open = try await CollectionCallStore(db).openIfNone(call)
            guard open.id == call.id else { return (open, false) }
            try await audit.record(
                "collection_call.created", entityType: "collection_call", entityID: call.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["account_id": account.description, "assignee_id": call.assigneeID.description],
                created: call, on: db)
            return (call, true)
        }
    }

    static func callTarget(_ id: CollectionCall.ID, viewer: Viewer) -> ChangeTarget<CollectionCall> {
        ChangeTarget(
            entity: "collection_call",
            load: { db in
                guard let call = try await CollectionCallStore(db).find(id, viewer: viewer, forUpdate: true) else {
                    return nil
                }
                // A manager sees the calls of their own list only.
                if viewer.role == .manager && call.assigneeID != viewer.userID { return nil }
                return call
            },
            save: { changed, loaded, db in
                try await CollectionCallStore(db).save(changed, expectedVersion: loaded.version)
            })
    }

    /// Logs a call's outcome in one transaction: the call closes with the reason, the note and the account's
    /// overdue total now; a promise to pay is recorded (its invoices must be the account's open issued invoices in
    /// its currency; none named = the account's overdue ones); a dispute opens for each named invoice (one open per
    /// invoice); a call activity is logged on the account; audit rows for each. Only the assignee, a head or an
    /// admin logs it; anything refused leaves the call open and nothing written.
    public func logOutcome(
        _ callID: CollectionCall.ID, draft: CallOutcomeDraft, expectedVersion: Int64?, viewer: Viewer
    ) async throws -> CallOutcomeResult {
        var errors = ValidationErrors()
        let reason = LatePaymentReason(rawValue: draft.reason)
        if reason == nil {
            errors.add(
                field: "reason", code: "invalid_choice",
                message: "Choose one of: \(LatePaymentReason.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let note = Validate.optionalText(draft.note, field: "note", maxLength: 2000, into: &errors)
        let disputeNote = Validate.optionalText(
            draft.disputeNote, field: "dispute_note", maxLength: 2000, into: &errors)
        var disputed: [Invoice.ID] = []
        for (index, text) in draft.disputedInvoiceIDs.enumerated() {
            if let id = Invoice.ID(string: text) {
                if !disputed.contains(id) { disputed.append(id) }
            } else {
                errors.add(
                    field: "disputed_invoice_ids[\(index)]", code: "invalid_invoice", message: "Choose an invoice.")
            }
        }
        try errors.throwIfAny()
        guard let reason else { throw errors }
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let (changes, clock, audit, invoices) = (changes, clock, audit, disputed)
        return try await database.transaction { db in
            var promise: StoredPromise?
            var disputes: [InvoiceDispute] = []
            let call = try await changes.change(
                Self.callTarget(callID, viewer: viewer), expectedVersion: expectedVersion, by: viewer, on: db
            ) { call, context in
                // The accountant logs only the calls given to them (the collector, when managers make no calls).
                if viewer.role == .accountant && call.assigneeID != viewer.userID {
                    throw RecordError.forbidden(
                        detail: "Collection calls are logged by their assignee, a head or an admin.")
                }
                guard call.isOpen else {
                    throw RecordError.conflict(code: "call_logged", detail: "The outcome of this call is logged.")
                }
                let overdue = try await CollectionCallStore(db).overdueInvoices(
                    accounts: [call.accountID], companyID: viewer.companyID, today: today)
                if let draft = draft.promise {
                    promise = try await Self.insertPromise(
                        draft, accountID: call.accountID, callID: call.id, reason: reason, overdue: overdue,
                        viewer: viewer, db: db, clock: clock, audit: audit, fieldPrefix: "promise.")
                }
                disputes = try await Self.openDisputes(
                    invoices, accountID: call.accountID, callID: call.id, note: disputeNote, today: today,
                    viewer: viewer, db: db, clock: clock, audit: audit)
                let totals = Self.totals(overdue)
                let base = try await CompanyStore(db).find(viewer.companyID)?.settings.baseCurrency ?? .php
                call.reason = reason
                call.outcomeNote = note
                call.overdueAtOutcome =
                    totals.first { $0.currency == base } ?? totals.first ?? Money(minorUnits: 0, currency: base)
                call.promiseID = promise?.id.description
                call.loggedBy = viewer.userID
                call.loggedAt = context.now
                try await ActivityStore(db).insert(
                    Activity(
                        id: clock.newID(), companyID: viewer.companyID, kind: .call, direction: .outbound,
                        subject: "Collection call",
                        body: Self.activityBody(reason: reason, note: note, promise: promise),
                        occurredAt: context.now, outcome: CallOutcome.reached.rawValue, accountID: call.accountID,
                        userID: viewer.userID, createdAt: context.now))
                var details = ["reason": reason.rawValue]
                if let promise { details["promise_id"] = promise.id.description }
                return AuditEntry("collection_call.logged", details: details)
            }
            return CallOutcomeResult(call: call, promise: promise, disputes: disputes)
        }
    }

    static func activityBody(reason: LatePaymentReason, note: String?, promise: StoredPromise?) -> String {
        var lines = ["Reason: \(reason.rawValue)"]
        if let promise {
            lines.append(
                "Promise to pay \(promise.promise.amount.currency.code) \(promise.promise.amount.decimalString) by "
                    + promise.promise.promisedDate.iso8601String)
        }
        if let note { lines.append(note) }
        return lines.joined(separator: "\n")
    }

    // MARK: Promises

    /// Records a promise to pay without a call, for an account the viewer sees (not the accountant's: 403).
    public func recordPromise(_ draft: PromiseDraft, viewer: Viewer) async throws -> StoredPromise {
        guard viewer.role != .accountant else {
            throw RecordError.forbidden(
                detail: "Promises to pay are logged by the account's manager, a head or an admin.")
        }
        guard let account = Account.ID(string: draft.accountID) else {
            throw ValidationErrors([
                FieldError(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
            ])
        }
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard try await AccountStore(db).find(account, viewer: viewer) != nil else {
                throw ValidationErrors([
                    FieldError(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
                ])
            }
            let overdue = try await CollectionCallStore(db).overdueInvoices(
                accounts: [account], companyID: viewer.companyID, today: today)
            return try await Self.insertPromise(
                draft, accountID: account, callID: nil, reason: nil, overdue: overdue, viewer: viewer, db: db,
                clock: clock, audit: audit, fieldPrefix: "")
        }
    }

    /// Checks and inserts a promise in the caller's transaction, with its audit row.
    static func insertPromise(
        _ draft: PromiseDraft, accountID: Account.ID, callID: CollectionCall.ID?, reason: LatePaymentReason?,
        overdue: [OverdueInvoice], viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter,
        fieldPrefix: String
    ) async throws -> StoredPromise {
        var errors = ValidationErrors()
        let date = CalendarDate(iso8601: draft.promisedOn)
        if date == nil {
            errors.add(field: fieldPrefix + "promised_on", code: "invalid_date", message: "Enter a date as YYYY-MM-DD.")
        }
        var ids = draft.invoiceIDs.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if ids.isEmpty { ids = overdue.map(\.invoiceID.description) }
        // Every invoice must be the account's, issued, open, and in one currency.
        var currency: Currency?
        let invoices = InvoiceStore(db)
        var open: [Invoice] = []
        for (index, text) in ids.enumerated() {
            guard let id = Invoice.ID(string: text), let invoice = try await invoices.find(id, viewer: viewer),
                invoice.accountID == accountID, invoice.kind == .invoice, invoice.status == .issued
            else {
                errors.add(
                    field: fieldPrefix + "invoice_ids[\(index)]", code: "invalid_invoice",
                    message: "Choose an issued invoice of this customer.")
                continue
            }
            if let currency, currency != invoice.fields.currency {
                errors.add(
                    field: fieldPrefix + "invoice_ids[\(index)]", code: "currency_mismatch",
                    message: "The invoices of one promise are in one currency.")
            }
            currency = currency ?? invoice.fields.currency
            open.append(invoice)
        }
        let balances = try await InvoiceService.balances(of: open, on: db)
        for (index, invoice) in open.enumerated() where balances[invoice.id].map({ !$0.open.isPositive }) ?? true {
            errors.add(
                field: fieldPrefix + "invoice_ids[\(index)]", code: "invoice_not_open",
                message: "Invoice \(invoice.number ?? "") is paid.")
        }
        let companyCurrency = try await CompanyStore(db).find(viewer.companyID)?.settings.baseCurrency ?? .php
        let promiseCurrency = currency ?? companyCurrency
        var amount: Money?
        do {
            amount = try Money(
                decimalString: draft.amount.trimmingCharacters(in: .whitespaces), currency: promiseCurrency)
        } catch {
            errors.add(
                field: fieldPrefix + "amount", code: "invalid_amount", message: "Enter an amount such as 1500.00.")
        }
        var promise: PaymentPromise?
        if let date, let amount {
            do {
                promise = try PaymentPromise(
                    promisedDate: date, amount: amount, invoiceIDs: ids, loggedBy: viewer.userID.description,
                    contactName: draft.contactName, channel: .phone, reason: reason, note: draft.note,
                    graceDays: draft.graceDays ?? PaymentPromise.defaultGraceDays)
            } catch let problems {
                for problem in problems.errors {
                    errors.add(field: fieldPrefix + problem.field, code: problem.code, message: problem.message)
                }
            }
        }
        try errors.throwIfAny()
        guard let promise else { throw errors }
        let stored = StoredPromise(
            id: clock.newID(), companyID: viewer.companyID, accountID: accountID, callID: callID, promise: promise,
            status: .open, paid: nil, decidedOn: nil, createdAt: clock.now())
        try await PromiseStore(db).insert(stored)
        try await audit.record(
            "payment_promise.created", entityType: "payment_promise", entityID: stored.id.description,
            companyID: viewer.companyID, by: viewer,
            details: [
                "account_id": accountID.description, "amount": promise.amount.decimalString,
                "currency": promise.amount.currency.code, "promised_on": promise.promisedDate.iso8601String,
            ], created: stored, on: db)
        return stored
    }

    /// One page of promises, newest first; optionally one account's and one status.
    public func promises(
        viewer: Viewer, accountID: Account.ID?, status: PaymentPromiseStatus?, page: PageRequest
    ) async throws -> Page<StoredPromise> {
        try await database.read { db in
            try await PromiseStore(db).list(viewer: viewer, accountID: accountID, status: status, page: page)
        }
    }

    // MARK: Disputes

    /// Opens a dispute on an issued invoice the viewer sees (409 `dispute_open` when one is open already).
    public func openDispute(_ invoiceID: Invoice.ID, note: String?, viewer: Viewer) async throws -> InvoiceDispute {
        var errors = ValidationErrors()
        let clean = Validate.optionalText(note, field: "note", maxLength: 2000, into: &errors)
        try errors.throwIfAny()
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard let invoice = try await InvoiceStore(db).find(invoiceID, viewer: viewer) else {
                throw RecordError.notFound(entity: "invoice")
            }
            let opened = try await Self.openDisputes(
                [invoice.id], accountID: invoice.accountID, callID: nil, note: clean, today: today, viewer: viewer,
                db: db, clock: clock, audit: audit)
            guard let dispute = opened.first else {
                throw RecordError.conflict(code: "dispute_open", detail: "The invoice is disputed already.")
            }
            return dispute
        }
    }

    /// Opens a dispute for each invoice (the account's issued invoices) that has none open; an invoice already
    /// disputed is left as it is.
    static func openDisputes(
        _ invoiceIDs: [Invoice.ID], accountID: Account.ID, callID: CollectionCall.ID?, note: String?,
        today: CalendarDate, viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter
    ) async throws -> [InvoiceDispute] {
        var opened: [InvoiceDispute] = []
        var errors = ValidationErrors()
        for (index, id) in invoiceIDs.enumerated() {
            guard let invoice = try await InvoiceStore(db).find(id, viewer: viewer), invoice.accountID == accountID,
                invoice.kind == .invoice, invoice.status == .issued
            else {
                errors.add(
                    field: "disputed_invoice_ids[\(index)]", code: "invalid_invoice",
                    message: "Choose an issued invoice of this customer.")
                continue
            }
            let now = clock.now()
            let dispute = InvoiceDispute(
                id: clock.newID(), companyID: viewer.companyID, invoiceID: id, accountID: accountID, openedOn: today,
                openedBy: viewer.userID, callID: callID, note: note, createdAt: now, updatedAt: now, version: 1)
            guard try await DisputeStore(db).openIfNone(dispute) else { continue }
            try await audit.record(
                "invoice_dispute.opened", entityType: "invoice_dispute", entityID: dispute.id.description,
                companyID: viewer.companyID, by: viewer, details: ["invoice_id": id.description], created: dispute,
                on: db)
            opened.append(dispute)
        }
        try errors.throwIfAny()
        return opened
    }

    /// Resolves an open dispute at the version read (412 when stale); dunning resumes for the invoice.
    public func resolveDispute(
        _ id: InvoiceDispute.ID, resolution: String, expectedVersion: Int64?, viewer: Viewer
    ) async throws -> InvoiceDispute {
        var errors = ValidationErrors()
        let text = Validate.requiredText(resolution, field: "resolution", maxLength: 2000, into: &errors)
        try errors.throwIfAny()
        guard let text else { throw errors }
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let target = ChangeTarget<InvoiceDispute>(
            entity: "invoice_dispute",
            load: { db in try await DisputeStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { changed, loaded, db in try await DisputeStore(db).save(changed, expectedVersion: loaded.version) })
        return try await changes.change(target, expectedVersion: expectedVersion, by: viewer, in: database) {
            dispute, _ in
            guard dispute.resolvedOn == nil else {
                throw RecordError.conflict(code: "dispute_resolved", detail: "The dispute is resolved already.")
            }
            dispute.resolvedOn = today
            dispute.resolvedBy = viewer.userID
            dispute.resolution = text
            return AuditEntry("invoice_dispute.resolved", details: ["invoice_id": dispute.invoiceID.description])
        }
    }

    // MARK: Reports

    /// The late-payment reasons and promise-kept report for `from`…`to` (company days, both included); a manager's
    /// figures cover their own customers only.
    public func latePaymentReport(
        viewer: Viewer, from: CalendarDate, to: CalendarDate, ownerID: User.ID?
    ) async throws -> LatePaymentReport {
        guard from <= to else {
            throw ValidationErrors([
                FieldError(field: "from", code: "out_of_range", message: "The start comes on or before the end.")
            ])
        }
        guard let company = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) })
        else { throw RecordError.notFound(entity: "company") }
        let zone = company.settings.timeZone
        guard let start = from.startInstant(in: zone), let end = to.adding(days: 1).startInstant(in: zone) else {
            throw ValidationErrors([FieldError(field: "from", code: "invalid_date", message: "Enter a valid date.")])
        }
        let owner = viewer.role == .manager ? viewer.userID : ownerID
        return try await database.read { db in
            try await CollectionReportStore(db).latePayments(
                viewer: viewer, from: from, to: to, loggedFrom: start, loggedBefore: end, ownerID: owner)
        }
    }
}

extension CollectionsService {
    /// Which table of the late-payment report a CSV export holds.
    public enum LatePaymentTable: String, Sendable, CaseIterable {
        /// Calls and overdue amounts per manager, reason and currency.
        case reasons
        /// Promises decided per manager: kept, partly kept, broken, the kept rate.
        case promises
    }

    /// One table of the late-payment report for `from`…`to` as CSV (issue 13), with the managers' names; the same
    /// figures and visibility as ``latePaymentReport(viewer:from:to:ownerID:)``.
    public func latePaymentCSV(
        viewer: Viewer, from: CalendarDate, to: CalendarDate, ownerID: User.ID?, table: LatePaymentTable
    ) async throws -> String {
        let report = try await latePaymentReport(viewer: viewer, from: from, to: to, ownerID: ownerID)
        let users = try await database.read { db in try await UserStore(db).all(companyID: viewer.companyID) }
        let names = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let period = [report.from.iso8601String, report.to.iso8601String]
        switch table {
        case .reasons:
            var csv = CSVWriter(header: [
                "from", "to", "manager_id", "manager", "reason", "calls", "currency", "overdue",
            ])
            for row in report.reasons {
                csv.appendRow(
                    period + [
                        row.managerID.description, names[row.managerID] ?? "", row.reason.rawValue, String(row.calls),
                        row.overdue?.currency.code ?? "", row.overdue?.decimalString ?? "",
                    ])
            }
            return csv.text
        case .promises:
            var csv = CSVWriter(header: [
                "from", "to", "manager_id", "manager", "kept", "partly_kept", "broken", "decided", "kept_percent",
            ])
            for row in report.promises {
                csv.appendRow(
                    period + [
                        row.managerID.description, names[row.managerID] ?? "", String(row.kept),
                        String(row.partlyKept), String(row.broken), String(row.decided),
                        row.keptPercent.map { "\($0)" } ?? "",
                    ])
            }
            return csv.text
        }
    }
}
