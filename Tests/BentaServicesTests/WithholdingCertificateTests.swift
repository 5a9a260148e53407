import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

/// BIR Form 2307 certificates and collection receipts (issue 12), through the payment service on both engines: an
/// invoice settled by cash + EWT is paid and "2307 pending" until its certificate is recorded; a certificate is
/// refused as a whole for an allocation it may not cover; the pending report sums per customer and quarter and
/// follows visibility; collection receipts are numbered gaplessly, once per payment, and print what DOMAIN.md asks.
@Suite(.timeLimit(.minutes(20))) struct WithholdingCertificateTests {
    typealias P = PaymentServiceTests

    /// Settles `invoice` in full on `date`: cash = open − the customer's default withholding.
    static func settle(
        _ world: TestWorld, _ account: Account, _ invoice: Invoice, cash: String, on date: String = "2026-12-01",
        withholdings: [WithholdingDraft]? = nil
    ) async throws -> PaymentDetail {
        var draft = P.payment(
            account, amount: cash,
            allocations: [
                AllocationDraft(invoiceID: invoice.id.description, amount: cash, withholdings: withholdings)
            ])
        draft.receivedOn = date
        return try await world.services.payments.record(draft, viewer: world.accountant.viewer)
    }

    static func certificate(
        _ account: Account, _ allocations: [PaymentAllocation.ID], period: String = "2026-Q4", number: String = "A-1"
    ) -> CertificateDraft {
        CertificateDraft(
            accountID: account.id.description, number: number, period: period, receivedOn: "2027-01-20",
            allocationIDs: allocations.map(\.description))
    }

    /// The field and code of the validation refusal `work` throws.
    static func refusal(_ work: () async throws -> Void) async -> [String] {
        do {
            try await work()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field) \($0.code)" }
        } catch {
            return ["\(error)"]
        }
    }

    static func pending(_ world: TestWorld, _ viewer: Viewer, quarter: String? = nil) async throws -> [String] {
        var rows: [String] = []
        var cursor: String?
        repeat {
            let page = try await world.services.payments.pendingCertificates(
                viewer: viewer, quarter: quarter.flatMap(TaxQuarter.init(text:)),
                page: PageRequest(limit: 1, cursor: cursor))
            rows += page.items.map {
                "\($0.accountName) \($0.quarter) \($0.amount.decimalString) \($0.allocationCount)"
            }
            cursor = page.nextCursor
        } while cursor != nil
        return rows
    }

    /// ₱112,000 settled by ₱110,000 cash and ₱2,000 EWT: paid, nothing open, and "2307 pending"; recording the
    /// certificate clears the flag and the pending report.
    @Test(arguments: TestEngine.available)
    func recordingThe2307ClearsPending(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await P.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            _ = try await payments.saveWithholdingProfile(
                .services, accountID: tala.id, viewer: world.accountant.viewer, expectedVersion: 0)
            let invoice = try await P.invoice(world, account: tala, net: "100000")
            let detail = try await Self.settle(world, tala, invoice, cash: "110000")
            let allocation = try #require(detail.allocations.first)
            #expect(allocation.withheld == (try P.php("2000")))
            var balance = try await P.open(world, invoice)
            #expect(balance.open.isZero)
            #expect(balance.status(of: invoice, today: CalendarDate(iso8601: "2026-12-02")!) == .paid)
            #expect(balance.certificatePending)
            #expect(try await Self.pending(world, world.accountant.viewer) == ["Tala Foods 2026-Q4 2000.00 1"])

            let certificate = try await payments.recordCertificate(
                Self.certificate(tala, [allocation.id]), viewer: world.accountant.viewer)
            #expect(certificate.period.description == "2026-Q4")
            #expect(certificate.allocationIDs == [allocation.id])
            balance = try await P.open(world, invoice)
            #expect(!balance.certificatePending)
            #expect(balance.open.isZero)
            #expect(try await Self.pending(world, world.accountant.viewer).isEmpty)
        }
    }

    /// Another customer's allocation, one without withholding, a reversed one, one already covered, a reversal, one
    /// outside the quarter: each refused naming its `allocation_ids[i]`, with nothing written (the good allocation
    /// listed with it stays pending).
    @Test(arguments: TestEngine.available)
    func refusedAllocationsWriteNothing(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await P.world(database)
            let (tala, dagat) = (world.manager1Accounts[0], world.manager2Accounts[0])
            let payments = world.services.payments
            let accountant = world.accountant.viewer
            for account in [tala, dagat] {
                _ = try await payments.saveWithholdingProfile(
                    .services, accountID: account.id, viewer: accountant, expectedVersion: 0)
            }
            let good = try #require(
                try await Self.settle(
                    world, tala, try await P.invoice(world, account: tala, net: "100000"), cash: "110000"
                ).allocations.first)
            let covered = try #require(
                try await Self.settle(
                    world, tala, try await P.invoice(world, account: tala, net: "50000"), cash: "55000"
                ).allocations.first)
            _ = try await payments.recordCertificate(Self.certificate(tala, [covered.id]), viewer: accountant)
            let other = try #require(
                try await Self.settle(
                    world, dagat, try await P.invoice(world, account: dagat, net: "100000", owner: world.manager2),
                    cash: "110000"
                ).allocations.first)
            let plain = try #require(
                try await Self.settle(
                    world, tala, try await P.invoice(world, account: tala, net: "10000"), cash: "11200",
                    withholdings: []
                ).allocations.first)
            let undone = try #require(
                try await Self.settle(
                    world, tala, try await P.invoice(world, account: tala, net: "20000"), cash: "22000"
                ).allocations.first)
            let reversal = try await payments.reverse(undone.id, viewer: accountant)
            let summer = try #require(
                try await Self.settle(
                    world, tala, try await P.invoice(world, account: tala, net: "30000"), cash: "33000",
                    on: "2026-08-10"
                ).allocations.first)
            let before = try await Self.pending(world, accountant)
            let cases: [(PaymentAllocation.ID, String)] = [
                (other.id, "other_customer"), (plain.id, "no_withholding"), (undone.id, "allocation_reversed"),
                (reversal.id, "allocation_reversed"), (covered.id, "already_covered"), (summer.id, "outside_period"),
            ]
            for (id, code) in cases {
                let refused = await Self.refusal {
                    _ = try await payments.recordCertificate(
                        Self.certificate(tala, [good.id, id], number: "B-\(code)"), viewer: accountant)
                }
                #expect(refused == ["allocation_ids[1] \(code)"])
            }
            #expect(
                await Self.refusal {
                    _ = try await payments.recordCertificate(
                        Self.certificate(tala, [good.id], period: "2026-Q5"), viewer: accountant)
                } == ["period invalid_period"])
            #expect(
                await Self.refusal {
                    _ = try await payments.recordCertificate(
                        Self.certificate(tala, [good.id], number: String(repeating: "9", count: 41)),
                        viewer: accountant)
                } == ["number too_long"])
            await #expect(throws: RecordError.self) {
                _ = try await payments.recordCertificate(
                    Self.certificate(tala, [good.id]), viewer: world.manager1.viewer)
            }
            #expect(try await Self.pending(world, accountant) == before)
            let goodInvoice = try await world.services.invoices.invoice(good.invoiceID, viewer: accountant)
            #expect(try await P.open(world, goodInvoice).certificatePending)
            // Q3 and Q4 of Tala, and Dagat's Q4; the covered, plain and reversed allocations are not pending.
            let expected = [
                "Tala Foods 2026-Q3 600.00 1", "Tala Foods 2026-Q4 2000.00 1", "Dagat Logistics 2026-Q4 2000.00 1",
            ]
            #expect(before == expected.sorted { Self.accountOrder(world, $0) < Self.accountOrder(world, $1) })
        }
    }

    /// Rows come ordered by account id, then quarter: the test sorts its expectation the same way.
    static func accountOrder(_ world: TestWorld, _ row: String) -> String {
        let account = (world.manager1Accounts + world.manager2Accounts).first { row.hasPrefix($0.fields.name) }
        return (account?.id.description ?? "") + " " + row
    }

    /// Per customer and quarter of the allocation date, the pending withholding sums exactly; a manager sees their
    /// customers only; a quarter filter keeps one quarter.
    @Test(arguments: TestEngine.available)
    func pendingReportSumsPerCustomerAndQuarter(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await P.world(database)
            let (tala, bituin) = (world.manager1Accounts[0], world.manager1Accounts[1])
            let dagat = world.manager2Accounts[0]
            let payments = world.services.payments
            for account in [tala, bituin, dagat] {
                _ = try await payments.saveWithholdingProfile(
                    .services, accountID: account.id, viewer: world.accountant.viewer, expectedVersion: 0)
            }
            // Tala: ₱2,000 + ₱1,000 in Q4, ₱600 in Q3; Bituin: ₱400 in Q4; Dagat: ₱1,000 in Q4.
            let plan: [(Account, String, String, String, User)] = [
                (tala, "100000", "110000", "2026-12-01", world.manager1),
                (tala, "50000", "55000", "2026-10-01", world.manager1),
                (tala, "30000", "33000", "2026-09-30", world.manager1),
                (bituin, "20000", "22000", "2026-11-15", world.manager1),
                (dagat, "50000", "55000", "2026-12-31", world.manager2),
            ]
            for (account, net, cash, date, owner) in plan {
                let invoice = try await P.invoice(world, account: account, net: net, owner: owner)
                _ = try await Self.settle(world, account, invoice, cash: cash, on: date)
            }
            let expected = [
                "Tala Foods 2026-Q3 600.00 1", "Tala Foods 2026-Q4 3000.00 2",
                "Bituin Hardware 2026-Q4 400.00 1", "Dagat Logistics 2026-Q4 1000.00 1",
            ]
            let all = try await Self.pending(world, world.accountant.viewer)
            #expect(all == expected.sorted { Self.accountOrder(world, $0) < Self.accountOrder(world, $1) })
            let manager1 = try await Self.pending(world, world.manager1.viewer)
            #expect(Set(manager1) == Set(expected.filter { !$0.hasPrefix("Dagat") }))
            #expect(try await Self.pending(world, world.manager2.viewer) == ["Dagat Logistics 2026-Q4 1000.00 1"])
            #expect(
                Set(try await Self.pending(world, world.head.viewer, quarter: "2026-Q4"))
                    == Set(expected.filter { $0.contains("Q4") }))
        }
    }

    /// Sixteen concurrent requests for eight payments (each payment twice): eight receipts numbered 1…8 without a
    /// gap, one per payment, and the second request of a payment answers the same receipt.
    @Test(arguments: TestEngine.available)
    func collectionReceiptsAreGaplessAndOncePerPayment(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await P.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            var ids: [Payment.ID] = []
            for index in 0..<8 {
                ids.append(
                    try await payments.record(P.payment(tala, amount: "\(1000 + index)"), viewer: viewer).payment.id)
            }
            let issued = try await withThrowingTaskGroup(of: CollectionReceiptIssue.self) { group in
                for id in ids + ids {
                    group.addTask { try await payments.issueCollectionReceipt(id, viewer: viewer) }
                }
                var all: [CollectionReceiptIssue] = []
                for try await issue in group { all.append(issue) }
                return all
            }
            #expect(issued.filter(\.created).count == 8)
            let byPayment = Dictionary(grouping: issued, by: \.receipt.paymentID)
            #expect(Set(byPayment.keys) == Set(ids))
            for (_, answers) in byPayment {
                #expect(answers.count == 2)
                #expect(Set(answers.map(\.receipt.number)).count == 1)
            }
            let created = issued.filter(\.created).map(\.receipt)
            #expect(created.map(\.sequence).sorted() == Array(1...8))
            for receipt in created {
                #expect(receipt.number == String(format: "CR-%04d-%06d", receipt.issuedOn.year, receipt.sequence))
            }
            let again = try await payments.issueCollectionReceipt(ids[0], viewer: viewer)
            #expect(!again.created)
            #expect(again.receipt == byPayment[ids[0]]?.first?.receipt)
            await #expect(throws: RecordError.self) {
                _ = try await payments.issueCollectionReceipt(ids[1], viewer: world.manager1.viewer)
            }
        }
    }

    /// The printed receipt holds its number, the amount in words, the legend and the invoices it settles.
    @Test(arguments: TestEngine.available)
    func collectionReceiptPrintsWhatDomainAsks(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await P.world(database)
            let tala = world.manager1Accounts[0]
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            _ = try await payments.saveWithholdingProfile(
                .services, accountID: tala.id, viewer: viewer, expectedVersion: 0)
            let first = try await P.invoice(world, account: tala, net: "100000")
            let second = try await P.invoice(world, account: tala, net: "50000")
            let detail = try await payments.record(
                P.payment(
                    tala, amount: "165000",
                    allocations: [
                        AllocationDraft(invoiceID: first.id.description, amount: "110000"),
                        AllocationDraft(invoiceID: second.id.description, amount: "55000"),
                    ]), viewer: viewer)
            await #expect(throws: RecordError.self) {
                _ = try await payments.collectionReceiptDocument(detail.payment.id, viewer: viewer)
            }
            let receipt = try await payments.issueCollectionReceipt(detail.payment.id, viewer: viewer).receipt
            let document = try await payments.collectionReceiptDocument(
                detail.payment.id, viewer: world.manager1.viewer)
            #expect(document.settled.map(\.invoiceNumber) == [first.number, second.number].compactMap { $0 })
            guard let text = try await Poppler.text(of: payments.collectionReceiptPDF(document)) else { return }
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("COLLECTION RECEIPT"))
            #expect(flat.contains(receipt.number))
            #expect(flat.contains("One Hundred Sixty-Five Thousand Pesos and 00/100"))
            #expect(flat.contains("THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX"))
            #expect(flat.contains("Tala Foods"))
            #expect(flat.contains("BDO-778812"))
            for number in [first.number, second.number] { #expect(flat.contains(try #require(number))) }
            #expect(flat.contains("PHP 2,000.00"))
        }
    }
}
