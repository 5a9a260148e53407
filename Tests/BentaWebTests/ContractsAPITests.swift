import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct ContractsAPITests {
    static let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    /// A contract body for manager1's Tala Foods and Maria Santos.
    static func body(
        _ world: TestWorld, title: String = "Office support 2027", start: String = "2027-01-01",
        end: String = "2027-12-31", value: String = "120000.00", extra: String = ""
    ) -> String {
        """
        {"title": "\(title)", "account_id": "\(world.manager1Accounts[0].id)",
         "signatory_contact_id": "\(world.manager1Contact.id)", "start_date": "\(start)", "end_date": "\(end)",
         "value": "\(value)", "payment_terms": "net_30",
         "billing_schedule": {"kind": "monthly", "from": "\(start)", "to": "\(end)", "amount": "10000.00"}\(extra)}
        """
    }

    static func create(
        _ client: any TestClientProtocol, _ world: TestWorld, token: String, body: String? = nil
    ) async throws -> [String: Any] {
        let response = try await client.api(.post, "/api/v1/contracts", token: token, json: body ?? Self.body(world))
        #expect(response.status == .created, "\(response.text)")
        return try response.json()
    }

    static func upload(
        _ client: any TestClientProtocol, _ uri: String, token: String, bytes: [UInt8], filename: String,
        type: String
    ) async throws -> TestResponse {
        let boundary = "----BentaContractBoundary"
        var body = ByteBuffer()
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(type)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await client.execute(
            uri: uri, method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: body)
    }

    /// A contract drawn up from an accepted quote starts with the same values through the API as through the page:
    /// the quote's account, signatory and subtotal without VAT (the value is stated exclusive of taxes), the deal's
    /// title, and the defaults (start tomorrow, twelve months, net 30). One rule in the service serves both.
    @Test(arguments: TestEngine.available)
    func aContractFromAnAcceptedQuoteStartsTheSameThroughTheAPIAsThroughThePage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let viewer = world.manager1.viewer
            var dealDraft = DealDraft()
            dealDraft.accountID = world.manager1Accounts[0].id.description
            dealDraft.contactIDs = [world.manager1Contact.id.description]
            dealDraft.title = "Store displays"
            dealDraft.amount = "50000.00"
            dealDraft.expectedClose = "2027-01-31"
            let deal = try await world.services.deals.create(dealDraft, viewer: viewer)
            let quote = try await world.services.quotes.create(fromDeal: deal.id, viewer: viewer)
            _ = try await world.services.quotes.send(quote.id, viewer: viewer, expectedVersion: quote.version)
            let accepted = try await world.services.quotes.accept(
                quote.id, winDeal: false, viewer: viewer, expectedVersion: quote.version + 1)
            let total = try accepted.totals().totalWithoutTax.decimalString
            let withTax = try accepted.totals().totalWithTax.decimalString
            #expect(total == "50000.00" && withTax == "56000.00")

            let session = try await client.login("manager1@test.ph")
            let form = try await client.browse(.get, "/contracts/new?quote_id=\(quote.id)", as: session)
            #expect(form.status == .ok)
            let token = try await world.token(world.manager1)
            let response = try await client.api(
                .post, "/api/v1/contracts", token: token, json: #"{"quote_id": "\#(quote.id)"}"#)
            #expect(response.status == .created, "\(response.text)")
            let made = try response.json()
            #expect(made["account_id"] as? String == world.manager1Accounts[0].id.description)
            #expect(made["signatory_contact_id"] as? String == world.manager1Contact.id.description)
            #expect(made["deal_id"] as? String == deal.id.description)
            #expect(made["value"] as? String == total && made["payment_terms"] as? String == "net_30")
            let today = try await world.services.contracts.today(companyID: viewer.companyID)
            #expect(made["start_date"] as? String == today.adding(days: 1).iso8601String)
            #expect(
                made["end_date"] as? String == today.adding(days: 1).adding(months: 12).adding(days: -1).iso8601String)
            for key in ["title", "value", "start_date", "end_date"] {
                let value = try #require(made[key] as? String)
                #expect(form.text.contains("value=\"\(value)\""), "the page's \(key) is not \(value)")
            }
            #expect(made["title"] as? String == "Store displays")
        }
    }

    @Test(arguments: TestEngine.available)
    func aContractGoesFromDraftToTerminatedAndRefusesEveryWrongStep(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            // Bad input: end before start, a schedule above the value, a contact of another account.
            let backwards = try await client.api(
                .post, "/api/v1/contracts", token: token, json: Self.body(world, start: "2027-06-01", end: "2027-05-31")
            )
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.text.contains("end_before_start"))
            let tooMuch = try await client.api(
                .post, "/api/v1/contracts", token: token, json: Self.body(world, value: "100000.00"))
            #expect(tooMuch.status == .unprocessableContent && tooMuch.text.contains("exceeds_contract_value"))
            let float = try await client.api(
                .post, "/api/v1/contracts", token: token,
                json: Self.body(world).replacingOccurrences(of: "\"value\": \"120000.00\"", with: "\"value\": 12.5"))
            #expect(float.status == .badRequest)

            let unknownQuote = try await client.api(
                .post, "/api/v1/contracts", token: token,
                json: Self.body(world, extra: ", \"quote_id\": \"\(UUID().uuidString.lowercased())\""))
            #expect(unknownQuote.status == .unprocessableContent && unknownQuote.text.contains("invalid_quote"))
            var otherDeal = DealDraft()
            otherDeal.accountID = world.manager1Accounts[1].id.description
            otherDeal.title = "Hardware"
            otherDeal.expectedClose = "2027-01-31"
            let wrongDeal = try await world.services.deals.create(otherDeal, viewer: world.manager1.viewer)
            let mismatched = try await client.api(
                .post, "/api/v1/contracts", token: token,
                json: Self.body(world, extra: ", \"deal_id\": \"\(wrongDeal.id)\""))
            #expect(mismatched.status == .unprocessableContent && mismatched.text.contains("invalid_deal"))
            var dealDraft = otherDeal
            dealDraft.accountID = world.manager1Accounts[0].id.description
            let deal = try await world.services.deals.create(dealDraft, viewer: world.manager1.viewer)

            let created = try await Self.create(
                client, world, token: token, body: Self.body(world, extra: ", \"deal_id\": \"\(deal.id)\""))
            let id = try #require(created["id"] as? String)
            #expect(created["status"] as? String == "draft" && created["number"] is NSNull)
            #expect(created["deal_id"] as? String == deal.id.description)
            #expect(created["value"] as? String == "120000.00" && created["currency"] as? String == "PHP")
            #expect((created["billing_entries"] as? [Any])?.count == 12)
            let rendered = try #require(created["rendered_body"] as? String)
            #expect(rendered.contains("Bituin Office Solutions Inc.") && rendered.contains("Tala Foods Corp."))
            #expect(rendered.contains("Maria Santos") && rendered.contains("PHP 120,000.00"))

            // A draft is editable (with its version).
            let noVersion = try await client.api(
                .patch, "/api/v1/contracts/\(id)", token: token, json: #"{"title": "Office support"}"#)
            #expect(noVersion.status == .badRequest)
            let edited = try await client.api(
                .patch, "/api/v1/contracts/\(id)", token: token, json: #"{"title": "Office support", "version": 1}"#)
            #expect(edited.status == .ok)
            #expect(try edited.json()["title"] as? String == "Office support")
            let stale = try await client.api(
                .patch, "/api/v1/contracts/\(id)", token: token, json: #"{"title": "Again", "version": 1}"#)
            #expect(stale.status == .preconditionFailed)

            // Nothing but send works on a draft; amendments need a signed contract.
            #expect(try await client.api(.post, "/api/v1/contracts/\(id)/sign", token: token).status == .conflict)
            #expect(try await client.api(.post, "/api/v1/contracts/\(id)/activate", token: token).status == .conflict)
            let earlyAmendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments", token: token,
                json: #"{"title": "Extension", "body": "Longer", "effective_date": "2027-06-01"}"#)
            #expect(earlyAmendment.status == .conflict && earlyAmendment.text.contains("contract_not_signed"))
            let draftUpload = try await Self.upload(
                client, "/api/v1/contracts/\(id)/signed-copy", token: token, bytes: Self.pngBytes,
                filename: "scan.png", type: "image/png")
            #expect(draftUpload.status == .conflict)

            let sent = try await client.api(.post, "/api/v1/contracts/\(id)/send", token: token)
            #expect(sent.status == .ok, "\(sent.text)")
            let sentJSON = try sent.json()
            #expect(sentJSON["status"] as? String == "sent" && sentJSON["number"] as? String == "CTR-2026-00001")
            #expect((sentJSON["rendered_body"] as? String)?.contains("CTR-2026-00001") == true)

            // A sent contract is frozen: 409 and no change.
            let frozen = try await client.api(
                .patch, "/api/v1/contracts/\(id)", token: token, json: #"{"title": "Changed", "version": 3}"#)
            #expect(frozen.status == .conflict && frozen.text.contains("contract_not_editable"))
            #expect(
                try await client.api(.get, "/api/v1/contracts/\(id)", token: token).json()["title"] as? String
                    == "Office support")

            // Uploads: judged by the bytes and the size.
            let fake = try await Self.upload(
                client, "/api/v1/contracts/\(id)/signed-copy", token: token, bytes: Array("<script>".utf8),
                filename: "scan.pdf", type: "application/pdf")
            #expect(fake.status == .unsupportedMediaType)
            #expect(fake.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            var huge = ByteBuffer(string: "%PDF-1.4\n")
            huge.writeBytes([UInt8](repeating: 0x20, count: 10 * 1024 * 1024))
            let tooLarge = try await client.execute(
                uri: "/api/v1/contracts/\(id)/signed-copy", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/pdf"], body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(
                try await client.api(.get, "/api/v1/contracts/\(id)/signed-copy", token: token).status == .notFound)

            let uploaded = try await Self.upload(
                client, "/api/v1/contracts/\(id)/signed-copy", token: token, bytes: Self.pngBytes,
                filename: "Pirma ng kliyente.png", type: "application/octet-stream")
            #expect(uploaded.status == .created, "\(uploaded.text)")
            let signed = try uploaded.json()
            #expect(signed["status"] as? String == "signed" && signed["has_signed_copy"] as? Bool == true)
            let download = try await client.api(.get, "/api/v1/contracts/\(id)/signed-copy", token: token)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == Self.pngBytes)
            #expect(download.headers[.contentType] == "image/png")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.xContentTypeOptions] == "nosniff")

            let signedEdit = try await client.api(
                .patch, "/api/v1/contracts/\(id)", token: token, json: #"{"value": "1.00", "version": 4}"#)
            #expect(signedEdit.status == .conflict)
            let active = try await client.api(.post, "/api/v1/contracts/\(id)/activate", token: token)
            #expect(try active.json()["status"] as? String == "active")

            // An amendment: its own number; when signed, the new end date and value apply beside the original.
            let badAmendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments", token: token,
                json:
                    #"{"title": "Extension", "body": "x", "effective_date": "2027-06-01", "new_end_date": "2026-12-01"}"#
            )
            #expect(badAmendment.status == .unprocessableContent)
            let amendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments", token: token,
                json:
                    #"{"title": "Extension to 2028", "body": "The term is extended.", "effective_date": "2027-06-01", "new_end_date": "2028-06-30", "new_value": "180000.00"}"#
            )
            #expect(amendment.status == .created, "\(amendment.text)")
            let amendmentID = try #require(try amendment.json()["id"] as? String)
            let signEarly = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/sign", token: token)
            #expect(signEarly.status == .conflict)
            let sentAmendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/send", token: token)
            #expect(try sentAmendment.json()["number"] as? String == "AMD-2026-00001")
            let signedAmendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/sign", token: token)
            #expect(try signedAmendment.json()["status"] as? String == "signed")
            let amended = try await client.api(.get, "/api/v1/contracts/\(id)", token: token).json()
            #expect(amended["end_date"] as? String == "2027-12-31" && amended["value"] as? String == "120000.00")
            #expect(amended["effective_end_date"] as? String == "2028-06-30")
            #expect(amended["effective_value"] as? String == "180000.00")
            let list = try await client.api(.get, "/api/v1/contracts/\(id)/amendments", token: token).json()
            #expect((list["data"] as? [Any])?.count == 1)
            // The page offers no send or sign button for an amendment that is already signed.
            let page = try await client.browse(.get, "/contracts/\(id)", as: try await client.login("manager1@test.ph"))
            #expect(page.text.contains("AMD-2026-00001"))
            #expect(
                !page.text.contains("/amendments/\(amendmentID)/send")
                    && !page.text.contains("/amendments/\(amendmentID)/sign"))

            let noReason = try await client.api(
                .post, "/api/v1/contracts/\(id)/terminate", token: token, json: #"{"reason": " "}"#)
            #expect(noReason.status == .unprocessableContent)
            let terminated = try await client.api(
                .post, "/api/v1/contracts/\(id)/terminate", token: token,
                json: #"{"reason": "Customer closed the branch"}"#)
            let terminatedJSON = try terminated.json()
            #expect(terminatedJSON["status"] as? String == "terminated")
            #expect(terminatedJSON["termination_reason"] as? String == "Customer closed the branch")
            #expect(try await client.api(.post, "/api/v1/contracts/\(id)/activate", token: token).status == .conflict)

            let audit = try await world.services.database.read { db in
                try await AuditStore(db).history(companyID: world.company.id, entityType: "contract", entityID: id)
                    .map(\.action)
            }
            for action in [
                "contract.created", "contract.updated", "contract.sent", "contract.signed_copy_uploaded",
                "contract.activated", "contract.amendment_created", "contract.amendment_sent",
                "contract.amendment_signed", "contract.terminated",
            ] {
                #expect(audit.contains(action), "missing audit \(action) in \(audit)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func twentyConcurrentSendsTakeNumbersOneToTwentyWithoutGaps(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            var ids: [String] = []
            for index in 1...20 {
                let created = try await Self.create(
                    client, world, token: token, body: Self.body(world, title: "Contract \(index)"))
                ids.append(try #require(created["id"] as? String))
            }
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for id in ids {
                    group.addTask {
                        let sent = try await client.api(.post, "/api/v1/contracts/\(id)/send", token: token)
                        return try sent.json()["number"] as? String
                    }
                }
                var result: [String] = []
                for try await number in group { if let number { result.append(number) } }
                return result
            }
            #expect(numbers.sorted() == (1...20).map { String(format: "CTR-2026-%05d", $0) })
        }
    }

    @Test(arguments: TestEngine.available)
    func anotherManagerGetsNotFoundOnEveryContractRoute(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let owner = try await world.token(world.manager1)
            let created = try await Self.create(client, world, token: owner)
            let id = try #require(created["id"] as? String)
            _ = try await client.api(.post, "/api/v1/contracts/\(id)/send", token: owner)
            let upload = try await Self.upload(
                client, "/api/v1/contracts/\(id)/signed-copy", token: owner, bytes: Self.pngBytes,
                filename: "scan.png", type: "image/png")
            #expect(upload.status == .created)
            let amendment = try await client.api(
                .post, "/api/v1/contracts/\(id)/amendments", token: owner,
                json: #"{"title": "Change", "body": "Text", "effective_date": "2027-03-01"}"#)
            let amendmentID = try #require(try amendment.json()["id"] as? String)

            let other = try await world.token(world.manager2)
            let json = #"{"title": "x", "version": 3}"#
            let calls: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/v1/contracts/\(id)", nil), (.patch, "/api/v1/contracts/\(id)", json),
                (.post, "/api/v1/contracts/\(id)/send", nil), (.post, "/api/v1/contracts/\(id)/sign", nil),
                (.post, "/api/v1/contracts/\(id)/activate", nil),
                (.post, "/api/v1/contracts/\(id)/terminate", #"{"reason": "no"}"#),
                (.get, "/api/v1/contracts/\(id)/signed-copy", nil), (.get, "/api/v1/contracts/\(id)/pdf", nil),
                (.get, "/api/v1/contracts/\(id)/amendments", nil),
                (
                    .post, "/api/v1/contracts/\(id)/amendments",
                    #"{"title": "t", "body": "b", "effective_date": "2027-03-01"}"#
                ),
                (.post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/send", nil),
                (.post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/sign", nil),
            ]
            for (method, uri, body) in calls {
                let response = try await client.api(method, uri, token: other, json: body)
                #expect(response.status == .notFound, "\(method) \(uri) gave \(response.status)")
            }
            let stolenUpload = try await Self.upload(
                client, "/api/v1/contracts/\(id)/signed-copy", token: other, bytes: Self.pngBytes,
                filename: "x.png", type: "image/png")
            #expect(stolenUpload.status == .notFound)
            let otherList = try await client.api(.get, "/api/v1/contracts", token: other).json()
            #expect((otherList["data"] as? [Any])?.isEmpty == true)
            // manager3 shares the North team's account; the head sees everything.
            for user in [world.manager3, world.head] {
                let token = try await world.token(user)
                #expect(try await client.api(.get, "/api/v1/contracts/\(id)/pdf", token: token).status == .ok)
            }
            let session = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/contracts/\(id)", as: session).status == .notFound)
            #expect(try await client.browse(.get, "/contracts/\(id)/signed-copy", as: session).status == .notFound)
            #expect(try await client.browse(.get, "/contracts/\(id)/pdf", as: session).status == .notFound)
            let pageSend = try await client.browse(
                .post, "/contracts/\(id)/terminate", as: session, form: [("reason", "x")])
            #expect(pageSend.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func thePDFCarriesNumberPartiesDatesValueAndScheduleInFilipino(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            var accountDraft = AccountDraft()
            accountDraft.name = "Peñaflor Hardware"
            accountDraft.registeredName = "Peñaflor Hardware Trading"
            accountDraft.billingAddress = "Brgy. Santo Niño, Marikina City"
            let account = try await world.services.accounts.create(accountDraft, viewer: world.manager1.viewer)
            var contactDraft = ContactDraft()
            contactDraft.accountID = account.id.description
            contactDraft.name = "Josefina Muñoz"
            let contact = try await world.services.contacts.create(contactDraft, viewer: world.manager1.viewer)
            let token = try await world.token(world.manager1)
            let created = try await Self.create(
                client, world, token: token,
                body: """
                    {"title": "Suporta sa opisina", "account_id": "\(account.id)", "signatory_contact_id": "\(contact.id)",
                     "language": "fil", "start_date": "2027-01-01", "end_date": "2027-06-30", "value": "90000.00",
                     "payment_terms": "eom_15", "billing_schedule": {"kind": "milestones", "milestones": [
                        {"name": "Pagsisimula", "date": "2027-01-15", "amount": "30000.00"},
                        {"name": "Pagtatapos", "date": "2027-06-15", "amount": "60000.00"}]}}
                    """)
            let id = try #require(created["id"] as? String)
            // Nobody at Peñaflor has an email address: the contract is handed over, not emailed.
            _ = try await client.api(.post, "/api/v1/contracts/\(id)/send", token: token, json: #"{"email": false}"#)
            let pdf = try await client.api(.get, "/api/v1/contracts/\(id)/pdf", token: token)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.xContentTypeOptions] == "nosniff")
            let bytes = Array(pdf.body.readableBytesView)
            #expect(bytes.starts(with: Array("%PDF-".utf8)))
            guard let text = try await PDFText.extract(bytes) else { return }
            for expected in [
                "CTR-2026-00001", "Bituin Office Solutions Inc.", "Peñaflor Hardware Trading", "Santo Niño",
                "Josefina Muñoz", "2027-01-01", "2027-06-30", "PHP 90,000.00", "End of month + 15", "Pagsisimula",
                "PHP 30,000.00", "Pagtatapos", "PHP 60,000.00", "KASUNDUAN SA SERBISYO",
            ] {
                #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
            }
            #expect(!text.contains("₱"))
        }
    }

    @Test(arguments: TestEngine.available)
    func theRenewalSweepCreatesOneTaskPerContractAndTheEndingListFindsThem(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let token = try await world.token(world.manager1)
            // The clock's today is 2026-11-30; contracts end in 20 and in 75 days.
            var ids: [String] = []
            for (title, end) in [("Soon", "2026-12-20"), ("Later", "2027-02-13")] {
                let created = try await Self.create(
                    client, world, token: token,
                    body: Self.body(world, title: title, start: "2026-01-01", end: end, value: "200000.00"))
                let id = try #require(created["id"] as? String)
                ids.append(id)
                for step in ["send", "sign", "activate"] {
                    #expect(try await client.api(.post, "/api/v1/contracts/\(id)/\(step)", token: token).status == .ok)
                }
            }
            let within30 = try await client.api(.get, "/api/v1/contracts?ending_within_days=30", token: token).json()
            #expect((within30["data"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["Soon"])
            let within90 = try await client.api(.get, "/api/v1/contracts?ending_within_days=90", token: token).json()
            #expect((within90["data"] as? [Any])?.count == 2)
            #expect(
                try await client.api(.get, "/api/v1/contracts?ending_within_days=0", token: token).status
                    == .unprocessableContent)

            let today = CalendarDate(iso8601: "2026-11-30")!
            let contracts = world.services.contracts
            async let first = contracts.runRenewalSweep(today: today)
            async let second = contracts.runRenewalSweep(today: today)
            let results = try await [first, second]
            #expect(results.map(\.tasksCreated).reduce(0, +) == 1)
            #expect(try await contracts.runRenewalSweep(today: today).tasksCreated == 0)
            let tasks = try await world.services.tasks.list(viewer: world.manager1.viewer, filter: TaskFilter())
            let renewals = tasks.filter { $0.title.hasPrefix("Renew contract") }
            #expect(renewals.count == 1 && renewals.first?.title.contains("Soon") == true)
            #expect(renewals.first?.assigneeID == world.manager1.id)
            let soon = try await client.api(.get, "/api/v1/contracts/\(ids[0])", token: token).json()
            #expect(soon["renewal_task_id"] as? String == renewals.first?.id.description)

            // With a 90-day notice the later contract gets its task too, once.
            try await contracts.setRenewalNoticeDays(90, viewer: world.admin.viewer, expectedVersion: 0)
            #expect(try await contracts.runRenewalSweep(today: today).tasksCreated == 1)
            #expect(try await contracts.runRenewalSweep(today: today).tasksCreated == 0)

            // After the end date, the sweep records the contract as expired.
            let expiry = try await contracts.runRenewalSweep(today: CalendarDate(iso8601: "2026-12-21")!)
            #expect(expiry.expired == 1)
            let expired = try await client.api(.get, "/api/v1/contracts/\(ids[0])", token: token).json()
            #expect(expired["status"] as? String == "expired")
        }
    }

    @Test(arguments: TestEngine.available)
    func templatesStartWithTwoDefaultsAndOnlyAnAdminChangesThem(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let manager = try await world.token(world.manager1)
            let list = try await client.api(.get, "/api/v1/contract-templates", token: manager).json()
            let templates = try #require(list["data"] as? [[String: Any]])
            #expect(Set(templates.compactMap { $0["language"] as? String }) == ["en", "fil"])
            let forbidden = try await client.api(
                .post, "/api/v1/contract-templates", token: manager,
                json: #"{"name": "Mine", "language": "en", "body": "{{buyer_name}}"}"#)
            #expect(forbidden.status == .forbidden)
            let unknown = try await client.api(
                .post, "/api/v1/contract-templates", token: admin,
                json: #"{"name": "Lease", "language": "en", "body": "Dear {{customer_name}}"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("unknown_placeholder"))
            let created = try await client.api(
                .post, "/api/v1/contract-templates", token: admin,
                json: #"{"name": "Lease", "language": "en", "body": "Lease for {{buyer_name}} until {{end_date}}."}"#)
            #expect(created.status == .created)
            let templateID = try #require(try created.json()["id"] as? String)
            let renamed = try await client.api(
                .patch, "/api/v1/contract-templates/\(templateID)", token: admin,
                json: #"{"name": "Equipment lease", "version": 1}"#)
            #expect(try renamed.json()["name"] as? String == "Equipment lease")
            let contract = try await Self.create(
                client, world, token: manager,
                body: Self.body(world, extra: ", \"template_id\": \"\(templateID)\""))
            #expect(contract["rendered_body"] as? String == "Lease for Tala Foods Corp. until 2027-12-31.")
            let settings = try await client.api(.get, "/api/v1/contract-settings", token: manager)
            #expect(try settings.json()["renewal_notice_days"] as? Int == 30)
            let managerChange = try await client.api(
                .patch, "/api/v1/contract-settings", token: manager, json: #"{"renewal_notice_days": 60}"#)
            #expect(managerChange.status == .forbidden)
            let adminChange = try await client.api(
                .patch, "/api/v1/contract-settings", token: admin, json: #"{"renewal_notice_days": 60, "version": 0}"#)
            #expect(try adminChange.json()["renewal_notice_days"] as? Int == 60)
            #expect(try adminChange.json()["version"] as? Int == 1)
            let outOfRange = try await client.api(
                .patch, "/api/v1/contract-settings", token: admin, json: #"{"renewal_notice_days": 0, "version": 1}"#)
            #expect(outOfRange.status == .unprocessableContent)
        }
    }
}
