import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The dunning engine (issue 12, DOMAIN.md §3): the company's ladder, and the daily run that decides open promises
/// to pay and then takes the next step of every overdue invoice — reminders by email, the manager's call, the
/// final notice, the credit hold with the heads of sales told, the formal demand letter.
///
/// Safe to run twice and on several app servers at once: each step is one transaction whose `dunning_steps` row
/// (unique per invoice and level) is inserted with `ON CONFLICT DO NOTHING`; the run that finds the row taken rolls
/// back its whole transaction, so its message, call, hold and tasks never exist. Promise outcomes are decided the
/// same way (one row per promise).
public struct DunningService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    let invoices: InvoiceService
    let outbox: OutboxService

    /// How many invoices one statement of the run reads.
    static let batchSize = 500

    init(
        database: any AppDatabase, clock: AppClock, audit: AuditWriter, invoices: InvoiceService, outbox: OutboxService
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.invoices = invoices
        self.outbox = outbox
    }

    // MARK: Policy

    /// The company's ladder and its version (0 while the standard ladder applies, none saved).
    public func policy(viewer: Viewer) async throws -> (policy: DunningPolicy, version: Int64) {
        let saved = try await database.read { db in try await DunningStore(db).policy(companyID: viewer.companyID) }
        return saved ?? (.standard, 0)
    }

    /// Saves the company's ladder (head or admin) at the version the user saw; an unsound ladder is refused with
    /// `DunningPolicy.validate`'s field errors and nothing changes.
    public func savePolicy(
        steps: [DunningStep], viewer: Viewer, expectedVersion: Int64
    ) async throws -> (policy: DunningPolicy, version: Int64) {
        try Self.requireHead(viewer)
        let policy = try DunningPolicy(steps: steps)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = DunningStore(db)
            guard
                try await store.savePolicy(
                    policy, companyID: viewer.companyID, by: viewer.userID, expectedVersion: expectedVersion,
                    now: clock.now())
            else {
                let current = try await store.policy(companyID: viewer.companyID)?.version ?? 0
                throw RecordError.staleVersion(entity: "dunning_policy", expected: expectedVersion, actual: current)
            }
            try await audit.record(
                "dunning_policy.changed", entityType: "company", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["steps": policy.steps.map { "\($0.level):\($0.action.rawValue)" }.joined(separator: ",")],
                on: db)
            return (policy, expectedVersion + 1)
        }
    }

    // MARK: Reading

    /// The steps taken for an invoice the viewer sees and today's decision for it.
    public func invoiceDunning(_ id: Invoice.ID, viewer: Viewer) async throws -> InvoiceDunning {
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let policy = try await policy(viewer: viewer).policy
        return try await database.read { db in
            let store = DunningStore(db)
            guard let candidate = try await store.candidate(invoiceID: id, viewer: viewer) else {
                throw RecordError.notFound(entity: "invoice")
            }
            let steps = try await store.steps(invoiceID: id, viewer: viewer)
            return InvoiceDunning(
                steps: steps, today: today, decision: policy.nextStep(for: candidate.item, on: today))
        }
    }

    // MARK: The run

    /// The run for the caller's company (head or admin) on `date`, the company's today when nil.
    public func run(viewer: Viewer, date: CalendarDate?) async throws -> DunningRunSummary {
        try Self.requireHead(viewer)
        let today: CalendarDate
        if let date {
            today = date
        } else {
            today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        }
        return try await run(companyID: viewer.companyID, today: today)
    }

    /// The run for every company on `today`.
    public func run(today: CalendarDate) async throws -> DunningRunSummary {
        var summary = DunningRunSummary()
        for company in try await database.read({ db in try await CompanyStore(db).all() }) {
            summary.add(try await run(companyID: company.id, today: today))
        }
        return summary
    }

    /// The run for every company on its own today (the background job's).
    public func runDue() async throws -> DunningRunSummary {
        var summary = DunningRunSummary()
        let now = clock.now()
        for company in try await database.read({ db in try await CompanyStore(db).all() }) {
            summary.add(try await run(companyID: company.id, today: company.settings.today(at: now)))
        }
        return summary
    }

    /// The run for one company on `today`: first the open promises are decided, then every issued invoice the
    /// ladder may reach is decided in keyset batches, and each step due is taken in its own transaction. An
    /// instalment invoice is dunned (and its days late counted) from the due date of its oldest unpaid instalment.
    public func run(companyID: Company.ID, today: CalendarDate) async throws -> DunningRunSummary {
        let loaded = try await database.read { db in
            (
                try await CompanyStore(db).find(companyID), try await DunningStore(db).policy(companyID: companyID),
                try await UserStore(db).all(companyID: companyID)
            )
        }
        guard let company = loaded.0 else { throw RecordError.notFound(entity: "company") }
        let policy = loaded.1?.policy ?? .standard
        let active = loaded.2.filter(\.isActive)
        let heads = active.filter { $0.role == .head }
        let people = loaded.2.map { (id: $0.id, role: $0.role, isActive: $0.isActive) }
        let context = RunContext(
            company: company, today: today,
            heads: (heads.isEmpty ? active.filter { $0.role == .admin } : heads).map(\.id),
            callers: Dictionary(
                uniqueKeysWithValues: loaded.2.map {
                    ($0.id, company.duties.callAssignee(owner: $0.id, users: people))
                }))
        var summary = try await decidePromises(context)
        guard let first = policy.steps.first else { return summary }
        let cutoff = today.adding(days: -first.daysFromDue)
        var cursor: Invoice.ID?
        while true {
            let after = cursor
            let batch = try await database.read { db in
                try await DunningStore(db).candidates(
                    companyID: companyID, dueOnOrBefore: cutoff, after: after, limit: Self.batchSize)
            }
            for candidate in batch {
                guard case .take(let step) = policy.nextStep(for: candidate.item, on: today) else { continue }
                do {
                    if let taken = try await take(step, for: candidate, context) { summary.add(taken) }
                } catch is DunningLostRace {
                    // Another run took this step; ours was rolled back.
                }
            }
            guard batch.count == Self.batchSize, let last = batch.last else { break }
            cursor = last.invoiceID
        }
        return summary
    }

    struct RunContext: Sendable {
        let company: Company
        let today: CalendarDate
        /// Who hears of credit holds and escalations: the heads of sales (the admins when there is none).
        let heads: [User.ID]
        /// Who makes the calls of each owner's accounts (``DutySettings/callAssignee(owner:users:)``).
        let callers: [User.ID: User.ID]

        /// Who makes the collection call of an account owned by `ownerID`.
        func caller(for ownerID: User.ID) -> User.ID { callers[ownerID] ?? ownerID }
    }

    /// Decides every open promise whose deadline passed or that is fully paid; a broken or partly kept one puts a
    /// call on the list of whoever makes the account's calls (the manager, or the company's collector).
    func decidePromises(_ context: RunContext) async throws -> DunningRunSummary {
        let companyID = context.company.id
        let timeZone = context.company.settings.timeZone
        let promises = try await database.read { db in try await DunningStore(db).openPromises(companyID: companyID) }
        var summary = DunningRunSummary()
        let (clock, audit) = (clock, audit)
        for open in promises {
            let created = CalendarDate.from(open.createdAt, in: timeZone)
            guard
                let promise = try? PaymentPromise(
                    promisedDate: open.promisedOn, amount: open.amount, invoiceIDs: open.invoiceIDs,
                    loggedBy: open.loggedBy, graceDays: open.graceDays)
            else { continue }
            let evaluation = try promise.evaluate(
                payments: open.allocations.filter { $0.date >= created }, asOf: context.today)
            guard evaluation.status != .open else { continue }
            do {
                let opened = try await database.transaction { db -> Bool in
                    guard
                        try await DunningStore(db).insertOutcome(
                            promiseID: open.id, companyID: companyID, status: evaluation.status,
                            decidedOn: context.today, paid: evaluation.paidByDeadline, now: clock.now())
                    else { throw DunningLostRace() }
                    try await audit.record(
                        "payment_promise.decided", entityType: "account", entityID: open.accountID.description,
                        companyID: companyID, actor: nil,
                        details: [
                            "promise": open.id, "status": evaluation.status.rawValue,
                            "paid": evaluation.paidByDeadline.decimalString,
                        ], origin: "job:dunning", on: db)
                    guard evaluation.unkeptSince != nil else { return false }
                    let now = clock.now()
                    let call = CollectionCall(
                        id: clock.newID(), companyID: companyID, accountID: open.accountID,
                        assigneeID: context.caller(for: open.ownerID),
                        cause: .brokenPromise, dueOn: context.today, createdAt: now, updatedAt: now, version: 1)
                    let current = try await CollectionCallStore(db).openIfNone(call)
                    guard current.id == call.id else { return false }
                    try await audit.record(
                        "collection_call.opened", entityType: "account", entityID: open.accountID.description,
                        companyID: companyID, actor: nil,
                        details: ["call": call.id.description, "cause": call.cause.rawValue],
                        origin: "job:dunning", on: db)
                    return true
                }
                summary.promisesDecided[evaluation.status, default: 0] += 1
                if opened { summary.callsOpened += 1 }
            } catch is DunningLostRace {
                // Another run decided it first.
            }
        }
        return summary
    }

    /// Takes one step for one invoice in one transaction; nil when another run took it.
    func take(
        _ step: DunningStep, for candidate: DunningCandidate, _ context: RunContext
    ) async throws
        -> DunningRunSummary?
    {
        let companyID = context.company.id
        let today = context.today
        let language = context.company.settings.defaultLanguage
        let sendsEmail = Self.emailActions.contains(step.action)
        var email: OutgoingEmail?
        var number = candidate.number ?? candidate.invoiceID.description
        if sendsEmail {
            // The account's manager reads the invoice for the job (the run has no user of its own).
            let reader = Viewer(userID: candidate.ownerID, companyID: companyID, role: .head)
            let document = try await invoices.document(candidate.invoiceID, viewer: reader)
            number = document.invoice.number ?? number
            if let address = document.buyer.email.flatMap(MailAddress.init(parsing:)) {
                let letter = DunningLetter(
                    action: step.action, language: language, number: number, open: candidate.open,
                    dueDate: candidate.dueDate, today: today, buyer: document.buyer.contactName ?? document.buyer.name,
                    seller: document.seller.name, attached: step.attachesInvoice,
                    instalments: DunningLetter.instalmentsDue(
                        document.balance, dueDate: candidate.dueDate, today: today))
                email = OutgoingEmail(
                    companyID: companyID, kind: "dunning_\(step.action.rawValue)", relatedType: "invoice",
                    relatedID: candidate.invoiceID.description,
                    to: [MailAddress(name: document.buyer.contactName, address: address.address)],
                    subject: letter.subject, textBody: letter.body,
                    attachments: step.attachesInvoice
                        ? [
                            MailAttachment(
                                filename: "\(number).pdf", contentType: "application/pdf",
                                data: invoices.pdf(document))
                        ] : [],
                    queuedBy: nil)
            }
        }
        let (clock, audit, outbox) = (clock, audit, outbox)
        let daysLate = candidate.dueDate.days(until: today)
        let dueAt = today.startInstant(in: context.company.settings.timeZone) ?? clock.now()
        let label = number
        let message = email
        return try await database.transaction { db -> DunningRunSummary in
            var summary = DunningRunSummary()
            let now = clock.now()
            var callID: CollectionCall.ID?
            if step.action == .call {
                let call = CollectionCall(
                    id: clock.newID(), companyID: companyID, accountID: candidate.accountID,
                    assigneeID: context.caller(for: candidate.ownerID), cause: .dunning, dueOn: today, createdAt: now,
                    updatedAt: now, version: 1)
                let current = try await CollectionCallStore(db).openIfNone(call)
                callID = current.id
                if current.id == call.id {
                    summary.callsOpened += 1
                    try await audit.record(
                        "collection_call.opened", entityType: "account", entityID: candidate.accountID.description,
                        companyID: companyID, actor: nil,
                        details: ["call": call.id.description, "cause": call.cause.rawValue],
                        origin: "job:dunning", on: db)
                }
            }
            var messageID: String?
            if let email = message, try await SMTPSettingsStore(db).find(companyID: companyID) != nil {
                messageID = try await outbox.enqueue(email, on: db).id.description
                summary.emailsQueued += 1
            }
            let record = DunningStepTaken(
                id: clock.newID(), companyID: companyID, invoiceID: candidate.invoiceID,
                accountID: candidate.accountID, level: step.level, action: step.action, channel: step.channel,
                takenOn: today, open: candidate.open, daysLate: daysLate, callID: callID, messageID: messageID,
                createdAt: now)
            guard try await DunningStore(db).insertStep(record) else { throw DunningLostRace() }
            summary.stepsTaken[step.action, default: 0] += 1
            // Each task keeps its text as a message key (`SystemText`) beside the English: pages show it in the
            // reader's language. The English below is the `en.json` text filled (`DunningTests` checks they agree).
            let arguments = [
                "account": candidate.accountName, "invoice": label, "currency": candidate.open.currency.code,
                "open": candidate.open.decimalString, "days": String(daysLate),
            ]
            func task(
                _ title: String, notes: String, key: String, for assignee: User.ID, priority: TaskItem.Priority
            ) async throws {
                try await TaskStore(db).insert(
                    TaskItem(
                        id: clock.newID(), companyID: companyID, title: title, notes: notes, dueAt: dueAt,
                        isAllDay: true, assigneeID: assignee, priority: priority, accountID: candidate.accountID,
                        createdByID: nil, createdAt: now, updatedAt: now, version: 1,
                        systemText: SystemText(key, arguments)))
                summary.tasksCreated += 1
            }
            let late =
                "\(candidate.accountName): invoice \(label), \(candidate.open.currency.code) "
                + "\(candidate.open.decimalString) open, \(daysLate) days late"
            if sendsEmail && messageID == nil {
                try await task(
                    "Send the \(Self.actionNames[step.action] ?? step.action.rawValue) for invoice \(label) to "
                        + candidate.accountName,
                    notes: late + ". The customer has no billing email address (or email is not set up): "
                        + "send it another way.", key: "task_dunning_unsent_\(step.action.rawValue)",
                    for: candidate.ownerID, priority: .normal)
            }
            var escalates = step.escalatesToHead
            if step.action == .creditHold {
                let hold = CreditHold(
                    id: clock.newID(), companyID: companyID, accountID: candidate.accountID, placedOn: today,
                    placedBy: nil, dunningStepID: record.id.description,
                    reason: "Dunning: invoice \(label) \(daysLate) days late",
                    systemText: SystemText("credit_hold_dunning", ["invoice": label, "days": String(daysLate)]),
                    createdAt: now, updatedAt: now, version: 1)
                if try await CreditHoldStore(db).placeIfNone(hold) != nil {
                    summary.holdsPlaced += 1
                    escalates = true
                    try await audit.record(
                        "credit_hold.placed", entityType: "account", entityID: candidate.accountID.description,
                        companyID: companyID, actor: nil,
                        details: ["hold": hold.id.description, "dunning_step": record.id.description],
                        origin: "job:dunning", on: db)
                }
            }
            if escalates {
                let held = step.action == .creditHold
                let title =
                    held
                    ? "Account \(candidate.accountName) on credit hold: invoice \(label) \(daysLate) days late"
                    : "Dunning escalated for \(candidate.accountName): invoice \(label) \(daysLate) days late"
                for head in context.heads {
                    try await task(
                        title, notes: late + ". No new invoice or won deal without your recorded override.",
                        key: held ? "task_dunning_credit_hold" : "task_dunning_escalated", for: head, priority: .high)
                }
            }
            if step.action == .demandLetter {
                try await task(
                    "Send the formal demand letter to \(candidate.accountName) for invoice \(label)",
                    notes: late + ". Send the demand letter (Civil Code Art. 1169) and record how it was served.",
                    key: "task_dunning_demand_letter", for: candidate.ownerID, priority: .high)
            }
            try await audit.record(
                "dunning.step_taken", entityType: "invoice", entityID: candidate.invoiceID.description,
                companyID: companyID, actor: nil,
                details: [
                    "level": String(step.level), "action": step.action.rawValue, "channel": step.channel.rawValue,
                    "days_late": String(daysLate), "open": candidate.open.decimalString,
                ], origin: "job:dunning", on: db)
            return summary
        }
    }

    /// The steps that write to the customer.
    static let emailActions: Set<DunningAction> = [.courtesyReminder, .reminder, .finalNotice]
    static let actionNames: [DunningAction: String] = [
        .courtesyReminder: "courtesy reminder", .reminder: "payment reminder", .finalNotice: "final notice",
    ]

    static func requireHead(_ viewer: Viewer) throws {
        guard viewer.role == .head || viewer.role == .admin else {
            throw RecordError.forbidden(
                detail: "The dunning ladder and its runs are for the head of sales or the admin.")
        }
    }
}

