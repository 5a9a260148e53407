import BentaCore
import BentaStore
import Foundation

/// How large a generated data set is (`benta demo --scale`): the counts of each kind of record.
public struct ScaleProfile: Sendable, Hashable {
    public var managers: Int
    public var accounts: Int
    public var contacts: Int
    public var activities: Int
    public var deals: Int
    public var invoices: Int
    /// How many months of history the records are spread over, ending now.
    public var months: Int

    public init(
        managers: Int, accounts: Int, contacts: Int, activities: Int, deals: Int, invoices: Int, months: Int = 24
    ) {
        self.managers = managers
        self.accounts = accounts
        self.contacts = contacts
        self.activities = activities
        self.deals = deals
        self.invoices = invoices
        self.months = months
    }

    /// The size issue 11 asks Benta to stay fast at: 50 managers, a million accounts and contacts, three million
    /// activities, 200,000 deals and 500,000 invoices over two years.
    public static let large = ScaleProfile(accounts: 1_000_000)
    /// A tenth of `large`.
    public static let medium = ScaleProfile(accounts: 100_000)
    /// A hundredth of `large`, for trying things quickly.
    public static let small = ScaleProfile(accounts: 10_000)

    /// `accounts` accounts and the other records in the proportions of `large` (50 managers from 10,000 accounts
    /// up, fewer below).
    public init(accounts: Int) {
        self.init(
            managers: min(50, max(2, accounts / 200)), accounts: accounts, contacts: accounts,
            activities: accounts * 3, deals: accounts / 5, invoices: accounts / 2)
    }

    /// `small`, `medium`, `large`, or a number of accounts (`25000`); nil for anything else.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "small": self = .small
        case "medium": self = .medium
        case "large": self = .large
        default:
            guard let count = Int(text.replacingOccurrences(of: "_", with: "")), (1...5_000_000).contains(count)
            else { return nil }
            self.init(accounts: count)
        }
    }

    /// Every record the profile makes, for rates.
    public var totalRecords: Int { accounts + contacts + activities + deals + invoices }
}

/// What ``ScaleLoader`` made.
public struct ScaleSummary: Sendable {
    public var companyID: Company.ID
    public var logins: [(email: String, role: Role)]
    public var profile: ScaleProfile
    /// Issued invoices (the rest of `profile.invoices` are recent drafts).
    public var issuedInvoices: Int
    /// Payments recorded for them (each with one allocation).
    public var payments: Int = 0
    /// Rows written in all (records, index rows, lines, history, audit).
    public var rows: Int
    public var seconds: Double
}

/// Generates a large, realistic company deterministically (same seed, same records) and writes it through
/// ``BulkInsert`` in transactions of a few thousand records: the rows are those the services write (the same
/// drafts validated by the same rules, the search index, contact points, audit rows of what was created, invoices
/// issued with their frozen figures and gapless numbers in date order), only many per statement.
///
/// The company, its users (`admin@demo.test`, `head@demo.test`, `accountant@demo.test`, `manager1@demo.test` …,
/// password ``DemoSummary/password``), teams of five managers, the invoicing settings and the pipeline are made
/// through the services. Every generated record is a pure function of the seed and its index, so the invoices can
/// name their accounts without keeping a million accounts in memory. The audit log gets the rows of what the
/// services audit (accounts, contacts, deals and their stage changes, invoices created and issued, payments recorded
/// and allocated) except the activities' (`activity.logged`), which no benchmarked page reads. About four in five
/// issued invoices are paid in whole or part (`ScalePaymentBatch`) into the company's BDO account, unless
/// `paysInvoices` is false.
public struct ScaleLoader: Sendable {
    let services: Services
    let profile: ScaleProfile
    let seed: UInt64
    let progress: @Sendable (String) -> Void
    /// Records per transaction.
    let batchSize: Int
    /// The end of the history (nil: now); with a fixed one, the same seed also makes the same IDs and dates.
    let asOf: Date?
    /// Whether the issued invoices get their payments (`ScalePaymentBatch`); the matching benchmark wants them open.
    let paysInvoices: Bool

