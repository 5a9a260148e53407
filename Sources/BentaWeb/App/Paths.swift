import BentaCore
import Foundation

/// Every route of Benta. Controllers register routes from here (`group.get(Paths.account, use: show)`) and every link
/// is built from here (`Paths.account(id)`), so a link cannot drift from its route; templates get links from their
/// view model (`paths.*` for the pages without parameters). `scripts/check-layers` refuses routes registered by a
/// string literal.
enum Paths {
    // Platform
    static let health = Route("/health")
    static let ready = Route("/ready")
    static let openAPI = Route("/openapi.json")
    /// The stylesheet and icons, under their plain or fingerprinted names (`StaticAssets`).
    static let staticAsset = Route1<String>("/static/:file")
    static let favicon = Route("/favicon.ico")
    static let calendarFeed = Route1<String>("/calendar/:file")
    static let leadForm = Route1<String>("/forms/lead/:key")

    // Signing in
    static let home = Route("/")
    static let login = Route("/login")
    static let logout = Route("/logout")

    // Accounts and contacts
    static let accounts = Route("/accounts")
    static let newAccount = Route("/accounts/new")
    static let accountsExport = Route("/accounts/export.csv")
    static let account = Route1<Account.ID>("/accounts/:id")
    static let editAccount = Route1<Account.ID>("/accounts/:id/edit")
    static let archiveAccount = Route1<Account.ID>("/accounts/:id/archive")
    static let unarchiveAccount = Route1<Account.ID>("/accounts/:id/unarchive")
    static let mergeAccount = Route1<Account.ID>("/accounts/:id/merge")
    static let accountCreditHold = Route1<Account.ID>("/accounts/:id/credit-hold")
    static let releaseCreditHold = Route1<Account.ID>("/accounts/:id/credit-hold/release")
    static let creditHoldOverrides = Route1<Account.ID>("/accounts/:id/credit-hold/overrides")
    static let contacts = Route("/contacts")
    static let newContact = Route("/contacts/new")
    static let contactsExport = Route("/contacts/export.csv")
    static let contactsVCard = Route("/contacts/export.vcf")
    static let importVCard = Route("/contacts/import-vcard")
    static let contact = Route1<Contact.ID>("/contacts/:id")
    static let editContact = Route1<Contact.ID>("/contacts/:id/edit")
    static let archiveContact = Route1<Contact.ID>("/contacts/:id/archive")
    static let unarchiveContact = Route1<Contact.ID>("/contacts/:id/unarchive")
    static let mergeContact = Route1<Contact.ID>("/contacts/:id/merge")
    static let imports = Route("/imports")
    static let previewImport = Route("/imports/preview")
    static let runImport = Route("/imports/run")
    static let importJob = Route1<ImportJob.ID>("/imports/:id")
    static let search = Route("/search")

    // Leads, activities, tasks and meetings
    static let leads = Route("/leads")
    static let newLead = Route("/leads/new")
    static let leadsExport = Route("/leads/export.csv")
    static let lead = Route1<Lead.ID>("/leads/:id")
    static let editLead = Route1<Lead.ID>("/leads/:id/edit")
    static let leadStatus = Route1<Lead.ID>("/leads/:id/status")
    static let convertLead = Route1<Lead.ID>("/leads/:id/convert")
    static let myDay = Route("/my-day")
    static let activities = Route("/activities")
    static let tasks = Route("/tasks")
    static let completeTask = Route1<TaskItem.ID>("/tasks/:id/complete")
    static let reopenTask = Route1<TaskItem.ID>("/tasks/:id/reopen")
    static let meetings = Route("/meetings")
    static let newMeeting = Route("/meetings/new")
    static let meeting = Route1<Meeting.ID>("/meetings/:id")