/// Another run recorded the same step or outcome first; the transaction rolls back.
struct DunningLostRace: Error {}

/// What a dunning run did.
public struct DunningRunSummary: Sendable, Hashable {
    /// Steps taken, by action.
    public var stepsTaken: [DunningAction: Int] = [:]
    /// Promises to pay decided, by outcome.
    public var promisesDecided: [PaymentPromiseStatus: Int] = [:]
    /// Collection calls put on a manager's list.
    public var callsOpened = 0
    /// Accounts put on credit hold.
    public var holdsPlaced = 0
    /// Emails queued to customers.
    public var emailsQueued = 0
    /// Tasks created for managers and heads.
    public var tasksCreated = 0

    public init() {}

    /// Adds what another run did.
    public mutating func add(_ other: DunningRunSummary) {
        stepsTaken.merge(other.stepsTaken, uniquingKeysWith: +)
        promisesDecided.merge(other.promisesDecided, uniquingKeysWith: +)
        callsOpened += other.callsOpened
        holdsPlaced += other.holdsPlaced
        emailsQueued += other.emailsQueued
        tasksCreated += other.tasksCreated
    }

    /// All steps taken.
    public var totalSteps: Int { stepsTaken.values.reduce(0, +) }
}

/// An invoice's dunning: the steps taken and what the ladder decides today.
public struct InvoiceDunning: Sendable, Hashable {
    /// By level.
    public var steps: [DunningStepTaken]
    /// The company's date the decision is for.
    public var today: CalendarDate
    public var decision: DunningDecision
}

