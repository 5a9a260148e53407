import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The main list, search and lookup queries can read an index on both engines (issue 11): no full scan of accounts,
/// contacts, activities, invoices, deals, products, contracts or the search index, whatever the text filter.
///
/// Each query is recorded as its store sends it (``RecordingDatabase``) and explained on the same connection:
/// - SQLite (`EXPLAIN QUERY PLAN`) twice: with no statistics (a new database), and with the statistics of a company
///   of a million accounts written into `sqlite_stat1` (what `PRAGMA optimize` leaves on a large one), since the
///   planner chooses differently with and without them;
/// - PostgreSQL (`EXPLAIN (FORMAT JSON)`) twice: with `enable_seqscan = off`, where a sequential scan of a table
///   means that no index could serve the query; and on a company of 20,000 accounts, contacts and leads, 60,000
///   activities and 6,000 invoices after `VACUUM ANALYZE`, where the planner chooses by real statistics.
@Suite(.timeLimit(.minutes(20))) struct IndexedQueryPlanTests {
    /// Tables that grow with the company, and the aliases the stores give them.
    static let largeTables: Set<String> = [
        "accounts", "contacts", "activities", "invoices", "search_index", "contact_points", "leads", "deals",
        "products", "contracts", "a", "c", "ca", "i", "l", "s", "cp", "act", "d", "p", "account_search_rows", "k",
    ]

    /// `sqlite_stat1` of a company with a million accounts and contacts, three million activities and half a
    /// million invoices (from the generated large data set, scaled).
    static let largeCompanyStatistics: [(table: String, index: String, stat: String)] = [
        ("accounts", "accounts_list", "1000000 1000000 1 1"),
        ("accounts", "accounts_owner_page", "1000000 1000000 20000 1 1"),
        ("accounts", "accounts_team_page", "1000000 1000000 90000 1 1"),
        ("accounts", "accounts_team", "1000000 90000"),
        ("accounts", "accounts_tin", "1000000 1000000 1"),
        ("accounts", "sqlite_autoindex_accounts_1", "1000000 1"),
        ("accounts", "accounts_visibility", "1000000 1 1 1 1"),
        ("contacts", "contacts_owner_page", "1000000 1000000 20000 5 1"),
        ("contacts", "contacts_team_page", "1000000 1000000 90000 5 1"),
        ("contacts", "contacts_list_visible", "1000000 1000000 5 1 1 1"),
        ("contacts", "contacts_account", "1000000 2 1"),
        ("contacts", "sqlite_autoindex_contacts_1", "1000000 1"),
        ("activities", "activities_account", "3000000 4 1 1"),
        ("activities", "activities_contact", "3000000 5 1 1"),
        ("activities", "activities_lead", "3000000 3000000 1 1"),
        ("activities", "activities_user", "3000000 3000000 60000 1"),
        ("activities", "sqlite_autoindex_activities_1", "3000000 1"),
        ("invoices", "invoices_list", "500000 500000 1 1 1 1"),
        ("invoices", "invoices_owner_page", "500000 500000 10000 1 1 1 1"),
        ("invoices", "invoices_team_page", "500000 500000 100000 1 1 1 1"),
        ("invoices", "invoices_account", "500000 2 2"),
        ("invoices", "invoices_corrects", "500000 500000"),
        ("invoices", "invoices_register", "500000 500000 500000 500000 1"),
        ("invoices", "invoices_number", "500000 500000 500000 500000 1"),
        ("invoices", "sqlite_autoindex_invoices_1", "500000 1"),
        ("search_index", "sqlite_autoindex_search_index_1", "2000000 1000000 1"),
        ("contact_points", "contact_points_lookup", "5000000 5000000 2500000 1"),
        ("contact_points", "contact_points_account", "5000000 5"),
        ("contact_points", "contact_points_contact", "5000000 5"),
        ("account_tags", "account_tags_tag", "230000 230000 5700"),
        ("account_tags", "account_tags_sorted", "230000 230000 5700 2 1"),
        ("account_tags", "account_tags_owner_page", "230000 230000 5700 115 2 1"),
        ("account_tags", "account_tags_team_page", "230000 230000 5700 1000 2 1"),
        ("account_tags", "sqlite_autoindex_account_tags_1", "230000 1 1"),
        ("leads", "leads_list", "200000 200000 1 1"),
        ("leads", "leads_owner", "200000 200000 4000 1000"),
        ("leads", "sqlite_autoindex_leads_1", "200000 1"),
        ("deals", "deals_list", "200000 200000 1 1"),
        ("deals", "deals_owner", "200000 200000 4000 1000 10"),
        ("deals", "deals_account", "200000 2"),
        ("deals", "deals_stage", "200000 20000"),
        ("deals", "sqlite_autoindex_deals_1", "200000 1"),
        ("products", "products_code", "20000 20000 1"),
        ("products", "products_list", "20000 20000 1 1"),
        ("products", "sqlite_autoindex_products_1", "20000 1"),
        ("contracts", "contracts_number", "100000 100000 2"),
        ("contracts", "contracts_list", "100000 100000 1 1"),
        ("contracts", "contracts_ending", "100000 100000 20000 10"),
        ("contracts", "contracts_account", "100000 2"),
        ("contracts", "sqlite_autoindex_contracts_1", "100000 1"),
        ("team_members", "team_members_user", "50 1"),
        ("team_members", "sqlite_autoindex_team_members_1", "50 5 1"),
    ]

    /// The queries under test, each sent through the stores as a request would send it.
    static func queries(
        world: TestWorld, pipelineID: Pipeline.ID
    ) -> [(name: String, run: @Sendable (any SQLDatabase, Viewer) async throws -> Void)] {
        let tala = world.manager1Accounts[0].id
        let page = PageRequest(limit: 50)
        return [
            (
                "account list",
                { db, viewer in _ = try await AccountStore(db).list(viewer: viewer, filter: AccountFilter(), page: page)
                }
            ),
            (
                "account list by name",
                { db, viewer in
                    _ = try await AccountStore(db).list(
                        viewer: viewer, filter: AccountFilter(query: "dela cr"), page: page)
                }
            ),
            (
                "account list by phone",
                { db, viewer in
                    _ = try await AccountStore(db).list(
                        viewer: viewer, filter: AccountFilter(query: "0917 111 0001"), page: page)
                }
            ),
            (
                "account list by tag",
                { db, viewer in
                    _ = try await AccountStore(db).list(viewer: viewer, filter: AccountFilter(tag: "test"), page: page)
                }
            ),
            ("account", { db, viewer in _ = try await AccountStore(db).find(tala, viewer: viewer) }),
            (
                "account timeline",
                { db, viewer in
                    _ = try await ActivityStore(db).timeline(
                        .account(tala), companyID: viewer.companyID, limit: 50, cursor: nil)
                }
            ),
            (
                "contact list",
                { db, viewer in _ = try await ContactStore(db).list(viewer: viewer, filter: ContactFilter(), page: page)
                }
            ),
            (
                "contact list by name",
                { db, viewer in
                    _ = try await ContactStore(db).list(
                        viewer: viewer, filter: ContactFilter(query: "maria"), page: page)
                }
            ),
            (
                "contact list by owner",
                { db, viewer in
                    _ = try await ContactStore(db).list(
                        viewer: viewer, filter: ContactFilter(ownerID: world.manager1.id), page: page)
                }
            ),
            (
                "contacts of an account",
                { db, viewer in
                    _ = try await ContactStore(db).list(
                        viewer: viewer, filter: ContactFilter(accountID: tala), page: page)
                }
            ),
            (
                "lead list by phone",
                { db, viewer in
                    _ = try await LeadStore(db).list(viewer: viewer, filter: LeadFilter(query: "0927 888"), page: page)
                }
            ),
            (
                "invoice list",
                { db, viewer in _ = try await InvoiceStore(db).list(viewer: viewer, filter: InvoiceFilter(), page: page)
                }
            ),
            (
                "invoice list by status",
                { db, viewer in
                    _ = try await InvoiceStore(db).list(
                        viewer: viewer, filter: InvoiceFilter(status: .issued), page: page)
                }
            ),
            (
                "overdue invoices",
                { db, viewer in
                    var filter = InvoiceFilter(status: .issued)
                    filter.mayBeOverdueOn = CalendarDate(year: 2026, month: 12, day: 7)
                    _ = try await InvoiceStore(db).list(viewer: viewer, filter: filter, page: page)
                }
            ),
            (
                "deal list by name",
                { db, viewer in
                    _ = try await DealStore(db).list(viewer: viewer, filter: DealFilter(query: "tala cof"), page: page)
                }
            ),
            (
                "deal board by name",
                { db, viewer in
                    _ = try await DealStore(db).stageSummaries(
                        viewer: viewer, filter: DealFilter(query: "tala"), pipelineID: pipelineID)
                }
            ),
            (
                "product list by name",
                { db, viewer in
                    _ = try await ProductStore(db).list(
                        companyID: viewer.companyID, filter: ProductFilter(query: "toner 0"), page: page)
                }
            ),
            (
                "contract list by name",
                { db, viewer in
                    _ = try await ContractStore(db).list(
                        viewer: viewer, filter: ContractFilter(query: "tala cof"), page: page)
                }
            ),
            ("search", { db, viewer in _ = try await SearchStore(db).search("maria dela", viewer: viewer) }),
            (
                "caller lookup",
                { db, viewer in
                    _ = try await ContactPointStore(db).matches(
                        companyID: viewer.companyID, kind: "phone", value: "+639171110001")
                }
            ),
            (
                "likely duplicates",
                { db, viewer in
                    _ = try await AccountStore(db).candidates(tinBase: "111222333", firstWord: "tala", viewer: viewer)
                }
            ),
        ]
    }

    /// Every statement the queries send, as a manager and as the head, with its plan's lines.
    static func plans(
        engine: TestEngine, statistics: Bool = false
    ) async throws -> [(query: String, sql: String, plan: [String])] {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            // The default pipeline, whose board the deal board query reads.
            let pipeline = try #require(try await world.services.deals.pipelines(viewer: world.head.viewer).first)
            if engine == .postgres, statistics { try await Self.fillLargeCompany(world: world, database: database) }
            let queries = Self.queries(world: world, pipelineID: pipeline.id)
            var result: [(query: String, sql: String, plan: [String])] = []
            for (who, viewer) in [("manager", world.manager1.viewer), ("head", world.head.viewer)] {
                result += try await database.read { db in
                    if engine == .sqlite, statistics { try await Self.writeLargeCompanyStatistics(db) }
                    if engine == .postgres, !statistics { try await db.raw("SET enable_seqscan = off").run() }
                    var explained: [(query: String, sql: String, plan: [String])] = []
                    for query in queries {
                        let recording = RecordingDatabase(db)
                        try await query.run(recording, viewer)
                        for statement in recording.statements {
                            let plan =
                                engine == .sqlite
                                ? try await RecordingDatabase.sqlitePlan(of: statement, on: db)
                                : try await Self.postgresSeqScans(of: statement, on: db)
                            explained.append(("\(query.name) (\(who))", statement.sql, plan))
                        }
                    }
                    if engine == .postgres, !statistics { try await db.raw("RESET enable_seqscan").run() }
                    return explained
                }
            }
            return result
        }
    }

    static func writeLargeCompanyStatistics(_ db: any SQLDatabase) async throws {
        try await db.raw("ANALYZE").run()
        try await db.raw("DELETE FROM sqlite_stat1").run()
        for row in largeCompanyStatistics {
            try await db.raw(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (\(bind: row.table), \(bind: row.index), \(bind: row.stat))"
            ).run()
        }
        // Loads the statistics into this connection's planner.
        try await db.raw("ANALYZE sqlite_schema").run()
    }

    /// Copies the world's records into a company of 20,000 accounts with a contact, three activities and a deal
    /// each, 20,000 leads, 6,000 invoices, 5,000 products and 10,000 contracts, in a few `INSERT … SELECT` statements (each copy is a row of the world with new keys, by
    /// `jsonb_populate_record`, so every column the schema has is filled; IDs are UUIDs made from `md5`), then
    /// `ANALYZE`.
    static func fillLargeCompany(world: TestWorld, database: any AppDatabase) async throws {
        var activity = ActivityDraft()
        activity.accountID = world.manager1Accounts[0].id.description
        activity.body = "Template call"
        _ = try await world.services.activities.log(activity, viewer: world.manager1.viewer)
        var line = LineDraft()
        line.description = "Template line"
        line.quantity = "1"
        line.unitPrice = "100.00"
        var invoice = InvoiceDraft()
        invoice.accountID = world.manager1Accounts[0].id.description
        invoice.lines = [line]
        let template = try await world.services.invoices.create(invoice, viewer: world.manager1.viewer)
        var lead = LeadDraft()
        lead.personName = "Template Lead"
        lead.phone = "0927 888 1234"
        let leadTemplate = try await world.services.leads.create(
            lead, viewer: world.manager1.viewer, companyID: world.company.id)
        var dealDraft = DealDraft()
        dealDraft.accountID = world.manager1Accounts[0].id.description
        dealDraft.title = "Template deal"
        dealDraft.amount = "1000.00"
        dealDraft.expectedClose = "2026-12-20"
        let deal = try await world.services.deals.create(dealDraft, viewer: world.manager1.viewer)
        var productDraft = ProductDraft()
        productDraft.code = "TEMPLATE"
        productDraft.name = "Template product"
        productDraft.unit = "pc"
        productDraft.unitPrice = "100.00"
        let product = try await world.services.products.create(productDraft, viewer: world.head.viewer)
        var contractDraft = ContractDraft()
        contractDraft.accountID = world.manager1Accounts[0].id.description
        contractDraft.signatoryContactID = world.manager1Contact.id.description
        contractDraft.title = "Template contract"
        contractDraft.startDate = "2026-07-01"
        contractDraft.endDate = "2027-06-30"
        contractDraft.value = "1000.00"
        let contract = try await world.services.contracts.create(contractDraft, viewer: world.manager1.viewer)
        let owners = [world.manager1, world.manager2, world.manager3, world.head].map { "'\($0.id)'" }
            .joined(separator: ", ")
        let account = world.manager1Accounts[0].id.description
        let contact = world.manager1Contact.id.description
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO accounts SELECT (jsonb_populate_record(a, jsonb_build_object(
                    'id', md5('acc-' || g)::uuid::text, 'name', 'Large ' || g, 'sort_name', 'large ' || lpad(g::text, 6, '0'),
                    'tin', lpad(g::text, 9, '0') || '00000', 'team_id', NULL,
                    'owner_id', (ARRAY[\(unsafeRaw: owners)])[g % 4 + 1]))).*
                FROM accounts a, generate_series(1, 20000) g WHERE a.id = \(bind: account)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO contacts SELECT (jsonb_populate_record(c, jsonb_build_object(
                    'id', md5('con-' || g)::uuid::text, 'account_id', md5('acc-' || g)::uuid::text, 'name', 'Person ' || g,
                    'sort_name', 'person ' || lpad(g::text, 6, '0')))).*
                FROM contacts c, generate_series(1, 20000) g WHERE c.id = \(bind: contact)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO search_index (entity, record_id, company_id, content)
                SELECT 'account', md5('acc-' || g)::uuid::text, company_id, 'large ' || g || ' trading 63917' || lpad(g::text, 7, '0')
                FROM accounts a, generate_series(1, 20000) g WHERE a.id = \(bind: account)
                UNION ALL
                SELECT 'contact', md5('con-' || g)::uuid::text, company_id, 'person ' || g || ' example ph'
                FROM accounts a, generate_series(1, 20000) g WHERE a.id = \(bind: account)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO leads SELECT (jsonb_populate_record(l, jsonb_build_object(
                    'id', md5('lead-' || g)::uuid::text, 'person_name', 'Lead ' || g,
                    'sort_name', 'lead ' || lpad(g::text, 6, '0'), 'phone_e164', '+63927' || lpad(g::text, 7, '0'),
                    'owner_id', (ARRAY[\(unsafeRaw: owners)])[g % 4 + 1]))).*
                FROM leads l, generate_series(1, 20000) g WHERE l.id = \(bind: leadTemplate.lead.id.description)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO search_index (entity, record_id, company_id, content)
                SELECT 'lead', md5('lead-' || g)::uuid::text, company_id, 'lead ' || g || ' 63927' || lpad(g::text, 7, '0')
                FROM leads l, generate_series(1, 20000) g WHERE l.id = \(bind: leadTemplate.lead.id.description)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO contact_points (company_id, account_id, contact_id, kind, normalized)
                SELECT company_id, md5('acc-' || g)::uuid::text, NULL, 'phone', '+63917' || lpad(g::text, 7, '0')
                FROM accounts a, generate_series(1, 20000) g WHERE a.id = \(bind: account)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO activities SELECT (jsonb_populate_record(t, jsonb_build_object(
                    'id', md5('act-' || g)::uuid::text, 'account_id', md5('acc-' || (g % 20000 + 1))::uuid::text, 'contact_id', NULL,
                    'occurred_at', t.occurred_at - g * 1000))).*
                FROM activities t, generate_series(1, 60000) g WHERE t.account_id = \(bind: account)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO invoices SELECT (jsonb_populate_record(i, jsonb_build_object(
                    'id', md5('inv-' || g)::uuid::text, 'account_id', md5('acc-' || (g * 3))::uuid::text, 'contact_id', NULL))).*
                FROM invoices i, generate_series(1, 6000) g WHERE i.id = \(bind: template.id.description)
                """
            ).run()
            // 20,000 deals, 5,000 products and 10,000 contracts, with their rows in the full-text index.
            try await db.raw(
                """
                INSERT INTO deals SELECT (jsonb_populate_record(d, jsonb_build_object(
                    'id', md5('deal-' || g)::uuid::text, 'account_id', md5('acc-' || g)::uuid::text,
                    'title', 'Deal ' || g, 'sort_name', 'deal ' || lpad(g::text, 6, '0')))).*
                FROM deals d, generate_series(1, 20000) g WHERE d.id = \(bind: deal.id.description)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO products SELECT (jsonb_populate_record(p, jsonb_build_object(
                    'id', md5('prod-' || g)::uuid::text, 'code', 'P-' || g, 'code_key', 'p-' || g,
                    'name', 'Product ' || g, 'sort_name', 'product ' || lpad(g::text, 6, '0')))).*
                FROM products p, generate_series(1, 5000) g WHERE p.id = \(bind: product.id.description)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO contracts SELECT (jsonb_populate_record(c, jsonb_build_object(
                    'id', md5('ctr-' || g)::uuid::text, 'account_id', md5('acc-' || (g * 2))::uuid::text,
                    'title', 'Contract ' || g, 'sort_name', 'contract ' || lpad(g::text, 6, '0')))).*
                FROM contracts c, generate_series(1, 10000) g WHERE c.id = \(bind: contract.id.description)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO search_index (entity, record_id, company_id, content)
                SELECT 'deal', md5('deal-' || g)::uuid::text, company_id, 'deal ' || g || ' large ' || g
                FROM accounts a, generate_series(1, 20000) g WHERE a.id = \(bind: account)
                UNION ALL
                SELECT 'product', md5('prod-' || g)::uuid::text, company_id, 'p ' || g || ' product ' || g
                FROM accounts a, generate_series(1, 5000) g WHERE a.id = \(bind: account)
                UNION ALL
                SELECT 'contract', md5('ctr-' || g)::uuid::text, company_id, 'contract ' || g || ' large ' || (g * 2)
                FROM accounts a, generate_series(1, 10000) g WHERE a.id = \(bind: account)
                """
            ).run()
        }
        // VACUUM too: it moves the bulk-inserted rows out of the GIN index's pending list, as autovacuum would.
        // Only this schema's tables: a bare VACUUM walks every schema of the database, and the parallel test schemas
        // being dropped meanwhile make it fail ("relation with OID … does not exist").
        try await database.read { db in
            let tables = try await db.raw(
                """
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                """
            ).all().map { try $0.decode(column: "table_name", as: String.self) }
            let list = tables.map { "\"" + $0 + "\"" }.joined(separator: ", ")
            try await db.raw("VACUUM ANALYZE \(unsafeRaw: list)").run()
        }
    }

    /// The relations PostgreSQL's plan reads with a sequential scan, as "Seq Scan on <relation>" lines.
    static func postgresSeqScans(
        of statement: RecordingDatabase.Statement, on db: any SQLDatabase
    ) async throws -> [String] {
        let text: String
        do {
            text = try await RecordingDatabase.postgresPlan(of: statement, on: db)
        } catch {
            throw TestSetupError("EXPLAIN failed: \(String(reflecting: error))\n\(statement.sql)")
        }
        var lines: [String] = []
        do {
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
            func walk(_ node: Any) {
                if let object = node as? [String: Any] {
                    if let type = object["Node Type"] as? String {
                        lines.append(
                            "\(type) on \(object["Relation Name"] as? String ?? "-") \(object["Alias"] as? String ?? "")"
                        )
                    }
                    for value in object.values { walk(value) }
                } else if let array = node as? [Any] {
                    for value in array { walk(value) }
                }
            }
            walk(json)
        }
        return lines
    }

    /// A plan line that reads a large table whole: SQLite's `SCAN <table or alias>` (an FTS5 match is `SCAN f
    /// VIRTUAL TABLE`, an index of its own), PostgreSQL's `Seq Scan on <table>`.
    static func fullScan(_ line: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        if let scan = words.firstIndex(of: "SCAN"), scan + 1 < words.count {
            return largeTables.contains(words[scan + 1])
        }
        if line.hasPrefix("Seq Scan on "), words.count > 3 { return largeTables.contains(words[3]) }
        return false
    }

    @Test func noMainQueryScansALargeTableOnANewSQLiteDatabase() async throws {
        for explained in try await Self.plans(engine: .sqlite) {
            #expect(
                !explained.plan.contains(where: Self.fullScan),
                "\(explained.query): \(explained.plan)\n\(explained.sql)")
        }
    }

    @Test func noMainQueryScansALargeTableOnALargeSQLiteDatabase() async throws {
        for explained in try await Self.plans(engine: .sqlite, statistics: true) {
            #expect(
                !explained.plan.contains(where: Self.fullScan),
                "\(explained.query): \(explained.plan)\n\(explained.sql)")
        }
    }

    @Test(arguments: TestEngine.available.filter { $0 == .postgres })
    func everyMainQueryCanUseAnIndexOnPostgreSQL(engine: TestEngine) async throws {
        for explained in try await Self.plans(engine: engine) {
            #expect(
                !explained.plan.contains(where: Self.fullScan),
                "\(explained.query): \(explained.plan)\n\(explained.sql)")
        }
    }

    @Test(arguments: TestEngine.available.filter { $0 == .postgres })
    func noMainQueryScansALargeTableOnALargePostgreSQLCompany(engine: TestEngine) async throws {
        for explained in try await Self.plans(engine: engine, statistics: true) {
            #expect(
                !explained.plan.contains(where: Self.fullScan),
                "\(explained.query): \(explained.plan)\n\(explained.sql)")
        }
    }

    /// A text filter starts from its matches on SQLite: the full-text index first, then the records by primary
    /// key, whatever the statistics (without them the planner took "company = ?" for 10 rows and walked the whole
    /// company in name order).
    @Test(arguments: [false, true])
    func aTextFilterStartsFromTheFullTextIndexOnSQLite(statistics: Bool) async throws {
        let plans = try await Self.plans(engine: .sqlite, statistics: statistics)
        for explained in plans where explained.query.contains(" by name") || explained.query.contains(" by phone") {
            #expect(
                // The accounts' filter cuts its page in a co-routine first (AccountStore.textFilterPage).
                explained.plan.first { !$0.hasPrefix("CO-ROUTINE") }?.hasPrefix("SCAN f VIRTUAL TABLE") == true,
                "\(explained.query): \(explained.plan)"
            )
            #expect(
                !explained.plan.contains { line in
                    ["accounts_list", "contacts_list", "leads_list", "deals_list", "products_list", "contracts_list"]
                        .contains { line.contains($0) }
                },
                "\(explained.query): \(explained.plan)")
        }
    }

    /// Prints every plan (`BENTA_PRINT_PLANS=1`), for reading them while changing a query.
    @Test(arguments: TestEngine.available)
    func printPlans(engine: TestEngine) async throws {
        guard ProcessInfo.processInfo.environment["BENTA_PRINT_PLANS"] != nil else { return }
        for statistics in [false, true] {
            for explained in try await Self.plans(engine: engine, statistics: statistics) {
                print(
                    "PLAN \(engine) stats=\(statistics) \(explained.query)\n  \(explained.plan.joined(separator: "\n  "))"
                )
            }
        }
    }
}