    // Deals, products and quotes
    static let deals = Route("/deals")
    static let newDeal = Route("/deals/new")
    static let dealList = Route("/deals/list")
    static let dealsExport = Route("/deals/export.csv")
    static let deal = Route1<Deal.ID>("/deals/:id")
    static let dealStage = Route1<Deal.ID>("/deals/:id/stage")
    static let dealLines = Route1<Deal.ID>("/deals/:id/lines")
    static let deleteDealLine = Route2<Deal.ID, Int>("/deals/:id/lines/:index/delete")
    static let dealQuotes = Route1<Deal.ID>("/deals/:id/quotes")
    static let dealCreditSplitPage = Route1<Deal.ID>("/deals/:id/credit-split")
    static let products = Route("/products")
    static let newProduct = Route("/products/new")
    static let productsExport = Route("/products/export.csv")
    static let importProducts = Route("/products/import")
    static let product = Route1<Product.ID>("/products/:id")
    static let quotes = Route("/quotes")
    static let quote = Route1<Quote.ID>("/quotes/:id")
    static let quoteLines = Route1<Quote.ID>("/quotes/:id/lines")
    static let deleteQuoteLine = Route2<Quote.ID, Int>("/quotes/:id/lines/:index/delete")
    static let sendQuote = Route1<Quote.ID>("/quotes/:id/send")
    static let acceptQuote = Route1<Quote.ID>("/quotes/:id/accept")
    static let declineQuote = Route1<Quote.ID>("/quotes/:id/decline")
    static let quotePrint = Route1<Quote.ID>("/quotes/:id/print")
    static let quotePDF = Route1<Quote.ID>("/quotes/:id/quote.pdf")
    static let discountApprovalsPage = Route("/approvals/discounts")
    static let discountDecisionPage = Route1<DiscountApproval.ID>("/approvals/discounts/:id")

    // Contracts
    static let contracts = Route("/contracts")
    static let newContract = Route("/contracts/new")
    static let contract = Route1<Contract.ID>("/contracts/:id")
    static let editContract = Route1<Contract.ID>("/contracts/:id/edit")
    static let sendContract = Route1<Contract.ID>("/contracts/:id/send")
    static let signContract = Route1<Contract.ID>("/contracts/:id/sign")
    static let activateContract = Route1<Contract.ID>("/contracts/:id/activate")
    static let terminateContract = Route1<Contract.ID>("/contracts/:id/terminate")
    static let contractSignedCopy = Route1<Contract.ID>("/contracts/:id/signed-copy")
    static let contractPDF = Route1<Contract.ID>("/contracts/:id/pdf")
    static let contractAmendments = Route1<Contract.ID>("/contracts/:id/amendments")
    static let sendAmendment = Route2<Contract.ID, ContractAmendment.ID>(
        "/contracts/:id/amendments/:amendment/send")
    static let signAmendment = Route2<Contract.ID, ContractAmendment.ID>(
        "/contracts/:id/amendments/:amendment/sign")
    static let contractTemplates = Route("/settings/contract-templates")
    static let contractTemplate = Route1<ContractTemplate.ID>("/settings/contract-templates/:id")
    static let contractRenewal = Route("/settings/contract-renewal")

    // Invoices
    static let invoices = Route("/invoices")
    static let newInvoice = Route("/invoices/new")
    static let invoiceRegister = Route("/invoices/register")
    static let invoiceRegisterCSV = Route("/invoices/register.csv")
    static let invoiceSettings = Route("/settings/invoicing")
    static let invoice = Route1<Invoice.ID>("/invoices/:id")
    static let invoiceLines = Route1<Invoice.ID>("/invoices/:id/lines")
    static let deleteInvoiceLine = Route2<Invoice.ID, Int>("/invoices/:id/lines/:index/delete")
    static let issueInvoice = Route1<Invoice.ID>("/invoices/:id/issue")
    static let discardInvoice = Route1<Invoice.ID>("/invoices/:id/discard")
    static let creditInvoice = Route1<Invoice.ID>("/invoices/:id/credit-notes")
    static let invoicePDF = Route1<Invoice.ID>("/invoices/:id/invoice.pdf")
    static let invoicePrint = Route1<Invoice.ID>("/invoices/:id/print")

