import BentaCore
import BentaServices
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Builds the whole web application over ready services; `serve` and the tests call the same function.
///
/// - Parameters:
///   - runsDatabaseServices: false when the caller already runs the database pool's services (tests).
///   - beforeServerStarts: work to do once the database pool runs and before the port opens (migrations, demo).
public func buildApplication(
    config: AppConfig, services: Services, runsDatabaseServices: Bool = true,
    beforeServerStarts: @escaping @Sendable () async throws -> Void = {}
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(config: config, services: services)
    var logger = Logger(label: "benta")
    logger.logLevel = config.logLevel
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(config.idleTimeout))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Benta"),
        logger: logger)
    if runsDatabaseServices { app.addServices(services.backgroundServices) }
    app.beforeServerStarts(perform: beforeServerStarts)
    return app
}

/// The router with every route and middleware; exposed for the route-coverage test of the OpenAPI document.
public func buildRouter(config: AppConfig, services: Services) async throws -> Router<BentaRequestContext> {
    let renderer = try await PageRenderer.bundled(secureCookies: config.secureCookies)
    let cookies = SessionCookies(secure: config.secureCookies)
    let router = Router(context: BentaRequestContext.self)
    let errors = ErrorMiddleware(renderer: renderer)
    router.add(middleware: RequestLogMiddleware(secureCookies: config.secureCookies))
    router.add(middleware: GzipMiddleware())
    // Twice on purpose: the outer one catches failures of the authentication itself; the inner one knows the
    // user, so error pages come in their language and with their menu.
    router.add(middleware: errors)
    router.add(middleware: AuthMiddleware(auth: services.auth, cookies: cookies))
    router.add(middleware: LanguageMiddleware(cookies: cookies))
    router.add(middleware: errors)
    let routeTable = RouteTable()
    router.add(middleware: MethodNotAllowedMiddleware(table: routeTable))
    router.add(middleware: CSRFMiddleware())

    PlatformController(services: services, openAPIDocument: try Resource.bytes("openapi", "json")).addRoutes(to: router)
    StaticAssetsController(assets: try StaticAssets.bundled.get()).addRoutes(to: router)
    let publicURL = PublicURL(configured: config.publicURL, secure: config.secureCookies)
    CalendarController(services: services, publicURL: publicURL).addRoutes(to: router)
    let leadForms = LeadFormsPageController(services: services, renderer: renderer, publicURL: publicURL)
    leadForms.addPublicRoutes(to: router)
    let login = LoginPageController(services: services, renderer: renderer, cookies: cookies)
    login.addRoutes(to: router)

    let api = router.group(context: AuthenticatedContext.self)
    MeAPIController(services: services, publicURL: publicURL).addRoutes(to: api)
    AccountsAPIController(services: services).addRoutes(to: api)
    ContactsAPIController(services: services).addRoutes(to: api)
    LeadsAPIController(services: services).addRoutes(to: api)
    TasksAPIController(services: services).addRoutes(to: api)
    InboundEmailController(services: services).addRoutes(to: api)
    DuplicatesAPIController(services: services).addRoutes(to: api)
    ImportsAPIController(services: services).addRoutes(to: api)
    DealsAPIController(services: services).addRoutes(to: api)
    PipelinesAPIController(services: services).addRoutes(to: api)
    ProductsAPIController(services: services).addRoutes(to: api)
    QuotesAPIController(services: services).addRoutes(to: api)
    DiscountApprovalsAPIController(services: services).addRoutes(to: api)
    ContractsAPIController(services: services).addRoutes(to: api)
    InvoicesAPIController(services: services).addRoutes(to: api)
    OutboxAPIController(services: services).addRoutes(to: api)
    PaymentsAPIController(services: services).addRoutes(to: api)
    BankCSVProfilesAPIController(services: services).addRoutes(to: api)
    CollectionsAPIController(services: services).addRoutes(to: api)
    DunningAPIController(services: services).addRoutes(to: api)
    CreditHoldAPIController(services: services).addRoutes(to: api)
    StatementMatchingAPIController(services: services).addRoutes(to: api)
    WithholdingAPIController(services: services).addRoutes(to: api)
    ReceivablesAPIController(services: services).addRoutes(to: api)
    CommissionAPIController(services: services).addRoutes(to: api)
    PlansAPIController(services: services).addRoutes(to: api)
    HeadDashboardAPIController(services: services).addRoutes(to: api)

    let pages = router.group(context: AuthenticatedContext.self)
    login.addAuthenticatedRoutes(to: pages)
    AccountsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    CreditHoldPageController(services: services, renderer: renderer).addRoutes(to: pages)
    CollectionsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    PlansPageController(services: services, renderer: renderer).addRoutes(to: pages)
    DiscountApprovalsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    HeadDashboardPageController(services: services, renderer: renderer).addRoutes(to: pages)
    ReportsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    ProductsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    ContactsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    SettingsPageController(services: services, renderer: renderer, publicURL: publicURL).addRoutes(to: pages)
    DutySettingsController(services: services, renderer: renderer).addRoutes(pages: pages, api: api)
    UsersPageController(services: services, renderer: renderer).addRoutes(to: pages)
    LeadsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    ActivitiesPageController(services: services, renderer: renderer).addRoutes(to: pages)
    MeetingsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    MyDayPageController(services: services, renderer: renderer).addRoutes(to: pages)
    RoutingPageController(services: services, renderer: renderer).addRoutes(to: pages)
    SearchPageController(services: services, renderer: renderer).addRoutes(pages: pages, api: api)
    leadForms.addAdminRoutes(to: pages)
    ImportsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    DealsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    QuotesPageController(services: services, renderer: renderer).addRoutes(to: pages)
    PipelinesPageController(services: services, renderer: renderer).addRoutes(to: pages)
    CommissionPageController(services: services, renderer: renderer).addRoutes(to: pages)
    ContractsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    InvoicesPageController(services: services, renderer: renderer).addRoutes(to: pages)
    PaymentsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    StatementOfAccountPageController(services: services, renderer: renderer).addRoutes(to: pages)
    EmailSettingsPageController(services: services, renderer: renderer).addRoutes(to: pages)
    AuditController(services: services, renderer: renderer).addRoutes(api: api, pages: pages)
    routeTable.record(router.routes.map { ("\($0.path)", $0.method) })
    return router
}

/// Files shipped in the BentaWeb bundle.
enum Resource {
    static func bytes(_ name: String, _ ext: String, subdirectory: String = "Resources") throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: subdirectory) else {
            throw ConfigError(description: "\(name).\(ext) is missing from the build.")
        }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}
