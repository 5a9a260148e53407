import BentaCore
import BentaStore
import Foundation
import Logging
import ServiceLifecycle

/// Every use case of Benta, built once at start-up and shared by the web layer and the CLI.
public struct Services: Sendable {
    public let database: any AppDatabase
    public let clock: AppClock
    public let settings: ServiceSettings
    public let logger: Logger

    public let auth: AuthService
    public let users: UserService
    public let companies: CompanyService
    public let accounts: AccountService
    public let contacts: ContactService
    public let leads: LeadService
    public let activities: ActivityService
    public let tasks: TaskService
    public let meetings: MeetingService
    public let calendar: CalendarService
    public let inboundCalls: InboundCallService
    public let routing: RoutingService
    public let inboundEmail: InboundEmailService
    public let search: SearchService
    public let duplicates: DuplicateService
    public let imports: ImportService
    public let vcards: VCardService
    public let leadForms: LeadFormService
    public let deals: DealService
    public let products: ProductService
    public let quotes: QuoteService
    public let invoices: InvoiceService
    public let idempotency: IdempotencyService
    public let numberSeries: NumberSeriesService
    public let contracts: ContractService
    public let outbox: OutboxService
    public let payments: PaymentService
    public let collections: CollectionsService
    public let dunning: DunningService
    public let creditHolds: CreditHoldService
    public let auditChain: AuditChainService
    public let plans: PlanService
    public let commission: CommissionService
    /// This process as a server instance (registered by `benta serve`, kept alive by its heartbeat job).
    public let instance: ServerInstanceService

    public init(
        database: any AppDatabase, clock: AppClock = .system, settings: ServiceSettings = .init(),
        logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.logger = logger
        let audit = AuditWriter(clock: clock)
        auth = AuthService(database: database, clock: clock, settings: settings, audit: audit, logger: logger)
        users = UserService(database: database, clock: clock, settings: settings, audit: audit)
        companies = CompanyService(database: database, clock: clock, audit: audit)
        accounts = AccountService(database: database, clock: clock, audit: audit)
        contacts = ContactService(database: database, clock: clock, audit: audit)
        leads = LeadService(database: database, clock: clock, audit: audit)
        activities = ActivityService(database: database, clock: clock, audit: audit)
        tasks = TaskService(database: database, clock: clock, audit: audit)
        meetings = MeetingService(database: database, clock: clock, audit: audit)
        calendar = CalendarService(database: database, clock: clock)
        inboundCalls = InboundCallService(database: database, clock: clock, audit: audit)
        routing = RoutingService(database: database, clock: clock, audit: audit)
        inboundEmail = InboundEmailService(database: database, clock: clock, audit: audit)
        search = SearchService(database: database)
        duplicates = DuplicateService(database: database, clock: clock, audit: audit)
        imports = ImportService(database: database, clock: clock, audit: audit)
        vcards = VCardService(database: database, clock: clock, audit: audit)
        leadForms = LeadFormService(database: database, clock: clock, audit: audit)
        deals = DealService(database: database, clock: clock, audit: audit)
        products = ProductService(database: database, clock: clock, audit: audit)
        quotes = QuoteService(database: database, clock: clock, audit: audit)
        invoices = InvoiceService(database: database, clock: clock, audit: audit)
        instance = ServerInstanceService(database: database, clock: clock)
        idempotency = IdempotencyService(database: database, clock: clock, instance: instance)
        numberSeries = NumberSeriesService(database: database, clock: clock, audit: audit)
        contracts = ContractService(database: database, clock: clock, audit: audit)
        payments = PaymentService(database: database, clock: clock, audit: audit, instance: instance)
        collections = CollectionsService(database: database, clock: clock, audit: audit)
        auditChain = AuditChainService(database: database, clock: clock)
        plans = PlanService(database: database, clock: clock, audit: audit)
        commission = CommissionService(
            database: database, clock: clock, audit: audit, targets: PlanShareTargets(clock: clock))
        creditHolds = CreditHoldService(database: database, clock: clock, audit: audit)
        outbox = OutboxService(
            database: database, clock: clock, audit: audit, logger: logger, secrets: settings.secrets)
        dunning = DunningService(
            database: database, clock: clock, audit: audit, invoices: invoices, outbox: outbox)
    }

    /// Long-running work the services need while the server runs (the PostgreSQL pool, the contract renewal sweep).
    public var backgroundServices: [any Service] {
        let timing = settings.jobTiming
        let jobs: [any Service] = [
            timing.applied(to: ContractRenewalJob(contracts: contracts, invoices: invoices, logger: logger)),
            timing.applied(to: OutboxWorker(outbox: outbox, logger: logger)),
            timing.applied(to: DunningJob(dunning: dunning, logger: logger)),
        ]
        return database.services + jobs + [AuditSealJob(chain: auditChain, logger: logger)]
            + [InstanceHeartbeatJob(instance: instance, logger: logger)]
    }

    /// Whether the database answers; for the readiness probe.
    public func isDatabaseReachable() async -> Bool {
        await database.isReachable()
    }

    /// Brings the schema up to date; returns the migrations applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrator().migrate(database, now: clock.now())
    }
}