    // Payments, receivables and bank statements
    static let receivables = Route("/receivables")
    static let collectionCalls = Route("/collections/calls")
    static let collectionCallOutcome = Route1<CollectionCall.ID>("/collections/calls/:id/outcome")
    /// Why customers pay late and the promise-kept rate (issue 12's reports), with its CSV export.
    static let latePaymentReasons = Route("/collections/late-payments")
    static let latePaymentReasonsCSV = Route("/collections/late-payments.csv")
    static let overdueCustomers = Route("/receivables/overdue")
    static let overdueCustomersCSV = Route("/receivables/overdue.csv")
    static let receivablesAgingCSV = Route("/receivables/aging.csv")
    static let receivablesMetricsCSV = Route("/receivables/metrics.csv")
    static let pendingCertificatesCSV = Route("/receivables/pending-certificates.csv")
    static let unpaidPastTermPage = Route("/receivables/unpaid-past-term")
    static let unpaidPastTermPageCSV = Route("/receivables/unpaid-past-term.csv")
    /// The menu's list of the report pages (issue 14).
    static let reports = Route("/reports")
    static let recordHistory = Route2<String, String>("/history/:type/:id")
    static let auditExportPage = Route("/audit")
    static let auditExportCSV = Route("/audit/export")
    static let plans = Route("/plans")
    static let commission = Route("/commission")
    static let commissionRunPage = Route("/commission/runs")
    static let commissionStatementPage = Route1<StoredCommissionStatement.ID>("/commission/statements/:id")
    static let commissionApprovePage = Route1<StoredCommissionStatement.ID>("/commission/statements/:id/approval")
    static let commissionStatementPDFPage = Route1<StoredCommissionStatement.ID>("/commission/statements/:id/pdf")
    static let commissionStatementCSVPage = Route1<StoredCommissionStatement.ID>("/commission/statements/:id/csv")
    static let planPage = Route1<PlanMonth>("/plans/:month")
    static let planAttainmentPage = Route1<PlanMonth>("/plans/:month/attainment")
    static let planAttainmentCSV = Route1<PlanMonth>("/plans/:month/attainment/export.csv")
    static let planCreditsPage = Route2<PlanMonth, User.ID>("/plans/:month/credits/:id")
    static let planLeaderboardPage = Route1<PlanMonth>("/plans/:month/leaderboard")
    static let planLeaderboardCSV = Route1<PlanMonth>("/plans/:month/leaderboard/export.csv")
    static let planCopyForwardPage = Route1<PlanMonth>("/plans/:month/copy-forward")
    static let quotaTypesPage = Route("/quota-types")
    static let headDashboard = Route("/dashboard")
    static let headDashboardCSV = Route("/dashboard/export.csv")
    static let accountStatement = Route1<Account.ID>("/accounts/:id/statement")
    static let accountStatementPDF = Route1<Account.ID>("/accounts/:id/statement.pdf")
    static let emailAccountStatement = Route1<Account.ID>("/accounts/:id/statement/email")
    static let payments = Route("/payments")
    static let newPayment = Route("/payments/new")
    static let payment = Route1<Payment.ID>("/payments/:id")
    static let reverseAllocation = Route1<PaymentAllocation.ID>("/payments/allocations/:id/reverse")
    static let bankStatements = Route("/bank-statements")
    static let statementQueue = Route("/bank-statements/queue")
    static let bankCSVProfiles = Route("/bank-statements/profiles")
    static let newBankCSVProfile = Route("/bank-statements/profiles/new")
    static let bankCSVProfile = Route1<SavedBankCSVProfile.ID>("/bank-statements/profiles/:id")
    static let archiveBankCSVProfile = Route1<SavedBankCSVProfile.ID>("/bank-statements/profiles/:id/archive")
    static let confirmStatementLine = Route1<StatementLineRecord.ID>("/bank-statements/lines/:id/confirm")
    static let ignoreStatementLine = Route1<StatementLineRecord.ID>("/bank-statements/lines/:id/ignore")

