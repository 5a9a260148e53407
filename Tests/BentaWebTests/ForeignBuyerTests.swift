import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Foreign currency and foreign buyers (issue 10, item 6): the account's country, VAT registration and buyer kind;
/// the PH profile's buyer-TIN rule (DOMAIN.md §1); export sales zero-rated; the register in the base currency.
@Suite(.timeLimit(.minutes(20))) struct ForeignBuyerTests {
    static let foreignAccount =
        #"{"name": "Pacific Rim Imports", "registered_name": "Pacific Rim Imports LLC", "country": "US", "billing_address": "100 Market Street\nSan Francisco, CA 94105"}"#

    static func errors(_ response: TestResponse) throws -> [String] {
        (try response.json()["errors"] as? [[String: Any]])?.map {
            "\($0["field"] as? String ?? "") \($0["code"] as? String ?? "")"
        } ?? []
    }

    /// Creates an account as manager1 and returns its id.
    static func account(_ client: some TestClientProtocol, token: String, _ body: String) async throws -> String {
        let created = try await client.api(.post, "/api/v1/accounts", token: token, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(try created.json()["id"] as? String)
    }

    /// Drafts an invoice and tries to issue it; returns the draft's id and the issue response.
    static func issue(
        _ client: some TestClientProtocol, token: String, _ body: String
    ) async throws -> (id: String, response: TestResponse) {
        let created = try await client.api(.post, "/api/v1/invoices", token: token, json: body)
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(try created.json()["id"] as? String)
        return (id, try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token))
    }

    @Test(arguments: TestEngine.available)
    func theAccountAPIRoundTripsCountryVATRegistrationAndBuyerKind(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            // The defaults: the company's country, not VAT-registered, a business.
            let plain = try await client.api(
                .post, "/api/v1/accounts", token: token, json: #"{"name": "Sampaguita Trading"}"#
            ).json()
            #expect(plain["country"] as? String == "PH")
            #expect(plain["is_vat_registered"] as? Bool == false)
            #expect(plain["buyer_kind"] as? String == "business")

            let created = try await client.api(
                .post, "/api/v1/accounts", token: token,
                json:
                    #"{"name": "Pacific Rim Imports", "country": "us", "is_vat_registered": true, "buyer_kind": "individual"}"#
            )
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? String)
            let fetched = try await client.api(.get, "/api/v1/accounts/\(id)", token: token).json()
            #expect(fetched["country"] as? String == "US")
            #expect(fetched["is_vat_registered"] as? Bool == true)
            #expect(fetched["buyer_kind"] as? String == "individual")

            // A PATCH changes what it names and keeps the rest; null puts back the defaults.
            let patched = try await client.api(
                .patch, "/api/v1/accounts/\(id)", token: token,
                json: #"{"version": 1, "country": "SG", "buyer_kind": "business"}"#
            ).json()
            #expect(patched["country"] as? String == "SG" && patched["buyer_kind"] as? String == "business")
            #expect(patched["is_vat_registered"] as? Bool == true)
            let reset = try await client.api(
                .patch, "/api/v1/accounts/\(id)", token: token,
                json: #"{"version": 2, "country": null, "is_vat_registered": null}"#
            ).json()
            #expect(reset["country"] as? String == "PH" && reset["is_vat_registered"] as? Bool == false)
            let listed = try await client.api(.get, "/api/v1/accounts?q=pacific", token: token).json()
            let row = try #require((listed["data"] as? [[String: Any]])?.first)
            #expect(row["country"] as? String == "PH" && row["buyer_kind"] as? String == "business")

            let bad = try await client.api(
                .post, "/api/v1/accounts", token: token,
                json: #"{"name": "Nowhere Ltd", "country": "XX", "buyer_kind": "consumer"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try Self.errors(bad) == ["country invalid_country", "buyer_kind invalid_choice"])
            let wrongType = try await client.api(
                .post, "/api/v1/accounts", token: token, json: #"{"name": "Nowhere Ltd", "is_vat_registered": "yes"}"#)
            #expect(wrongType.status == .badRequest)
        }
    }

    /// A US buyer without a Philippine TIN gets a zero-rated dollar invoice whose UBL names the buyer's own country
    /// and no PH VAT id; a VATable line to it is refused as an export that must be zero-rated.
    @Test(arguments: TestEngine.available)
    func aForeignBuyerIsInvoicedZeroRatedWithoutAPhilippineTIN(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = try await Self.account(client, token: token, Self.foreignAccount)
            let vatable = try await Self.issue(
                client, token: token,
                #"{"account_id": "\#(account)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Software licence", "unit_price": "1234.57", "tax_category": "zero_rated"}, {"description": "Installation", "unit_price": "100"}]}"#
            )
            #expect(vatable.response.status == .unprocessableContent)
            #expect(try Self.errors(vatable.response) == ["lines[1].tax_category export_must_be_zero_rated"])
            let message = (try vatable.response.json()["errors"] as? [[String: Any]])?.first?["message"] as? String
            #expect(message?.contains("zero-rated") == true && message?.contains("United States") == true)

            let (id, issued) = try await Self.issue(
                client, token: token,
                #"{"account_id": "\#(account)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Software licence", "unit_price": "1234.57", "tax_category": "zero_rated"}]}"#
            )
            #expect(issued.status == .ok, "\(issued.text)")
            let buyer = try #require(try issued.json()["buyer"] as? [String: Any])
            #expect(buyer["country"] as? String == "US" && buyer["tin"] is NSNull)
            #expect(buyer["name"] as? String == "Pacific Rim Imports LLC")

            let ubl = String(buffer: try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token).body)
            let buyerParty = try #require(
                ubl.components(separatedBy: "<cac:AccountingCustomerParty>").dropFirst().first?
                    .components(separatedBy: "</cac:AccountingCustomerParty>").first)
            #expect(buyerParty.contains("<cbc:IdentificationCode>US</cbc:IdentificationCode>"))
            #expect(!buyerParty.contains("PartyTaxScheme") && !buyerParty.contains(">PH"))
            let sellerParty = try #require(
                ubl.components(separatedBy: "<cac:AccountingSupplierParty>").dropFirst().first?
                    .components(separatedBy: "</cac:AccountingSupplierParty>").first)
            #expect(sellerParty.contains("<cbc:IdentificationCode>PH</cbc:IdentificationCode>"))
            #expect(sellerParty.contains("<cbc:CompanyID>PH009123456"))
        }
    }

    /// The same foreign buyer's UBL passes the UBL 2.1 XSD and the EN 16931 Schematron.
    @Test(.ublValidation)
    func aForeignBuyersInvoicePassesTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await withWebApp(.sqlite) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = try await Self.account(client, token: token, Self.foreignAccount)
            let (id, issued) = try await Self.issue(
                client, token: token,
                #"{"account_id": "\#(account)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Software licence", "unit_price": "1234.57", "tax_category": "zero_rated"}]}"#
            )
            #expect(issued.status == .ok, "\(issued.text)")
            let ubl = String(buffer: try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token).body)
            for (name, outcome) in try await validators.validate(["export": ubl]) {
                #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
                #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.assertions.map { "\($0.id) \($0.text)" })")
            }
        }
    }

    /// A domestic business needs its TIN (422 on `buyer.tin`, nothing else); an individual consumer needs neither
    /// TIN nor address, and its invoice prints no TIN line.
    @Test(arguments: TestEngine.available)
    func aDomesticBusinessNeedsItsTINAConsumerDoesNot(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = try await Self.account(
                client, token: token,
                #"{"name": "Juan dela Cruz", "billing_address": "45 Mabini Street, Quezon City"}"#)
            let body =
                #"{"account_id": "\#(account)", "lines": [{"description": "Office chair", "unit_price": "4500"}]}"#
            let (id, refused) = try await Self.issue(client, token: token, body)
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.errors(refused) == ["buyer.tin required_by_profile"])
            let message = (try refused.json()["errors"] as? [[String: Any]])?.first?["message"] as? String
            #expect(message?.contains("on the account") == true)

            let patched = try await client.api(
                .patch, "/api/v1/accounts/\(account)", token: token,
                json: #"{"version": 1, "buyer_kind": "individual", "billing_address": null}"#)
            #expect(patched.status == .ok)
            let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(issued.status == .ok, "\(issued.text)")
            let buyer = try #require(try issued.json()["buyer"] as? [String: Any])
            #expect(buyer["tin"] is NSNull && buyer["country"] as? String == "PH")
            let session = try await client.login("manager1@test.ph")
            let print = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            #expect(print.status == .ok && print.text.contains("Juan dela Cruz") && !print.text.contains("TIN 000"))
            #expect(!print.text.contains("<p>TIN "))
        }
    }

    /// The register (JSON, CSV and page) states each document's net, VAT and total in pesos at its rate: a peso
    /// invoice as it is, a dollar invoice at 56.25 converted figure by figure with the total their sum.
    @Test(arguments: TestEngine.available)
    func theRegisterStatesEachDocumentInTheBaseCurrency(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let tala = world.manager1Accounts[0].id
            let foreign = try await Self.account(client, token: token, Self.foreignAccount)
            var numbers: [String] = []
            for body in [
                #"{"account_id": "\#(tala)", "lines": [{"description": "Printer", "unit_price": "1000"}]}"#,
                #"{"account_id": "\#(tala)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Consulting", "unit_price": "1000.14"}]}"#,
                #"{"account_id": "\#(foreign)", "currency": "USD", "exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "lines": [{"description": "Software licence", "unit_price": "1234.57", "tax_category": "zero_rated"}]}"#,
            ] {
                let (_, issued) = try await Self.issue(client, token: token, body)
                #expect(issued.status == .ok, "\(issued.text)")
                numbers.append(try #require(try issued.json()["number"] as? String))
            }
            let accountant = try await world.token(world.accountant)
            let register = try await client.api(
                .get, "/api/v1/invoice-register?from=2026-11-01&to=2026-12-01", token: accountant)
            let rows = try #require(try register.json()["data"] as? [[String: Any]])
            #expect(rows.map { $0["number"] as? String } == numbers)
            func figures(_ row: [String: Any]) -> [String?] {
                [
                    "currency", "exchange_rate", "base_currency", "net_in_base_currency", "vat_in_base_currency",
                    "total_in_base_currency",
                ].map { row[$0] as? String }
            }
            #expect(figures(rows[0]) == ["PHP", nil, "PHP", "1000.00", "120.00", "1120.00"])
            #expect(rows[0]["exchange_rate"] is NSNull)
            // 1000.14 × 56.25 = 56257.875 and 120.02 × 56.25 = 6751.125, each rounded half up; the total is their
            // sum (the document total 1120.16 × 56.25 would give 63009.00).
            #expect(figures(rows[1]) == ["USD", "56.25", "PHP", "56257.88", "6751.13", "63009.01"])
            #expect(rows[1]["total"] as? String == "1120.16")
            #expect(figures(rows[2]) == ["USD", "56.25", "PHP", "69444.56", "0.00", "69444.56"])
            #expect(rows[2]["buyer_tin"] is NSNull)

            let csv = String(
                buffer: try await client.api(
                    .get, "/api/v1/invoice-register?from=2026-11-01&to=2026-12-01&format=csv", token: accountant
                ).body)
            // The writer starts with a byte-order mark, for Excel.
            let lines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline)
                .map(String.init)
            #expect(
                lines.first
                    == "number,issue_date,buyer_name,buyer_tin,currency,vatable_sales,zero_rated_sales,exempt_sales,"
                    + "vat,total,corrects,credited,status,exchange_rate,net_PHP,vat_PHP,total_PHP")
            #expect(lines.count == 4)
            #expect(lines[1].hasSuffix(",PHP,1000.00,0.00,0.00,120.00,1120.00,,0.00,issued,,1000.00,120.00,1120.00"))
            #expect(
                lines[2].hasSuffix(",USD,1000.14,0.00,0.00,120.02,1120.16,,0.00,issued,56.25,56257.88,6751.13,63009.01")
            )
            #expect(
                lines[3]
                    == "\(numbers[2]),2026-11-30,Pacific Rim Imports LLC,,USD,0.00,1234.57,0.00,0.00,1234.57,,0.00,"
                    + "issued,56.25,69444.56,0.00,69444.56")

            // The page: the base-currency columns and their sum over every currency.
            let session = try await client.login("accountant@test.ph")
            let page = try await client.browse(.get, "/invoices/register?from=2026-11-01&to=2026-12-01", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Net in PHP") && page.text.contains("₱63,009.01"))
            // 1000.00 + 56257.88 + 69444.56; 120.00 + 6751.13; 1120.00 + 63009.01 + 69444.56.
            #expect(page.text.contains("₱126,702.44") && page.text.contains("₱6,871.13"))
            #expect(page.text.contains("₱133,573.57"))
        }
    }

    /// The account form offers the buyer kind, the country (the company's for a new account) and VAT registration,
    /// and the account page shows them.
    @Test(arguments: TestEngine.available)
    func theAccountFormAndPageCarryTheTaxProfile(engine: TestEngine) async throws {
        try await withWebApp(engine) { _, client in
            let session = try await client.login("manager1@test.ph")
            let new = try await client.browse(.get, "/accounts/new", as: session)
            #expect(new.text.contains(#"<option value="PH" selected>Philippines</option>"#))
            #expect(new.text.contains(#"<option value="business" selected>Business</option>"#))
            #expect(new.text.contains(#"name="is_vat_registered">"#))
            let created = try await client.browse(
                .post, "/accounts", as: session,
                form: [
                    ("name", "Pacific Rim Imports"), ("country", "US"), ("buyer_kind", "individual"),
                    ("is_vat_registered", "on"),
                ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await client.browse(.get, location, as: session)
            #expect(page.text.contains("United States") && page.text.contains("Individual (consumer)"))
            let edit = try await client.browse(.get, location.prefix { $0 != "?" } + "/edit", as: session)
            #expect(edit.text.contains(#"<option value="US" selected>United States</option>"#))
            #expect(edit.text.contains(#"<option value="individual" selected>"#))
            #expect(edit.text.contains(#"name="is_vat_registered" checked>"#))
            let refused = try await client.browse(
                .post, "/accounts", as: session,
                form: [("name", "Nowhere Ltd"), ("country", "XX"), ("confirm_duplicates", "1")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("country-error"))
        }
    }
}
