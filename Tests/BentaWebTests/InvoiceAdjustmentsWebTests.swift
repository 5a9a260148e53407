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

/// Several document discounts and charges through the API, the draft form, the invoice page, the print view, the
/// PDF and the UBL (issue 10, items 7 and 8).
@Suite(.timeLimit(.minutes(20))) struct InvoiceAdjustmentsWebTests {
    /// VATable 10,000 and exempt 7,000, VAT-exclusive.
    static let mixedLines = """
        [{"description": "Laptop", "unit_price": "10000"},
         {"description": "Training", "unit_price": "7000", "tax_category": "exempt"}]
        """

    /// Each adjustment of an invoice response as "kind amount net category rate percent base reason".
    static func adjustments(_ json: [String: Any]) -> [String] {
        (json["adjustments"] as? [[String: Any]] ?? []).map { item in
            ["kind", "amount", "net_amount", "tax_category", "rate_percent", "percent", "base_amount", "reason"]
                .map { (item[$0] as? String) ?? "-" }.joined(separator: " ")
        }
    }

    static func totals(_ json: [String: Any]) -> [String: String] {
        (json["totals"] as? [String: String]) ?? [:]
    }

    /// A list in, the stored allowances and charges out (a percentage once per group, with its base), recomputed
    /// when the lines change and removed by an empty list; the single fields still work and show in the list.
    @Test(arguments: TestEngine.available)
    func theAPITakesAndShowsAListOfDiscountsAndCharges(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"""
                    {"account_id": "\#(account)", "lines": \#(Self.mixedLines), "adjustments": [
                      {"kind": "allowance", "percent": "5", "reason": "Loyalty"},
                      {"kind": "charge", "amount": "250", "tax_category": "vatable", "reason": "Delivery to Cebu"},
                      {"kind": "allowance", "amount": 100, "tax_category": "exempt"}]}
                    """#)
            #expect(created.status == .created, "\(created.text)")
            var json = try created.json()
            #expect(
                Self.adjustments(json) == [
                    "allowance 500.00 500.00 vatable 12 5 10000.00 Loyalty",
                    "allowance 350.00 350.00 exempt 0 5 7000.00 Loyalty",
                    "charge 250.00 250.00 vatable 12 - - Delivery to Cebu",
                    "allowance 100.00 100.00 exempt 0 - - Discount",
                ])
            #expect(
                Self.totals(json) == [
                    "total_without_tax": "16300.00", "vatable_sales": "9750.00", "zero_rated_sales": "0.00",
                    "exempt_sales": "6550.00", "total_tax": "1170.00", "total_with_tax": "17470.00",
                ])
            // The single fields show the first discount and charge, as before.
            #expect(json["discount"] as? String == "500.00" && json["charge"] as? String == "250.00")
            let id = try #require(json["id"] as? String)

            // New lines: the 5% is taken of them; the fixed amounts stay.
            let relined = try await client.api(
                .patch, "/api/v1/invoices/\(id)", token: token,
                json:
                    #"{"version": 1, "lines": [{"description": "Laptop", "unit_price": "20000"}, {"description": "Training", "unit_price": "7000", "tax_category": "exempt"}]}"#
            )
            #expect(relined.status == .ok, "\(relined.text)")
            json = try relined.json()
            #expect(
                Self.adjustments(json).map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
                    "allowance 1000.00", "allowance 350.00", "charge 250.00", "allowance 100.00",
                ])
            #expect(Self.totals(json)["total_with_tax"] == "28110.00")

            let cleared = try await client.api(
                .patch, "/api/v1/invoices/\(id)", token: token, json: #"{"version": 2, "adjustments": []}"#)
            json = try cleared.json()
            #expect(Self.adjustments(json).isEmpty && json["discount"] is NSNull)
            #expect(Self.totals(json)["total_with_tax"] == "29400.00")

            // The single fields are listed too.
            let single = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "discount": "100", "charge": "250", "lines": \#(Self.mixedLines)}"#)
            #expect(
                Self.adjustments(try single.json()) == [
                    "allowance 100.00 100.00 vatable 12 - - Discount", "charge 250.00 250.00 vatable 12 - - Charge",
                ])

            // VAT-inclusive prices: 5% of the gross, each allowance with its amount without VAT.
            let inclusive = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"""
                    {"account_id": "\#(account)", "prices_include_tax": true, "lines": [
                      {"description": "Laptop", "unit_price": "11200"},
                      {"description": "Training", "unit_price": "7000", "tax_category": "exempt"}],
                     "adjustments": [{"kind": "allowance", "percent": "5"}]}
                    """#)
            json = try inclusive.json()
            #expect(
                Self.adjustments(json) == [
                    "allowance 560.00 500.00 vatable 12 5 11200.00 Discount",
                    "allowance 350.00 350.00 exempt 0 5 7000.00 Discount",
                ])
            #expect(Self.totals(json)["vatable_sales"] == "9500.00" && Self.totals(json)["total_tax"] == "1140.00")
            #expect(Self.totals(json)["exempt_sales"] == "6650.00")
        }
    }

    /// Bad entries are refused with 422 naming the entry and the field; JSON fractions and unknown keys are 400;
    /// the list and the single fields together are refused; nothing is saved.
    @Test(arguments: TestEngine.available)
    func badEntriesAreRefusedNamingTheEntryAndField(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let refused = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"""
                    {"account_id": "\#(account)", "lines": \#(Self.mixedLines), "adjustments": [
                      {"kind": "allowance", "percent": "0"},
                      {"kind": "allowance", "percent": "100.01"},
                      {"kind": "charge", "amount": "-5"},
                      {"kind": "allowance", "amount": "100", "tax_category": "luxury"},
                      {"kind": "charge", "percent": "5"},
                      {"kind": "allowance", "percent": "5", "tax_category": "vatable"},
                      {"kind": "allowance", "percent": "five"},
                      {"kind": "allowance", "amount": "10", "percent": "5"},
                      {"kind": "allowance", "amount": "1,000"}]}
                    """#)
            #expect(refused.status == .unprocessableContent)
            #expect(
                try InvoiceCorrectnessWebTests.errors(refused) == [
                    "adjustments[0].percent out_of_range", "adjustments[1].percent out_of_range",
                    "adjustments[2].amount must_be_positive", "adjustments[3].tax_category invalid_choice",
                    "adjustments[4].percent percent_not_allowed", "adjustments[5].tax_category not_with_percent",
                    "adjustments[6].percent invalid_number", "adjustments[7].percent amount_or_percent",
                    "adjustments[8].amount invalid_amount",
                ])
            let both = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(account)", "discount": "100", "adjustments": []}"#)
            #expect(try InvoiceCorrectnessWebTests.errors(both) == ["adjustments conflicting_fields"])
            let fraction = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(account)", "adjustments": [{"kind": "allowance", "percent": 5.5}]}"#)
            #expect(fraction.status == .badRequest)
            let unknown = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "adjustments": [{"kind": "charge", "amount": "5", "net_amount": "5"}]}"#
            )
            #expect(unknown.status == .badRequest)
            let list = try await client.api(.get, "/api/v1/invoices", token: token).json()
            #expect((list["data"] as? [Any])?.isEmpty == true)
        }
    }

    /// The draft form takes several discounts and charges in indexed rows (no JavaScript), shows a refused row as
    /// typed with its problem, removes a row left empty; the invoice page, the print view and the PDF print each
    /// discount and charge with its reason and percent.
    @Test(arguments: TestEngine.available)
    func theDraftFormTakesSeveralRowsAndThePrintoutsShowEach(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(account)", "lines": \#(Self.mixedLines)}"#)
            let id = try #require(try created.json()["id"] as? String)
            let session = try await client.login("manager1@test.ph")
            var page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains(#"name="adjustments[0][percent]""#))
            #expect(page.text.contains(#"name="adjustments[1][amount]""#))
            #expect(!page.text.contains(#"name="adjustments[2][amount]""#))

            func header(_ version: String, rows: [[String]]) -> [(String, String)] {
                var form = [
                    ("version", version), ("contact_id", ""), ("currency", "PHP"), ("payment_terms", "net_30"),
                    ("notes", ""),
                ]
                for (index, row) in rows.enumerated() {
                    for (field, value) in zip(["kind", "amount", "percent", "tax_category", "reason"], row) {
                        form.append(("adjustments[\(index)][\(field)]", value))
                    }
                }
                return form
            }
            let refused = try await client.browse(
                .post, "/invoices/\(id)", as: session,
                form: header("1", rows: [["allowance", "", "150", "", "Loyalty"], ["charge", "", "", "", ""]]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"name="adjustments[0][percent]" value="150""#))
            #expect(refused.text.contains("The number is outside the allowed range."))

            let saved = try await client.browse(
                .post, "/invoices/\(id)", as: session,
                form: header(
                    "1",
                    rows: [
                        ["allowance", "", "5", "", "Loyalty"], ["charge", "250", "", "vatable", "Delivery to Cebu"],
                        ["allowance", "100", "", "exempt", "Promo"], ["allowance", "", "", "", ""],
                    ]))
            #expect(saved.status == .seeOther)
            var json = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            #expect(Self.adjustments(json).count == 4)
            page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains(#"name="adjustments[0][percent]" value="5""#))
            #expect(page.text.contains(#"name="adjustments[1][amount]" value="250.00""#))
            #expect(page.text.contains(#"name="adjustments[4][amount]" value="""#))
            #expect(page.text.contains("Delivery to Cebu") && page.text.contains("Loyalty 5%"))

            // Emptying a row's amount and percent removes it.
            let removed = try await client.browse(
                .post, "/invoices/\(id)", as: session,
                form: header(
                    "2",
                    rows: [
                        ["allowance", "", "5", "", "Loyalty"], ["charge", "250", "", "vatable", "Delivery to Cebu"],
                        ["allowance", "", "", "exempt", "Promo"],
                    ]))
            #expect(removed.status == .seeOther)
            json = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            #expect(Self.adjustments(json).count == 3)
            #expect(Self.totals(json)["total_with_tax"] == "17570.00")

            let issued = try await client.browse(.post, "/invoices/\(id)/issue", as: session, form: [("version", "3")])
            #expect(issued.status == .seeOther, "\(issued.text)")
            let print = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            #expect(print.text.contains("Less: Loyalty 5% (VATable)") && print.text.contains("₱500.00"))
            #expect(print.text.contains("Add: Delivery to Cebu (VATable)") && print.text.contains("₱250.00"))
            #expect(!print.text.contains("prices-include-vat"))
            let pdf = try await client.browse(.get, "/invoices/\(id)/invoice.pdf", as: session)
            if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
                for expected in [
                    "Less: Loyalty 5% (VATable)", "PHP 500.00", "Less: Loyalty 5% (VAT-exempt)", "PHP 350.00",
                    "Add: Delivery to Cebu (VATable)", "PHP 250.00", "PHP 17,570.00",
                ] {
                    #expect(text.contains(expected), "PDF text lacks \(expected)")
                }
                #expect(!text.contains("All prices include VAT."))
            }
        }
    }

    /// A VAT-inclusive invoice says so on its page (English and Filipino), print view and PDF, and prints its
    /// charge without VAT.
    @Test(arguments: TestEngine.available)
    func aVATInclusiveInvoiceSaysItsPricesIncludeVAT(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"""
                    {"account_id": "\#(world.manager1Accounts[0].id)", "prices_include_tax": true,
                     "lines": [{"description": "Laptop", "unit_price": "11200"}],
                     "adjustments": [{"kind": "charge", "amount": "112", "reason": "Delivery"}]}
                    """#)
            let id = try #require(try created.json()["id"] as? String)
            #expect(try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).status == .ok)
            let session = try await client.login("manager1@test.ph")
            var page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains("All prices include VAT."))
            #expect(page.text.contains("Delivery") && page.text.contains("₱112.00") && page.text.contains("₱100.00"))
            try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains("Kasama na ang VAT sa lahat ng presyo."))
            #expect(page.text.contains("Dagdag: Delivery"))
            let print = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            #expect(print.text.contains(#"id="prices-include-vat""#))
            #expect(print.text.contains("Add: Delivery (VATable, net of VAT)"))
            let pdf = try await client.api(.get, "/api/v1/invoices/\(id)/pdf", token: token)
            if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
                for expected in [
                    "All prices include VAT.", "Add: Delivery (VATable, net of VAT)", "PHP 100.00", "PHP 11,312.00",
                ] {
                    #expect(text.contains(expected), "PDF text lacks \(expected)")
                }
            }
        }
    }

    /// A percentage discount exports with its percentage (BT-94) and base (BT-93), VAT-exclusive and VAT-inclusive,
    /// and passes the UBL 2.1 XSD and the EN 16931 Schematron.
    @Test(.ublValidation)
    func aPercentageDiscountPassesTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await withWebApp(.sqlite) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            var documents: [String: String] = [:]
            for (name, body) in [
                (
                    "exclusive",
                    #"{"account_id": "\#(account)", "lines": \#(InvoicesAPITests.mixedLines), "adjustments": [{"kind": "allowance", "percent": "5", "reason": "Loyalty"}, {"kind": "charge", "amount": "250", "reason": "Delivery"}, {"kind": "allowance", "amount": "50", "tax_category": "exempt"}]}"#
                ),
                (
                    "inclusive",
                    #"{"account_id": "\#(account)", "prices_include_tax": true, "lines": [{"description": "Laptop", "unit_price": "11200"}, {"description": "Book", "unit_price": "7000", "tax_category": "exempt"}], "adjustments": [{"kind": "allowance", "percent": "5"}]}"#
                ),
            ] {
                let created = try await client.api(.post, "/api/v1/invoices", token: token, json: body)
                let id = try #require(try created.json()["id"] as? String, "\(created.text)")
                let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
                #expect(issued.status == .ok, "\(issued.text)")
                let ubl = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
                documents[name] = String(buffer: ubl.body)
            }
            // mixedLines: VATable 2,000, exempt 450, zero-rated 2,500; 5% of 4,950 = 247.50 shared 100 / 125 / 22.50.
            let exclusive = try #require(documents["exclusive"])
            for expected in [
                "<cbc:MultiplierFactorNumeric>5</cbc:MultiplierFactorNumeric>",
                #"<cbc:Amount currencyID="PHP">100.00</cbc:Amount>"#,
                #"<cbc:BaseAmount currencyID="PHP">2000.00</cbc:BaseAmount>"#,
                #"<cbc:Amount currencyID="PHP">125.00</cbc:Amount>"#,
                #"<cbc:BaseAmount currencyID="PHP">2500.00</cbc:BaseAmount>"#,
                #"<cbc:Amount currencyID="PHP">22.50</cbc:Amount>"#,
                #"<cbc:BaseAmount currencyID="PHP">450.00</cbc:BaseAmount>"#,
            ] {
                #expect(exclusive.contains(expected), "UBL lacks \(expected)")
            }
            // A fixed discount and the charge carry no percentage.
            #expect(exclusive.components(separatedBy: "<cbc:MultiplierFactorNumeric>").count == 4)
            // VAT-inclusive: the VAT-exclusive base of the VATable group (10,000) and allowance (500).
            let inclusive = try #require(documents["inclusive"])
            #expect(inclusive.contains(#"<cbc:BaseAmount currencyID="PHP">10000.00</cbc:BaseAmount>"#))
            #expect(inclusive.contains(#"<cbc:Amount currencyID="PHP">500.00</cbc:Amount>"#))
            for (name, outcome) in try await validators.validate(documents) {
                #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
                #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.assertions.map { "\($0.id) \($0.text)" })")
            }
        }
    }
}