    // Settings and profile
    static let companySettings = Route("/settings/company")
    static let dutySettings = Route("/settings/duties")
    static let users = Route("/settings/users")
    static let user = Route1<User.ID>("/settings/users/:id")
    static let teams = Route("/settings/teams")
    static let routing = Route("/settings/routing")
    static let deleteRule = Route1<RoutingRule.ID>("/settings/routing/:id/delete")
    static let leadForms = Route("/settings/forms")
    static let leadFormActive = Route1<LeadForm.ID>("/settings/forms/:id/active")
    static let pipelines = Route("/settings/pipelines")
    static let pipeline = Route1<Pipeline.ID>("/settings/pipelines/:id")
    static let defaultPipeline = Route1<Pipeline.ID>("/settings/pipelines/:id/default")
    static let pipelineStages = Route1<Pipeline.ID>("/settings/pipelines/:id/stages")
    static let stage = Route2<Pipeline.ID, Pipeline.Stage.ID>("/settings/pipelines/:id/stages/:stage_id")
    static let moveStage = Route2<Pipeline.ID, Pipeline.Stage.ID>("/settings/pipelines/:id/stages/:stage_id/move")
    static let deleteStage = Route2<Pipeline.ID, Pipeline.Stage.ID>(
        "/settings/pipelines/:id/stages/:stage_id/delete")
    static let emailSettings = Route("/settings/email")
    static let emailTest = Route("/settings/email/test")
    static let outbox = Route("/settings/outbox")
    static let profile = Route("/profile")
    static let profileLanguage = Route("/profile/language")
    static let profileTokens = Route("/profile/tokens")
    static let revokeToken = Route1<String>("/profile/tokens/:id/revoke")
    static let profileCalendar = Route("/profile/calendar")

    /// The links of the pages without parameters, by name, for templates (`{{paths.accounts}}`), and of the static
    /// assets under their fingerprinted names (`{{paths.stylesheet}}`, `{{paths.favicon}}`).
    static let pageLinks: [String: String] = StaticAssets.pageLinks.merging([
        "accounts": accounts(),
        "bankStatements": bankStatements(),
        "bankCSVProfiles": bankCSVProfiles(),
        "newBankCSVProfile": newBankCSVProfile(),
        "newPayment": newPayment(),
        "payments": payments(),
        "receivables": receivables(),
        "reports": reports(),
        "collectionCalls": collectionCalls(),
        "latePaymentReasons": latePaymentReasons(),
        "overdueCustomers": overdueCustomers(),
        "plans": plans(),
        "headDashboard": headDashboard(),
        "discountApprovals": discountApprovalsPage(),
        "commission": commission(),
        "statementQueue": statementQueue(),
        "activities": activities(),
        "companySettings": companySettings(),
        "dutySettings": dutySettings(),
        "contacts": contacts(),
        "contactsVCard": contactsVCard(),
        "contractRenewal": contractRenewal(),
        "contractTemplates": contractTemplates(),
        "contracts": contracts(),
        "dealList": dealList(),
        "deals": deals(),
        "emailSettings": emailSettings(),
        "emailTest": emailTest(),
        "home": home(),
        "importProducts": importProducts(),
        "importVCard": importVCard(),
        "imports": imports(),
        "invoiceRegister": invoiceRegister(),
        "invoiceSettings": invoiceSettings(),
        "invoices": invoices(),
        "leadForms": leadForms(),
        "leads": leads(),
        "login": login(),
        "logout": logout(),
        "meetings": meetings(),
        "myDay": myDay(),
        "newAccount": newAccount(),
        "newContact": newContact(),
        "newContract": newContract(),
        "newDeal": newDeal(),
        "newInvoice": newInvoice(),
        "newLead": newLead(),
        "newMeeting": newMeeting(),
        "newProduct": newProduct(),
        "outbox": outbox(),
        "pipelines": pipelines(),
        "previewImport": previewImport(),
        "products": products(),
        "profile": profile(),
        "profileCalendar": profileCalendar(),
        "profileLanguage": profileLanguage(),
        "profileTokens": profileTokens(),
        "quotes": quotes(),
        "routing": routing(),
        "runImport": runImport(),
        "search": search(),
        "tasks": tasks(),
        "teams": teams(),
        "users": users(),
    ]) { asset, _ in asset }
}