/// The wording of a dunning email, in the company's language; for an instalment invoice it names each
/// instalment due (its number, open amount and due date) and what they come to, beside the invoice's open amount.
struct DunningLetter {
    let subject: String
    let body: String

    init(
        action: DunningAction, language: LanguageCode, number: String, open: Money, dueDate: CalendarDate,
        today: CalendarDate, buyer: String, seller: String, attached: Bool, instalments: [InstalmentDue] = []
    ) {
        let amount = "\(open.currency.code) \(MoneyFormatter(language: language).formatPlain(open))"
        let due = DateFormatting.display(dueDate, language: language)
        let late = dueDate.days(until: today)
        let text: String
        switch (language, action) {
        case (.filipino, .courtesyReminder):
            subject = "Paalala: ang Invoice \(number) ay dapat bayaran sa \(due)"
            text =
                "Magandang araw, \(buyer),\n\nIsang paalala na ang aming Invoice \(number) na \(amount) ay "
                + "dapat bayaran sa \(due).\n"
        case (.filipino, .finalNotice):
            subject = "Huling abiso: Invoice \(number) – \(late) araw nang lampas"
            text =
                "Magandang araw, \(buyer),\n\nAng aming Invoice \(number) na \(amount) ay lampas na nang "
                + "\(late) araw mula \(due). Pakibayaran agad upang maiwasan ang credit hold at iba pang hakbang.\n"
        case (.filipino, _):
            subject = "Paalala sa bayad: Invoice \(number)"
            text =
                "Magandang araw, \(buyer),\n\nAng aming Invoice \(number) na \(amount) ay dapat nabayaran "
                + "noong \(due) at bukas pa. Pakibayaran sa lalong madaling panahon.\n"
        case (.english, .courtesyReminder):
            subject = "Reminder: invoice \(number) is due on \(due)"
            text =
                "Dear \(buyer),\n\nA friendly reminder that our invoice \(number) for \(amount) is due on "
                + "\(due).\n"
        case (.english, .finalNotice):
            subject = "Final notice: invoice \(number) is \(late) days overdue"
            text =
                "Dear \(buyer),\n\nOur invoice \(number) for \(amount) is \(late) days past its due date "
                + "(\(due)). Please pay it now to avoid a credit hold and further steps.\n"
        case (.english, _):
            subject = "Payment reminder: invoice \(number)"
            text =
                "Dear \(buyer),\n\nOur invoice \(number) for \(amount) was due on \(due) and is still open. "
                + "Please arrange payment at your earliest convenience.\n"
        }
        let closing = language == .filipino ? "Salamat po" : "Thank you"
        let note = language == .filipino ? "Nakalakip ang invoice.\n" : "The invoice is attached.\n"
        let parts = Self.instalmentText(instalments, open: open, language: language)
        self.body = text + parts + (attached ? note : "") + "\n\(closing),\n\(seller)\n"
    }
}
