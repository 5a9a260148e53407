import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct InvoicesAPITests {
    static let key = HTTPField.Name("Idempotency-Key")!

    /// The BIR acknowledgement in the settings and a billing address on Tala Foods: what a PH invoice needs.
    static func prepare(_ client: any TestClientProtocol, world: TestWorld) async throws {
        let admin = try await world.token(world.admin)
        let saved = try await client.api(
            .put, "/api/v1/settings/invoicing", token: admin,
            json:
                #"{"acknowledgement_number": "AC-123-456789-2024", "acknowledgement_date": "2024-05-02", "version": 0}"#
        )
        #expect(saved.status == .ok)
        let manager = try await world.token(world.manager1)
        let patched = try await client.api(
            .patch, "/api/v1/accounts/\(world.manager1Accounts[0].id)", token: manager,
            json: #"{"billing_address": "12 Rizal Street, Santo Niño, Marikina City", "version": 1}"#)
        #expect(patched.status == .ok)
    }

    static let mixedLines = """
        [{"description": "Laser printer", "quantity": "2", "unit": "pc", "unit_price": "1000.00"},
         {"description": "Aklat ng Pagbebenta", "quantity": "1", "unit": "pc", "unit_price": "450", "tax_category": "exempt"},
         {"description": "Remote support for a foreign client", "quantity": "1", "unit_price": "2500", "tax_category": "zero_rated"}]
        """

    @Test(arguments: TestEngine.available)
    func anInvoiceIsDraftedIssuedOnceAndCorrectedByCreditNotes(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let body =
                #"{"account_id": "\#(account)", "contact_id": "\#(world.manager1Contact.id)", "lines": \#(Self.mixedLines)}"#
            // Creation is idempotent: the same key and body give the same draft back, another body is refused.
            let first = try await client.api(
                .post, "/api/v1/invoices", token: token, json: body, headers: [Self.key: "k-1"])
            #expect(first.status == .created)
            let again = try await client.api(
                .post, "/api/v1/invoices", token: token, json: body, headers: [Self.key: "k-1"])
            #expect(again.status == .created)
            let invoice = try first.json()
            let id = try #require(invoice["id"] as? String)
            #expect(try again.json()["id"] as? String == id)
            let reused = try await client.api(
                .post, "/api/v1/invoices", token: token, json: #"{"account_id": "\#(account)"}"#,
                headers: [Self.key: "k-1"])
            #expect(reused.status == .unprocessableContent)
            let drafts = try await client.api(.get, "/api/v1/invoices?status=draft", token: token).json()
            #expect((drafts["data"] as? [Any])?.count == 1)
            #expect(invoice["status"] as? String == "draft" && invoice["number"] is NSNull)
            let totals = try #require(invoice["totals"] as? [String: Any])
            #expect(totals["vatable_sales"] as? String == "2000.00" && totals["exempt_sales"] as? String == "450.00")
            #expect(totals["zero_rated_sales"] as? String == "2500.00" && totals["total_tax"] as? String == "240.00")
            #expect(totals["total_with_tax"] as? String == "5190.00")

            // A PH invoice cannot be issued without its critical fields; the answer names each one.
            let refused = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(refused.status == .unprocessableContent)
            let missing = Set(
                (try refused.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
            #expect(missing.isSuperset(of: ["buyer.address", "settings.acknowledgement_number"]))
            try await Self.prepare(client, world: world)

            let issued = try await client.api(
                .post, "/api/v1/invoices/\(id)/issue", token: token, json: #"{"version": 1}"#,
                headers: [Self.key: "issue-1"])
            #expect(issued.status == .ok)
            let document = try issued.json()
            let number = try #require(document["number"] as? String)
            #expect(number == "INV-2026-000001" && document["status"] as? String == "issued")
            #expect(
                document["issue_date"] as? String == "2026-11-30" && document["due_date"] as? String == "2026-12-30")
            let reference = try #require(document["payment_reference"] as? String)
            #expect(CreditorReference.isValid(reference) && reference.hasSuffix("INV2026000001"))
            #expect((document["buyer"] as? [String: Any])?["tin"] as? String == "111-222-333-00000")
            // The same issue request again answers as before; without the key it is refused: issued once.
            let replay = try await client.api(
                .post, "/api/v1/invoices/\(id)/issue", token: token, json: #"{"version": 1}"#,
                headers: [Self.key: "issue-1"])
            #expect(replay.status == .ok)
            #expect(try replay.json()["number"] as? String == number)
            let twice = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(twice.status == .conflict)
            let edit = try await client.api(
                .patch, "/api/v1/invoices/\(id)", token: token, json: #"{"notes": "x", "version": 2}"#)
            #expect(edit.status == .conflict)
            #expect(try edit.json()["code"] as? String == "invoice_not_editable")
            #expect(try await client.api(.delete, "/api/v1/invoices/\(id)", token: token).status == .conflict)

            // The PDF carries what RR 7-2024 asks for.
            let pdf = try await client.api(.get, "/api/v1/invoices/\(id)/pdf", token: token)
            #expect(pdf.headers[.contentType] == "application/pdf")
            if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
                for expected in [
                    "SALES INVOICE", number, "2026-11-30", "VAT Reg. TIN 009-123-456-00000", "Tala Foods Corp.",
                    "TIN 111-222-333-00000", "Santo Niño", "Laser printer", "Aklat ng Pagbebenta", "VATable Sales",
                    "VAT-Exempt Sales", "Zero-Rated Sales", "PHP 2,000.00", "PHP 240.00", "PHP 5,190.00", "Net 30",
                    "2026-12-30", "AC-123-456789-2024", "VAT-EXEMPT SALE", "ZERO-RATED SALE",
                    "Five Thousand One Hundred Ninety Pesos",
                ] {
                    #expect(text.contains(expected), "PDF text lacks \(expected)")
                }
            }

            // Credit notes: never more than is open; partial by line, then the rest by amount.
            let tooMuch = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token,
                json: #"{"reason": "Goodwill", "amount": "5190.01"}"#)
            #expect(tooMuch.status == .unprocessableContent)
            let partial = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token,
                json: #"{"reason": "One printer returned", "lines": [{"line": 0, "quantity": "1"}]}"#,
                headers: [Self.key: "cn-1"])
            #expect(partial.status == .created)
            let note = try partial.json()
            #expect(note["number"] as? String == "CN-2026-000001" && note["kind"] as? String == "credit_note")
            #expect((note["totals"] as? [String: Any])?["total_with_tax"] as? String == "1120.00")
            #expect(note["corrects_invoice_id"] as? String == id)
            let full = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token, json: #"{"reason": "All", "full": true}"#)
            #expect(full.status == .conflict)
            var after = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            #expect((after["balance"] as? [String: Any])?["open"] as? String == "4070.00")
            // An amount credit stays within its category: the VATable part has only 1,120.00 open.
            let wrongCategory = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token,
                json: #"{"reason": "Order cancelled", "amount": "4070.00", "tax_category": "vatable"}"#)
            #expect(wrongCategory.status == .unprocessableContent)
            #expect(
                (try wrongCategory.json()["errors"] as? [[String: Any]])?.map { $0["code"] as? String }
                    == ["exceeds_open_amount"])
            for (amount, category) in [("1120.00", "vatable"), ("450.00", "exempt"), ("2500.00", "zero_rated")] {
                let rest = try await client.api(
                    .post, "/api/v1/invoices/\(id)/credit-notes", token: token,
                    json: #"{"reason": "Order cancelled", "amount": "\#(amount)", "tax_category": "\#(category)"}"#)
                #expect(rest.status == .created)
            }
            after = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
            #expect(after["status"] as? String == "cancelled")
            #expect((after["balance"] as? [String: Any])?["open"] as? String == "0.00")
            #expect(
                try await client.api(
                    .post, "/api/v1/invoices/\(id)/credit-notes", token: token,
                    json: #"{"reason": "More", "amount": "0.01"}"#
                ).status == .unprocessableContent)

            // The register (sales book) lists the number in order; CSV for the accountant; not for managers.
            let accountant = try await world.token(world.accountant)
            let register = try await client.api(
                .get, "/api/v1/invoice-register?from=2026-11-01&to=2026-12-01", token: accountant)
            let rows = try #require(try register.json()["data"] as? [[String: Any]])
            #expect(rows.map { $0["number"] as? String } == [number])
            // Fully credited: still in the book, marked cancelled.
            #expect(rows.first?["status"] as? String == "cancelled" && rows.first?["credited"] as? String == "5190.00")
            let notes = try await client.api(
                .get, "/api/v1/invoice-register?kind=credit_note&from=2026-11-01&to=2026-12-01", token: accountant)
            #expect((try notes.json()["data"] as? [Any])?.count == 4)
            let csv = try await client.api(
                .get, "/api/v1/invoice-register?from=2026-11-01&to=2026-12-01&format=csv", token: accountant)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: csv.body).contains("\(number),2026-11-30,Tala Foods Corp.,111-222-333-00000,PHP"))
            #expect(try await client.api(.get, "/api/v1/invoice-register", token: token).status == .forbidden)

            // Another manager sees none of it.
            let other = try await world.token(world.manager2)
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/invoices/\(id)"), (.get, "/api/v1/invoices/\(id)/pdf"),
                (.post, "/api/v1/invoices/\(id)/issue"), (.delete, "/api/v1/invoices/\(id)"),
            ] {
                #expect(try await client.api(method, path, token: other).status == .notFound, "\(path)")
            }
            #expect(
                try await client.api(
                    .post, "/api/v1/invoices/\(id)/credit-notes", token: other, json: #"{"reason": "x", "full": true}"#
                ).status == .notFound)
            #expect(
                (try await client.api(.get, "/api/v1/invoices", token: other).json()["data"] as? [Any])?.isEmpty
                    == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func badInvoicesAreRefusedAndChangeNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await Self.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            let bad = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: """
                    {"account_id": "\(account)", "payment_terms": "someday", "lines": [
                      {"description": "x", "quantity": "abc", "unit_price": "1"},
                      {"description": "y", "quantity": "1", "unit_price": "1", "rate_percent": "twelve"}]}
                    """)
            #expect(bad.status == .unprocessableContent)
            let fields = Set(
                (try bad.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
            #expect(fields == ["payment_terms", "lines[0].quantity", "lines[1].rate_percent"])
            let float = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "lines": [{"description": "x", "quantity": 1.5, "unit_price": "1"}]}"#
            )
            #expect(float.status == .badRequest)
            #expect(
                (try await client.api(.get, "/api/v1/invoices", token: token).json()["data"] as? [Any])?.isEmpty
                    == true)
            // A dollar invoice needs its exchange rate before it is issued; then the VAT shows in pesos too.
            let usd = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: """
                    {"account_id": "\(account)", "currency": "USD",
                     "lines": [{"description": "Consulting", "quantity": "10", "unit": "hour", "unit_price": "100"}]}
                    """)
            let usdID = try #require(try usd.json()["id"] as? String)
            let noRate = try await client.api(.post, "/api/v1/invoices/\(usdID)/issue", token: token)
            #expect(noRate.status == .unprocessableContent)
            _ = try await client.api(
                .patch, "/api/v1/invoices/\(usdID)", token: token,
                json: #"{"exchange_rate": "56.25", "exchange_rate_date": "2026-11-28", "version": 1}"#)
            let issued = try await client.api(.post, "/api/v1/invoices/\(usdID)/issue", token: token).json()
            #expect(issued["vat_in_base_currency"] as? String == "6750.00")
            #expect((issued["totals"] as? [String: Any])?["total_tax"] as? String == "120.00")
            // A credit note in another currency is refused.
            let mixed = try await client.api(
                .post, "/api/v1/invoices/\(usdID)/credit-notes", token: token,
                json: #"{"reason": "x", "amount": "10.005"}"#)
            #expect(mixed.status == .unprocessableContent)
            // Instalments: due at the last part; the PDF lists every part, adding up to the total.
            let split = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "payment_terms": "inst_30:50,60:50", "lines": [{"description": "Fit-out", "unit_price": "1000.01"}]}"#
            )
            let splitID = try #require(try split.json()["id"] as? String)
            let splitIssued = try await client.api(.post, "/api/v1/invoices/\(splitID)/issue", token: token).json()
            #expect(splitIssued["due_date"] as? String == "2027-01-29")
            #expect(splitIssued["payment_terms_text"] as? String == "50% in 30 days, 50% in 60 days")
            let splitPDF = try await client.api(.get, "/api/v1/invoices/\(splitID)/pdf", token: token)
            if let text = try await PDFText.extract(Array(buffer: splitPDF.body)) {
                #expect(text.contains("2026-12-30: PHP 560.01") && text.contains("2027-01-29: PHP 560.00"))
            }
            // A document-level charge has its own tax category and adds to its VAT group; a catalogue price in
            // pesos cannot silently price a dollar invoice.
            let charged = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(account)", "discount": "100", "charge": "250", "charge_reason": "Delivery to Cebu", "lines": [{"description": "Printer", "unit_price": "1000"}]}"#
            )
            let chargedJSON = try charged.json()
            #expect(
                chargedJSON["charge"] as? String == "250.00"
                    && chargedJSON["charge_reason"] as? String == "Delivery to Cebu")
            #expect((chargedJSON["totals"] as? [String: Any])?["total_without_tax"] as? String == "1150.00")
            #expect((chargedJSON["totals"] as? [String: Any])?["total_tax"] as? String == "138.00")
            let badCharge = try await client.api(
                .post, "/api/v1/invoices", token: token, json: #"{"account_id": "\#(account)", "charge": "-5"}"#)
            #expect(badCharge.status == .unprocessableContent)
            let head = try await world.token(world.head)
            let product = try await client.api(
                .post, "/api/v1/products", token: head,
                json: #"{"code": "PRN", "name": "Printer", "unit": "pc", "unit_price": "18990.00"}"#)
            let productID = try #require(try product.json()["id"] as? String)
            let mixedCurrency = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(account)", "currency": "USD", "lines": [{"product_id": "\#(productID)"}]}"#)
            #expect(mixedCurrency.status == .unprocessableContent)
            #expect(
                (try mixedCurrency.json()["errors"] as? [[String: Any]])?.first?["code"] as? String
                    == "currency_mismatch")
            // A draft may be discarded; nothing of it remains.
            let draft = try await client.api(
                .post, "/api/v1/invoices", token: token, json: #"{"account_id": "\#(account)"}"#)
            let draftID = try #require(try draft.json()["id"] as? String)
            #expect(try await client.api(.delete, "/api/v1/invoices/\(draftID)", token: token).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/invoices/\(draftID)", token: token).status == .notFound)
        }
    }

    /// Fifty invoices issued at once get exactly INV-…-000001 … 000050: no gap, no duplicate.
    @Test(arguments: TestEngine.available)
    func fiftyConcurrentIssuesGetFiftyConsecutiveNumbers(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await Self.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            var ids: [String] = []
            for index in 0..<50 {
                let created = try await client.api(
                    .post, "/api/v1/invoices", token: token,
                    json:
                        #"{"account_id": "\#(account)", "lines": [{"description": "Item \#(index)", "unit_price": "100"}]}"#
                )
                ids.append(try #require(try created.json()["id"] as? String))
            }
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for id in ids {
                    group.addTask {
                        try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).json()["number"]
                            as? String
                    }
                }
                return try await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
            }
            #expect(numbers.sorted() == (1...50).map { String(format: "INV-2026-%06d", $0) })
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct NumberSeriesAPITests {
    @Test(arguments: TestEngine.available)
    func anAdminChangesAFormatAndNumberingContinues(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let admin = try await world.token(world.admin)
            let manager = try await world.token(world.manager1)
            let listed = try await client.api(.get, "/api/v1/settings/number-series", token: manager).json()
            let invoice = (listed["data"] as? [[String: Any]])?.first { $0["type"] as? String == "invoice" }
            #expect(invoice?["next_number"] as? String == "INV-2026-000001")
            let refused = try await client.api(
                .put, "/api/v1/settings/number-series/invoice", token: manager, json: #"{"format": "SI-{SEQ:5}"}"#)
            #expect(refused.status == .forbidden)
            let bad = try await client.api(
                .put, "/api/v1/settings/number-series/invoice", token: admin,
                json: #"{"format": "SI-{YYYY}", "version": 1}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(
                try await client.api(
                    .put, "/api/v1/settings/number-series/receipt", token: admin,
                    json: #"{"format": "R-{SEQ}", "version": 1}"#
                ).status == .unprocessableContent)
            let account = world.manager1Accounts[0].id
            func issueOne() async throws -> String? {
                let created = try await client.api(
                    .post, "/api/v1/invoices", token: manager,
                    json: #"{"account_id": "\#(account)", "lines": [{"description": "x", "unit_price": "1"}]}"#)
                let id = try #require(try created.json()["id"] as? String)
                return try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: manager).json()["number"]
                    as? String
            }
            #expect(try await issueOne() == "INV-2026-000001")
            let changed = try await client.api(
                .put, "/api/v1/settings/number-series/invoice", token: admin,
                json: #"{"format": "SI-{YY}{MM}-{SEQ:5}", "version": 1}"#)
            #expect(changed.status == .ok)
            #expect(try changed.json()["version"] as? Int == 2)
            #expect(try changed.json()["next_number"] as? String == "SI-2611-00002")
            #expect(try await issueOne() == "SI-2611-00002")
        }
    }
}