    public init(
        services: Services, profile: ScaleProfile, seed: UInt64 = 2026, batchSize: Int = 2_000, asOf: Date? = nil,
        paysInvoices: Bool = true, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.paysInvoices = paysInvoices
        self.services = services
        self.profile = profile
        self.seed = seed
        self.batchSize = max(1, batchSize)
        self.asOf = asOf
        self.progress = progress
    }

    /// Loads the company; refuses when the database already has one.
    public func load() async throws -> ScaleSummary {
        guard try await services.companies.all().isEmpty else {
            throw RecordError.conflict(
                code: "database_not_empty", detail: "The scale data is only loaded into an empty database.")
        }
        let started = ContinuousClock.now
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let company = try await services.companies.create(
            settings: CompanySettings(
                name: "Bituin Office Solutions", registeredName: "Bituin Office Solutions Inc.",
                registeredAddress: "18F Ayala Tower One, 6767 Ayala Avenue, Makati City, Metro Manila 1226",
                tin: try TaxpayerID(parsing: "00912345600000"), isVATRegistered: true, country: .PH,
                baseCurrency: .php, timeZone: zone, defaultLanguage: .english))
        progress("Company and \(profile.managers + 3) users (password \(DemoSummary.password))…")
        let people = ScalePeople(company: company.id, profile: profile)
        let users = try await addUsers(people)
        guard let admin = users.first(where: { $0.role == .admin }), let head = users.first(where: { $0.role == .head })
        else { throw RecordError.notFound(entity: "user") }
        let managers = users.filter { $0.role == .manager }
        var teams: [Team] = []
        for (index, members) in stride(from: 0, to: managers.count, by: 5).map({
            Array(managers[$0..<min($0 + 5, managers.count)])
        }).enumerated() {
            teams.append(
                try await services.users.addTeam(
                    companyID: company.id, name: ScaleNames.teamName(index), members: members.map(\.id),
                    actor: admin.id))
        }
        let now = asOf ?? services.clock.now()
        let today = CalendarDate.from(now, in: zone)
        var settings = try await services.invoices.settings(companyID: company.id)
        settings.profile = .ph
        settings.acknowledgementNumber = "AC_116_122023_000482"
        settings.acknowledgementDate = today.adding(days: -(profile.months * 31 + 30))
        settings = try await services.invoices.saveSettings(settings, viewer: admin.viewer, expectedVersion: nil)
        guard let pipeline = try await services.deals.pipelines(viewer: head.viewer).first(where: \.isDefault) else {
            throw RecordError.notFound(entity: "pipeline")
        }
        let context = ScaleContext(
            seed: seed, profile: profile, company: company, managers: managers, teams: teams, pipeline: pipeline,
            settings: settings, zone: zone,
            start: now.addingTimeInterval(-Double(profile.months) * 30.44 * 86_400), end: now)
        var rows = 0
        rows += try await loadCustomers(context)
        guard let accountant = users.first(where: { $0.role == .accountant }) else {
            throw RecordError.notFound(entity: "user")
        }
        let bank = try await services.payments.createBankAccount(
            BankAccountDraft(
                name: "BDO peso current account", bank: "BDO Unibank", number: "0012-3456-7890", iban: nil,
                currency: "PHP"), viewer: admin.viewer)
        let (invoiceRows, issued, payments) = try await loadInvoices(
            context, bankAccountID: bank.id, accountant: accountant.id)
        rows += invoiceRows
        progress("Refreshing the planner's statistics (ANALYZE)…")
        try await services.database.transaction { db in try await BulkInsert(db).analyze() }
        let elapsed = ContinuousClock.now - started
        return ScaleSummary(
            companyID: company.id, logins: users.map { ($0.email.value, $0.role) }, profile: profile,
            issuedInvoices: issued, payments: payments, rows: rows,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The users, two bcrypt hashes at a time (one per core).
    private func addUsers(_ people: ScalePeople) async throws -> [User] {
        let users = services.users
        var result: [User?] = Array(repeating: nil, count: people.all.count)
        try await withThrowingTaskGroup(of: (Int, User).self) { group in
            var next = 0
            func start() {
                guard next < people.all.count else { return }
                let index = next
                let person = people.all[index]
                next += 1
                group.addTask {
                    (
                        index,
                        try await users.add(
                            companyID: people.company, email: person.email, name: person.name, role: person.role,
                            password: DemoSummary.password)
                    )
                }
            }
            start()
            start()
            while let (index, user) = try await group.next() {
                result[index] = user
                start()
            }
        }
        return result.compactMap { $0 }
    }

    /// Accounts with their contacts, activities and deals, one batch of accounts at a time; a batch is generated
    /// while the one before it is written.
    private func loadCustomers(_ context: ScaleContext) async throws -> Int {
        let database = services.database
        let total = profile.accounts
        let meter = ScaleMeter(label: "accounts, contacts, activities, deals", total: total, progress: progress)
        var pending: Task<Int, any Error>?
        var rows = 0
        var first = 0
        while first < total {
            let range = first..<min(total, first + batchSize)
            let batch = try ScaleBatch(context: context, accounts: range)
            if let pending { rows += try await pending.value }
            meter.done(range.lowerBound, rows: rows)
            pending = Task {
                let written = batch.rowCount
                try await database.transaction { db in
                    let bulk = BulkInsert(db)
                    try await bulk.useLargeCache()
                    try await bulk.accounts(batch.accounts)
                    try await bulk.contacts(batch.contacts)
                    try await bulk.auditEvents(batch.audit)
                }
                try await database.transaction { db in
                    let bulk = BulkInsert(db)
                    try await bulk.useLargeCache()
                    try await bulk.activities(batch.activities)
                }
                try await database.transaction { db in
                    let bulk = BulkInsert(db)
                    try await bulk.useLargeCache()
                    var lineIDs = ScaleRandom(seed: context.seed, stream: 90, index: UInt64(range.lowerBound))
                    try await bulk.deals(
                        batch.deals, accountNames: batch.accountNames, history: batch.stageChanges,
                        lineIDs: &lineIDs)
                    try await bulk.auditEvents(batch.dealAudit)
                }
                return written
            }
            first = range.upperBound
        }
        if let pending { rows += try await pending.value }
        meter.done(total, rows: rows)
        return rows
    }

    /// The invoices in date order, so their gapless numbers rise with their dates; the last few are still drafts.
    /// Each batch's payments (`ScalePaymentBatch`) are written in the batch's transaction.
    private func loadInvoices(
        _ context: ScaleContext, bankAccountID: BankAccount.ID, accountant: User.ID
    ) async throws -> (rows: Int, issued: Int, payments: Int) {
        let database = services.database
        let total = profile.invoices
        let meter = ScaleMeter(label: "invoices", total: total, progress: progress)
        var pending: Task<Int, any Error>?
        var rows = 0
        var first = 0
        var sequence: Int64 = 0
        var lastIssue = context.start
        var payments = 0
        while first < total {
            let range = first..<min(total, first + batchSize)
            let batch = try ScaleInvoiceBatch(context: context, invoices: range, lastSequence: sequence)
            let money = try ScalePaymentBatch(
                context: context, invoices: paysInvoices ? batch.invoices : [], bankAccountID: bankAccountID,
                accountant: accountant)
            payments += money.payments.count
            sequence = batch.lastSequence
            lastIssue = batch.lastIssuedAt ?? lastIssue
            if let pending { rows += try await pending.value }
            meter.done(range.lowerBound, rows: rows)
            pending = Task {
                try await database.transaction { db in
                    let bulk = BulkInsert(db)
                    try await bulk.useLargeCache()
                    var lineIDs = ScaleRandom(seed: context.seed, stream: 91, index: UInt64(range.lowerBound))
                    try await bulk.invoices(batch.invoices, lineIDs: &lineIDs)
                    try await bulk.auditEvents(batch.audit)
                    try await money.write(bulk)
                }
                return batch.rowCount + money.rowCount
            }
            first = range.upperBound
        }
        if let pending { rows += try await pending.value }
        let (last, at) = (sequence, lastIssue)
        if last > 0 {
            try await database.transaction { db in
                try await BulkInsert(db).numberSeries(
                    companyID: context.company.id, type: .invoice, lastSequence: last, at: at)
                // The receivables ledger of the issued invoices, in bulk (the services post one entry per issue).
                try await LedgerStore(db).postMissingDocumentEntries(companyID: context.company.id)
            }
        }
        meter.done(total, rows: rows)
        return (rows, Int(sequence), payments)
    }
}

// MARK: - Generation

/// Everything a batch needs to generate its records.
struct ScaleContext: Sendable {
    let seed: UInt64
    let profile: ScaleProfile
    let company: Company
    let managers: [User]
    let teams: [Team]
    let pipeline: Pipeline
    let settings: InvoiceSettings
    let zone: TimeZone
    let start: Date
    let end: Date

    var span: TimeInterval { end.timeIntervalSince(start) }

    /// When account `index` was created: evenly through the history, so earlier indexes are older.
    func accountCreated(_ index: Int) -> Date {
        start.addingTimeInterval(span * (Double(index) + 0.5) / Double(max(1, profile.accounts)))
    }

    /// A moment between `from` and the end of the history.
    func moment(after from: Date, _ random: inout ScaleRandom) -> Date {
        let room = max(0, end.timeIntervalSince(from) - 60)
        return from.addingTimeInterval(60 + random.unit() * room)
    }

    /// The `index`th account: a pure function of the seed and the index.
    func account(_ index: Int) throws -> (account: Account, owner: Int) {
        var random = ScaleRandom(seed: seed, stream: 1, index: UInt64(index))
        let owner = random.below(managers.count)
        let name = ScaleNames.businessName(index, legalForm: random.below(100))
        let place = name.place
        var draft = AccountDraft()
        draft.name = name.trading
        draft.registeredName = name.trading + name.legalForm
        draft.industry = name.industry
        // One in twenty has no TIN on file yet (walk-in prospects); the rest have one unique 9-digit TIN.
        if random.below(20) != 0 {
            draft.tin = ScaleNames.tin(index)
            draft.isVATRegistered = random.below(10) < 7
        }
        draft.billingAddress = ScaleNames.address(place, &random)
        draft.deliveryAddress = random.below(10) < 7 ? draft.billingAddress : ScaleNames.address(place, &random)
        draft.phones = [ScaleNames.landline(place, index: index)]
        if random.below(100) < 45 { draft.phones.append(ScaleNames.mobile(key: UInt64(index) * 2, style: 1)) }
        let domain = ScaleNames.slug(name.trading) + [".ph", ".com.ph", ".com"][random.below(3)]
        draft.email = ["info", "sales", "accounting", "purchasing", "admin"][random.below(5)] + "@" + domain
        if random.below(100) < 70 { draft.website = "https://" + domain }
        var tags: [String] = []
        let shared = random.below(100) < 5
        if shared { tags.append("key-account") }
        if random.below(100) < 10 { tags.append("top-withholding-agent") }
        if random.below(100) < 3 { tags.append("vip") }
        if random.below(100) < 5 { tags.append("reseller") }
        draft.tags = tags
        if random.below(10) < 3 { draft.notes = ScaleNames.accountNotes[random.below(ScaleNames.accountNotes.count)] }
        draft.ownerID = managers[owner].id.description
        if shared, !teams.isEmpty { draft.teamID = teams[min(owner / 5, teams.count - 1)].id.description }
        let fields = try draft.validated(defaultCountry: .PH)
        let created = accountCreated(index)
        let id = Account.ID(ScaleRandom.id(at: created, &random))
        return (
            Account(
                id: id, companyID: company.id, fields: fields, status: random.below(100) < 3 ? .archived : .active,
                createdAt: created, updatedAt: created, version: 1), owner
        )
    }
}

/// The records of one batch of accounts: the accounts, the contacts and activities of those accounts, and the
/// deals on them, with the audit rows the services write for them.
struct ScaleBatch: Sendable {
    var accounts: [Account] = []
    var contacts: [Contact] = []
    var activities: [Activity] = []
    var deals: [Deal] = []
    var stageChanges: [BulkInsert.StageChangeRow] = []
    var audit: [AuditEvent] = []
    var dealAudit: [AuditEvent] = []

    /// The name of each of the batch's accounts (the deals' indexed text holds their account's name).
    var accountNames: [Account.ID: String] {
        Dictionary(accounts.map { ($0.id, $0.fields.name) }) { first, _ in first }
    }

    /// Records plus their index rows, roughly (for the rows/s figure).
    var rowCount: Int {
        accounts.count * 4 + contacts.count * 4 + activities.count + deals.count * 4 + stageChanges.count
            + audit.count + dealAudit.count
    }

    init(context: ScaleContext, accounts range: Range<Int>) throws {
        let profile = context.profile
        let company = context.company.id
        var owners: [Int] = []
        for index in range {
            let (account, owner) = try context.account(index)
            accounts.append(account)
            owners.append(owner)
            audit.append(
                ScaleAudit.event(
                    "account.created", entity: "account", id: account.id.description, company: company,
                    actor: context.managers[owner].id, at: account.createdAt, details: ["name": account.fields.name]))
        }
        // This batch's share of the contacts, activities and deals, each on one of its accounts.
        func share(_ count: Int) -> Range<Int> {
            let total = max(1, profile.accounts)
            return (range.lowerBound * count / total)..<(range.upperBound * count / total)
        }
        var contactsByAccount: [[Int]] = Array(repeating: [], count: accounts.count)
        for index in share(profile.contacts) {
            var random = ScaleRandom(seed: context.seed, stream: 2, index: UInt64(index))
            let slot = random.below(accounts.count)
            let account = accounts[slot]
            let person = ScaleNames.person(&random)
            var draft = ContactDraft()
            draft.accountID = account.id.description
            draft.name = person.name
            draft.position = ScaleNames.positions[random.below(ScaleNames.positions.count)]
            // Two mobile keys per contact, after the accounts' (two per account).
            let key = UInt64(profile.accounts) * 2 + UInt64(index) * 2
            draft.phones = [ScaleNames.mobile(key: key, style: random.below(6))]
            if random.below(100) < 25 { draft.phones.append(ScaleNames.mobile(key: key + 1, style: random.below(6))) }
            let domain = account.fields.email?.domain ?? "example.ph"
            draft.emails = ["\(ScaleNames.slug(person.first)).\(ScaleNames.slug(person.last))@\(domain)"]
            if random.below(100) < 20 {
                draft.emails.append(
                    "\(ScaleNames.slug(person.first))\(ScaleNames.slug(person.last))\(index % 1000)@"
                        + ["gmail.com", "yahoo.com", "yahoo.com.ph"][random.below(3)])
            }
            draft.preferredChannel = ContactChannel.allCases[random.below(ContactChannel.allCases.count)].rawValue
            if random.below(10) < 3 {
                draft.notes = ScaleNames.contactNotes[random.below(ScaleNames.contactNotes.count)]
            }
            let created = min(
                context.end, account.createdAt.addingTimeInterval(random.unit() * 30 * 86_400))
            let contact = Contact(
                id: Contact.ID(ScaleRandom.id(at: created, &random)), companyID: company,
                fields: try draft.validated(defaultCountry: .PH), status: .active, createdAt: created,
                updatedAt: created, version: 1)
            contacts.append(contact)
            contactsByAccount[slot].append(contacts.count - 1)
            audit.append(
                ScaleAudit.event(
                    "contact.created", entity: "contact", id: contact.id.description, company: company,
                    actor: context.managers[owners[slot]].id, at: created,
                    details: ["account_id": account.id.description]))
        }
        for index in share(profile.activities) {
            var random = ScaleRandom(seed: context.seed, stream: 3, index: UInt64(index))
            let slot = random.below(accounts.count)
            let account = accounts[slot]
            let people = contactsByAccount[slot]
            let contact = people.isEmpty || random.below(10) < 3 ? nil : contacts[people[random.below(people.count)]]
            let at = context.moment(after: account.createdAt, &random)
            let template = ScaleNames.activityTemplates[random.below(ScaleNames.activityTemplates.count)]
            let isCall = template.kind == .call
            activities.append(
                Activity(
                    id: Activity.ID(ScaleRandom.id(at: at, &random)), companyID: company, kind: template.kind,
                    direction: template.direction, subject: template.subject,
                    body: random.below(2) == 0 ? template.body : nil, occurredAt: at,
                    durationSeconds: isCall ? 30 + random.below(900) : nil,
                    outcome: isCall ? ["reached", "no answer", "voicemail", "reached"][random.below(4)] : nil,
                    phone: isCall ? (contact?.fields.phones.first ?? account.fields.phones.first)?.e164 : nil,
                    accountID: account.id, contactID: contact?.id, userID: context.managers[owners[slot]].id,
                    createdAt: at))
        }
        let stages = context.pipeline.stages.filter { $0.outcome == nil }
        let won = context.pipeline.stages.first { $0.outcome == .won }
        let lost = context.pipeline.stages.first { $0.outcome == .lost }
        for index in share(profile.deals) {
            var random = ScaleRandom(seed: context.seed, stream: 4, index: UInt64(index))
            let slot = random.below(accounts.count)
            let account = accounts[slot]
            let owner = context.managers[owners[slot]]
            let created = context.moment(after: account.createdAt, &random)
            let offer = ScaleNames.dealOffers[random.below(ScaleNames.dealOffers.count)]
            let people = contactsByAccount[slot]
            var draft = DealDraft()
            draft.accountID = account.id.description
            draft.ownerID = owner.id.description
            draft.title = "\(offer) — \(account.fields.name)"
            draft.amount = String(10_000 + random.below(2_000) * 2_500)
            draft.currency = "PHP"
            let close = CalendarDate.from(created, in: context.zone).adding(days: 14 + random.below(120))
            draft.expectedClose = close.iso8601String
            if !people.isEmpty { draft.contactIDs = [contacts[people[random.below(people.count)]].id.description] }
            if random.below(10) < 4 { draft.nextStep = ScaleNames.nextSteps[random.below(ScaleNames.nextSteps.count)] }
            let fields = try draft.validated(defaultCurrency: .php)
            guard let first = stages.first else { break }
            let id = Deal.ID(ScaleRandom.id(at: created, &random))
            var deal = Deal(
                id: id, companyID: company, fields: fields, pipelineID: context.pipeline.id, stageID: first.id,
                status: .open, createdAt: created, updatedAt: created, version: 1)
            var moves: [(Pipeline.Stage, String?)] = []
            let age = context.end.timeIntervalSince(created)
            let roll = random.below(10)
            if age > 60 * 86_400, roll < 3, let won {
                moves = [(won, nil)]
            } else if age > 60 * 86_400, roll < 7, let lost {
                moves = [(lost, ScaleNames.lostReasons[random.below(ScaleNames.lostReasons.count)])]
            } else {
                let target = stages[random.below(stages.count)]
                if target.id != first.id { moves = [(target, nil)] }
            }
            stageChanges.append(
                BulkInsert.StageChangeRow(
                    id: StageChangeID.make(at: created, &random), companyID: company, dealID: id, from: nil,
                    to: first.id, at: created, by: owner.id))
            dealAudit.append(
                ScaleAudit.event(
                    "deal.created", entity: "deal", id: id.description, company: company, actor: owner.id,
                    at: created, details: ["title": fields.title]))
            var at = created
            for (stage, reason) in moves {
                at = min(context.end, at.addingTimeInterval(86_400 * Double(1 + random.below(45))))
                let from = deal.stageID
                _ = try deal.move(to: stage.id, among: [context.pipeline], lostReason: reason, now: at)
                deal.recordChange(at: at)
                stageChanges.append(
                    BulkInsert.StageChangeRow(
                        id: StageChangeID.make(at: at, &random), companyID: company, dealID: id, from: from,
                        to: stage.id, at: at, by: owner.id))
                dealAudit.append(
                    ScaleAudit.event(
                        "deal.stage_changed", entity: "deal", id: id.description, company: company,
                        actor: owner.id, at: at, details: ["to": stage.name, "status": deal.status.rawValue]))
            }
            deals.append(deal)
        }
    }
}

/// A stage-history row's id, as `DealService` makes it (a UUIDv7 string).
enum StageChangeID {
    static func make(at: Date, _ random: inout ScaleRandom) -> String {
        ScaleRandom.id(at: at, &random).uuidString.lowercased()
    }
}

/// One batch of invoices, in date order: created as drafts and issued later that day with the next number, as
/// `InvoiceService.create` and `issue` do; the newest ones stay drafts.
struct ScaleInvoiceBatch: Sendable {
    var invoices: [Invoice] = []
    var audit: [AuditEvent] = []
    var lastSequence: Int64
    var lastIssuedAt: Date?

    var rowCount: Int { invoices.reduce(0) { $0 + 1 + $1.fields.lines.count } + audit.count }

    init(context: ScaleContext, invoices range: Range<Int>, lastSequence: Int64) throws {
        self.lastSequence = lastSequence
        let total = max(1, context.profile.invoices)
        let company = context.company
        let seller = InvoiceParty(
            name: company.settings.registeredName, address: company.settings.registeredAddress,
            tin: company.settings.tin?.formatted, isVATRegistered: company.settings.isVATRegistered,
            country: company.settings.country.rawValue)
        // The newest 2% are drafts not issued yet.
        let firstDraft = total - total / 50
        for index in range {
            var random = ScaleRandom(seed: context.seed, stream: 5, index: UInt64(index))
            // Evenly through the history after the first month, in index order.
            let issueAt = context.start.addingTimeInterval(
                context.span * (0.04 + 0.96 * (Double(index) + 0.5) / Double(total)))
            let created = issueAt.addingTimeInterval(-Double(60 * (5 + random.below(240))))
            let (account, owner) = try Self.customer(context, before: created, &random)
            var lines: [LineItem] = []
            for _ in 0..<(1 + random.below(4)) {
                let item = ScaleNames.catalogue[random.below(ScaleNames.catalogue.count)]
                let quantity = Decimal(item.unit == "month" ? 1 + random.below(12) : 1 + random.below(20))
                let discount: LineDiscount? = random.below(5) == 0 ? .percent(5) : nil
                lines.append(
                    LineItem(
                        line: DocumentLine(
                            description: item.description, quantity: quantity, unit: item.unit,
                            unitPrice: item.price, discount: discount, taxCategory: item.category)))
            }
            let terms: [PaymentTerms] = [
                .net(days: 30), .net(days: 30), .net(days: 15), .endOfMonthPlus(days: 30),
                .net(days: 60), .dueOnReceipt,
            ]
            let fields = InvoiceFields(
                currency: .php, pricesIncludeTax: context.settings.pricesIncludeTax,
                paymentTerms: terms[random.below(terms.count)], lines: lines)
            let ownerUser = context.managers[owner]
            var invoice = Invoice(
                id: Invoice.ID(ScaleRandom.id(at: created, &random)), companyID: company.id,
                accountID: account.id, ownerID: ownerUser.id, fields: fields, createdBy: ownerUser.id,
                createdAt: created, updatedAt: created, version: 1)
            audit.append(
                ScaleAudit.event(
                    "invoice.created", entity: "invoice", id: invoice.id.description, company: company.id,
                    actor: ownerUser.id, at: created, details: ["account_id": account.id.description]))
            if index < firstDraft {
                self.lastSequence += 1
                let sequence = self.lastSequence
                let date = CalendarDate.from(issueAt, in: context.zone)
                let number = AssignedNumber(
                    sequence: sequence, text: DocumentType.invoice.defaultFormat.format(sequence: sequence, date: date))
                let f = account.fields
                let buyer = InvoiceParty(
                    name: f.registeredName ?? f.name, address: f.billingAddress ?? "", tin: f.tin?.formatted,
                    isVATRegistered: f.isVATRegistered, country: f.country.rawValue, contactName: nil,
                    email: f.email?.value, buyerKind: f.buyerKind)
                try invoice.issue(
                    number: number, date: date, at: issueAt, seller: seller, buyer: buyer,
                    figures: try IssuedFigures.freezing(
                        invoice, settings: context.settings, baseCurrency: company.settings.baseCurrency))
                invoice.recordChange(at: issueAt)
                lastIssuedAt = issueAt
                audit.append(
                    ScaleAudit.event(
                        "invoice.issued", entity: "invoice", id: invoice.id.description, company: company.id,
                        actor: ownerUser.id, at: issueAt,
                        details: ["number": number.text, "total": try invoice.totals().totalWithTax.decimalString]))
            }
            invoices.append(invoice)
        }
    }

    /// An account that existed by `date` and can be invoiced (active, with the TIN and address a PH invoice needs).
    static func customer(
        _ context: ScaleContext, before date: Date, _ random: inout ScaleRandom
    ) throws -> (Account, Int) {
        let existing = Double(context.profile.accounts) * date.timeIntervalSince(context.start) / context.span
        let limit = max(1, min(context.profile.accounts, Int(existing)))
        var candidate = try context.account(random.below(limit))
        for _ in 0..<20 {
            let fields = candidate.account.fields
            if candidate.account.status == .active, fields.tin != nil, fields.billingAddress != nil { break }
            candidate = try context.account(random.below(limit))
        }
        return candidate
    }
}

/// Audit rows as `AuditWriter` writes them (details as JSON with sorted keys).
enum ScaleAudit {
    static func event(
        _ action: String, entity: String, id: String, company: Company.ID, actor: User.ID, at: Date,
        details: [String: String]
    ) -> AuditEvent {
        // FNV-1a of the record's id: the same audit id every run (Swift's hashValue is seeded per process).
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (id + action).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = ScaleRandom(seed: hash, stream: 7, index: UInt64(at.millisecondsSince1970))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return AuditEvent(
            id: AuditEvent.ID(ScaleRandom.id(at: at, &random)), companyID: company, occurredAt: at, actorID: actor,
            action: action, entityType: entity, entityID: id, details: text)
    }
}

/// SplitMix64 seeded by (seed, stream, index): each record draws from its own sequence, so any record can be made
/// again from its index alone.
struct ScaleRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ (index &* 0x9E37_79B9_7F4A_7C15)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(max(1, bound))).high)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A UUIDv7 at `date` with this generator's bits (IDs sort by creation time, as the services' do).
    static func id(at date: Date, _ random: inout ScaleRandom) -> UUID {
        UUIDv7.make(unixMilliseconds: UInt64(max(0, date.millisecondsSince1970)), using: &random)
    }
}

