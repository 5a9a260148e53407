import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The money pages (issue 12): receivables aging, payments with their allocations, recording a payment through the
/// form, statement imports and the review queue — for the accountant with real data, and what a manager may see.
@Suite(.timeLimit(.minutes(20))) struct PaymentPagesTests {
    /// A world whose invoices issue without a legal profile, a company bank account numbered as the MT940
    /// fixture's, and Tala Foods (manager1's) withholding 2% EWT on services.
    static func prepare(_ world: TestWorld) async throws -> BankAccount {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        _ = try await world.services.payments.saveWithholdingProfile(
            .services, accountID: world.manager1Accounts[0].id, viewer: world.accountant.viewer, expectedVersion: 0)
        return try await world.services.payments.createBankAccount(
            BankAccountDraft(name: "BDO peso", bank: "BDO Unibank", number: "001234567890", iban: nil, currency: "PHP"),
            viewer: world.accountant.viewer)
    }

    /// An issued invoice of `net` + 12% VAT for `account`, by `owner`.
    static func invoice(_ world: TestWorld, account: Account, net: String, owner: User) async throws -> Invoice {
        var line = LineDraft()
        line.description = "Consulting"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        return try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    static func open(_ world: TestWorld, _ invoice: Invoice) async throws -> Money {
        try #require(try await world.services.invoices.balances(of: [invoice])[invoice.id]).open
    }

    static func fixture() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BentaFormatsTests/Fixtures/bank/mt940/ph-balanced.sta")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Uploads the MT940 fixture through the statements page.
    static func upload(
        _ client: any TestClientProtocol, as session: BrowserSession, bankAccount: String = ""
    ) async throws -> TestResponse {
        let body = ImportPagesTests.multipart(
            [("_csrf", session.csrf), ("bank_account_id", bankAccount), ("profile", "")],
            file: ("file", "ph-balanced.sta", "text/plain", try fixture()))
        return try await client.execute(
            uri: "/bank-statements", method: .post,
            headers: [.cookie: "benta_session=\(session.cookie)", .contentType: body.type],
            body: ByteBuffer(string: body.body))
    }

    /// Every page renders for the accountant with real data: the aging, the payment net of 2% EWT with its
    /// withholding line and a reverse button (which reverses and marks it), the statement import with its counts,
    /// the queue line from the MT940 file, and the menu entries.
    @Test(arguments: TestEngine.available)
    func everyMoneyPageRendersForTheAccountant(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await Self.prepare(world)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "100000", owner: world.manager1)
            let number = try #require(invoice.number)
            let detail = try await world.services.payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: "2026-12-01", amount: "110000",
                    method: "bank_transfer", reference: "BDO-778812",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "110000")]),
                viewer: world.accountant.viewer)
            let session = try await client.login("accountant@test.ph")

            // Today (Nov 30) the payment of Dec 1 does not count yet: the invoice is open and not yet due.
            let aging = try await client.browse(.get, "/receivables", as: session)
            #expect(aging.status == .ok)
            #expect(aging.text.contains(">Receivables</a>") && aging.text.contains(">Payments</a>"))
            #expect(aging.text.contains("<caption>As of Nov 30, 2026</caption>"))
            #expect(aging.text.contains("<td class=\"num\">₱112,000.00</td><td class=\"num\">₱0.00</td>"))
            // As of the payment's day, settled by cash plus EWT: nothing open, so nothing to age.
            let paid = try await client.browse(.get, "/receivables?as_of=2026-12-01", as: session)
            #expect(paid.text.contains("Nothing is open on this date."))

            let list = try await client.browse(.get, "/payments", as: session)
            #expect(list.status == .ok && list.text.contains("href=\"/payments/\(detail.payment.id)\""))
            #expect(list.text.contains("Tala Foods") && list.text.contains("₱110,000.00"))

            var page = try await client.browse(.get, "/payments/\(detail.payment.id)", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/invoices/\(invoice.id)\">\(number)</a>"))
            #expect(page.text.contains("EWT WC160 2%: ₱2,000.00"))
            let allocation = try #require(detail.allocations.first)
            #expect(page.text.contains("action=\"/payments/allocations/\(allocation.id)/reverse\""))
            let reversed = try await client.browse(
                .post, "/payments/allocations/\(allocation.id)/reverse", as: session,
                form: [("payment_id", detail.payment.id.description)])
            #expect(reversed.status == .seeOther)
            page = try await client.browse(.get, "/payments/\(detail.payment.id)", as: session)
            #expect(page.text.contains(">Reversed</span>") && page.text.contains(">Reversal</span>"))
            #expect(!page.text.contains("/reverse\""))
            #expect(page.text.contains("<dd id=\"unallocated\">₱110,000.00</dd>"))
            #expect(try await Self.open(world, invoice) == (try Money(decimalString: "112000", currency: .php)))

            // The invoice is open again: it ages, by customer with a link, and in the per-currency totals.
            let again = try await client.browse(.get, "/receivables?as_of=2026-12-01&group=customer", as: session)
            #expect(again.text.contains("href=\"/accounts/\(tala.id)\">Tala Foods"))
            #expect(again.text.contains("<tfoot>") && again.text.contains("₱112,000.00"))
            let byManager = try await client.browse(.get, "/receivables?group=manager", as: session)
            #expect(byManager.text.contains(world.manager1.name))

            let form = try await client.browse(.get, "/bank-statements", as: session)
            #expect(form.status == .ok && form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("No statements imported yet."))
            let imported = try await Self.upload(client, as: session)
            #expect(imported.status == .ok)
            #expect(imported.text.contains("id=\"import-result\""))
            #expect(imported.text.contains("ph-balanced.sta") && imported.text.contains("mt940"))
            // The same file again adds nothing.
            let twice = try await Self.upload(client, as: session)
            #expect(twice.text.contains("New lines: 0"))

            let queue = try await client.browse(.get, "/bank-statements/queue", as: session)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("Tala Foods Trading Corp") && queue.text.contains("₱112,000.00"))
            #expect(queue.text.contains("Bayad para sa INV-2026-000123"))
            // Set aside as not a customer payment, it leaves the queue and records nothing.
            let line = try #require(
                try await world.services.payments.statementLines(
                    viewer: world.accountant.viewer, status: .unmatched, statementID: nil,
                    page: PageRequest(limit: 10)
                ).items.first)
            #expect(queue.text.contains("action=\"/bank-statements/lines/\(line.id)/ignore\""))
            let ignored = try await client.browse(
                .post, "/bank-statements/lines/\(line.id)/ignore", as: session, form: [])
            #expect(ignored.status == .seeOther)
            let empty = try await client.browse(.get, "/bank-statements/queue", as: session)
            #expect(empty.text.contains("No statement lines wait for review."))

            let filipino = try await client.browse(
                .post, "/profile/language", as: session, form: [("language", "fil")])
            #expect(filipino.status == .seeOther)
            let tagalog = try await client.browse(.get, "/payments", as: session)
            #expect(tagalog.text.contains(">Mga Bayad</a>") && tagalog.text.contains(">Mga Singilin</a>"))
        }
    }

    /// The form offers the customer's open invoices after "Show invoices"; a bad amount is shown beside its field
    /// and records nothing; a good one records the payment, net of 2% EWT, and settles the invoice.
    @Test(arguments: TestEngine.available)
    func recordingAPaymentThroughTheFormSettlesTheInvoice(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let bank = try await Self.prepare(world)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "100000", owner: world.manager1)
            let session = try await client.login("accountant@test.ph")
            let blank = try await client.browse(.get, "/payments/new", as: session)
            #expect(blank.status == .ok && !blank.text.contains("<option value=\"\(invoice.id)\""))
            #expect(blank.text.contains("<option value=\"\(bank.id)\">"))
            let shown = try await client.browse(
                .post, "/payments", as: session,
                form: [("account_id", tala.id.description), ("amount", "110000"), ("action", "invoices")])
            #expect(shown.status == .ok && shown.text.contains("<option value=\"\(invoice.id)\">"))
            #expect(shown.text.contains("value=\"110000\""))

            func fields(amount: String, row: String) -> [(String, String)] {
                [
                    ("account_id", tala.id.description), ("received_on", "2026-12-01"), ("amount", amount),
                    ("currency", "PHP"), ("method", "bank_transfer"), ("reference", "BDO-1"),
                    ("bank_account_id", bank.id.description), ("allocations[0][invoice_id]", invoice.id.description),
                    ("allocations[0][amount]", row), ("allocations[0][withholding]", "default"),
                ]
            }
            let bad = try await client.browse(
                .post, "/payments", as: session, form: fields(amount: "110,000", row: "abc"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<p class=\"field-error\" id=\"amount-error\">"))
            #expect(bad.text.contains("<p class=\"field-error\" id=\"allocations-0-amount-error\">"))
            #expect(bad.text.contains("value=\"abc\""))
            let tooMuch = try await client.browse(
                .post, "/payments", as: session, form: fields(amount: "200000", row: "200000"))
            #expect(tooMuch.status == .unprocessableContent)
            #expect(
                tooMuch.text.contains(
                    "id=\"allocations-0-amount-error\">This is more than what is still open on the invoice."))
            let none = try await world.services.payments.list(
                viewer: world.accountant.viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(none.items.isEmpty)

            let made = try await client.browse(
                .post, "/payments", as: session, form: fields(amount: "110000", row: "110000"))
            #expect(made.status == .seeOther)
            #expect(made.headers[.location]?.hasPrefix("/payments/") == true)
            #expect(try await Self.open(world, invoice) == .zero(.php))
            let after = try await client.browse(
                .get, "/payments/new?account_id=\(tala.id)", as: session)
            #expect(after.text.contains("This customer has no open invoices"))
        }
    }

    /// A line of the imported MT940 file, confirmed as Tala Foods' payment of its invoice, records the payment and
    /// leaves the queue; confirming it again is refused.
    @Test(arguments: TestEngine.available)
    func confirmingAQueueLineRecordsThePayment(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await Self.prepare(world)
            let tala = world.manager1Accounts[0]
            let invoice = try await Self.invoice(world, account: tala, net: "100000", owner: world.manager1)
            let session = try await client.login("accountant@test.ph")
            #expect(try await Self.upload(client, as: session).status == .ok)
            let lines = try await world.services.payments.statementLines(
                viewer: world.accountant.viewer, status: .unmatched, statementID: nil, page: PageRequest(limit: 10))
            let line = try #require(lines.items.first)
            let form = try await client.browse(.get, "/bank-statements/lines/\(line.id)/confirm", as: session)
            #expect(form.status == .ok && form.text.contains("value=\"112000.00\""))
            let shown = try await client.browse(
                .post, "/bank-statements/lines/\(line.id)/confirm", as: session,
                form: [("account_id", tala.id.description), ("action", "invoices")])
            #expect(shown.text.contains("<option value=\"\(invoice.id)\">"))
            let confirmed = try await client.browse(
                .post, "/bank-statements/lines/\(line.id)/confirm", as: session,
                form: [
                    ("account_id", tala.id.description), ("allocations[0][invoice_id]", invoice.id.description),
                    ("allocations[0][amount]", "112000.00"), ("allocations[0][withholding]", "none"),
                ])
            #expect(confirmed.status == .seeOther)
            #expect(try await Self.open(world, invoice) == .zero(.php))
            let queue = try await client.browse(.get, "/bank-statements/queue", as: session)
            #expect(queue.text.contains("No statement lines wait for review."))
            let payments = try await world.services.payments.list(
                viewer: world.accountant.viewer, accountID: tala.id, page: PageRequest(limit: 10))
            #expect(payments.items.map(\.payment.amount) == [try Money(decimalString: "112000", currency: .php)])
            // Confirmed once: a second confirm is refused and records nothing more.
            let again = try await client.browse(
                .post, "/bank-statements/lines/\(line.id)/confirm", as: session,
                form: [("account_id", tala.id.description)])
            #expect(again.status == .conflict)
        }
    }

    /// A manager reads receivables for their own customers only, under "My overdue customers", and gets 403 on
    /// the finance pages; the menu offers them Receivables, not Payments.
    @Test(arguments: TestEngine.available)
    func aManagerSeesOnlyTheirOwnCustomers(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await Self.prepare(world)
            _ = try await Self.invoice(world, account: world.manager1Accounts[0], net: "1000", owner: world.manager1)
            _ = try await Self.invoice(world, account: world.manager2Accounts[0], net: "2000", owner: world.manager2)
            let accountant = try await client.login("accountant@test.ph")
            let all = try await client.browse(.get, "/receivables", as: accountant)
            #expect(all.text.contains("Tala Foods") && all.text.contains("Dagat Logistics"))

            let session = try await client.login("manager1@test.ph")
            let mine = try await client.browse(.get, "/receivables", as: session)
            #expect(mine.status == .ok)
            #expect(mine.text.contains("My overdue customers") && mine.text.contains("id=\"my-customers-note\""))
            #expect(mine.text.contains("Tala Foods") && !mine.text.contains("Dagat Logistics"))
            #expect(mine.text.contains(">Receivables</a>") && !mine.text.contains("href=\"/payments\""))
            for path in ["/payments", "/payments/new", "/bank-statements", "/bank-statements/queue"] {
                #expect(try await client.browse(.get, path, as: session).status == .forbidden, "\(path)")
            }
        }
    }
}