/// Prints progress about every five seconds, with the rate so far.
final class ScaleMeter: @unchecked Sendable {
    let label: String
    let total: Int
    let progress: @Sendable (String) -> Void
    let started = ContinuousClock.now
    var lastPrint = ContinuousClock.now

    init(label: String, total: Int, progress: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = total
        self.progress = progress
    }

    func done(_ count: Int, rows: Int) {
        let now = ContinuousClock.now
        guard count == total || now - lastPrint >= .seconds(5) else { return }
        lastPrint = now
        let elapsed = now - started
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        progress(
            "  \(label): \(count) of \(total) (\(rows) rows in \(String(format: "%.1f", seconds)) s, "
                + "\(Int(Double(rows) / seconds)) rows/s)")
    }
}

/// The people of the company: an admin, the head of sales, an accountant and the managers.
struct ScalePeople: Sendable {
    struct Person: Sendable {
        let email: String
        let name: String
        let role: Role
    }

    let company: Company.ID
    let all: [Person]

    init(company: Company.ID, profile: ScaleProfile) {
        self.company = company
        var people = [
            Person(email: "admin@demo.test", name: "Andrea Villanueva", role: .admin),
            Person(email: "head@demo.test", name: "Ramon Dizon", role: .head),
            Person(email: "accountant@demo.test", name: "Rowena Castillo", role: .accountant),
        ]
        for index in 0..<max(1, profile.managers) {
            var random = ScaleRandom(seed: 77, stream: 6, index: UInt64(index))
            people.append(
                Person(
                    email: "manager\(index + 1)@demo.test", name: ScaleNames.person(&random).name, role: .manager))
        }
        all = people
    }
}
