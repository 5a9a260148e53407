import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// One input type per record (issue 9): the same type reads the API's JSON body and the page's HTML form, its
/// allowed JSON members are its coding keys (and exactly its request schema in openapi.json), and a form and a body
/// carrying the same values give the same draft.
@Suite(.timeLimit(.minutes(20))) struct RecordInputTests {
    /// A JSON body read as the API reads it (after the content type was checked).
    static func json<T: RecordInput>(_ type: T.Type, _ text: String) throws -> T {
        try JSONBody.decode(T.self, data: Data(text.utf8), allowedKeys: T.allowedKeys)
    }

    /// The allowed members of each input against the create and update request schemas of the document.
    @Test func allowedKeysAreTheRequestSchemasProperties() throws {
        let document = try OpenAPIDocument.bundled()
        let inputs: [(keys: Set<String>, templates: [(String, String)])] = [
            (AccountInput.allowedKeys, [("POST", "/api/v1/accounts"), ("PATCH", "/api/v1/accounts/{id}")]),
            (ContactInput.allowedKeys, [("POST", "/api/v1/contacts"), ("PATCH", "/api/v1/contacts/{id}")]),
            (LeadInput.allowedKeys, [("POST", "/api/v1/leads"), ("PATCH", "/api/v1/leads/{id}")]),
            (DealInput.allowedKeys, [("POST", "/api/v1/deals"), ("PATCH", "/api/v1/deals/{id}")]),
            (ProductInput.allowedKeys, [("POST", "/api/v1/products"), ("PATCH", "/api/v1/products/{id}")]),
            (ContractInput.allowedKeys, [("POST", "/api/v1/contracts"), ("PATCH", "/api/v1/contracts/{id}")]),
            (StageInput.allowedKeys, [("POST", "/api/v1/pipelines/{id}/stages")]),
            (StageInput.updateKeys, [("PATCH", "/api/v1/pipelines/{id}/stages/{stage_id}")]),
            (MeetingInput.allowedKeys, [("POST", "/api/v1/meetings"), ("PATCH", "/api/v1/meetings/{id}")]),
        ]
        for input in inputs {
            for (method, template) in input.templates {
                let (_, schema) = try #require(
                    document.requestSchema(method, template: template, mediaType: "application/json"),
                    "\(method) \(template) has no JSON request schema")
                let declared = OpenAPIWireTests.members(schema, document)
                #expect(input.keys == declared, "\(method) \(template)")
            }
        }
        // Spot checks that the derivation writes the wire's snake_case names.
        #expect(AccountInput.allowedKeys.contains("is_vat_registered"))
        #expect(AccountInput.allowedKeys.contains("version"))
        #expect(ContactInput.allowedKeys.contains("preferred_channel"))
    }

    @Test func anAccountFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "name=Dela+Cruz+Trading&registered_name=Dela+Cruz+Trading+Inc.&tin=123-456-789-000"
                + "&billing_address=Makati&delivery_address=Pasig&phones=0917+111+0001%0D%0A0917+111+0002"
                + "&email=ap%40delacruz.ph&website=delacruz.ph&industry=Retail&owner_id=01945c30-0000-7000-8000-0000000000a1"
                + "&team_id=01945c30-0000-7000-8000-0000000000b1"
                + "&tags=vip,north&notes=Pays+on+time&country=PH&is_vat_registered=on&buyer_kind=business")
        let fromForm = try AccountInput(form: form).draft()
        let fromJSON = try Self.json(
            AccountInput.self,
            #"""
            {"name": "Dela Cruz Trading", "registered_name": "Dela Cruz Trading Inc.", "tin": "123-456-789-000",
             "billing_address": "Makati", "delivery_address": "Pasig",
             "phones": [{"number": "0917 111 0001"}, "0917 111 0002"], "email": "ap@delacruz.ph",
             "website": "delacruz.ph", "industry": "Retail", "owner_id": "01945c30-0000-7000-8000-0000000000a1",
             "team_id": "01945c30-0000-7000-8000-0000000000b1",
             "tags": ["vip", "north"], "notes": "Pays on time", "country": "PH", "is_vat_registered": true,
             "buyer_kind": "business", "version": 3}
            """#
        ).draft()
        #expect(fromForm == fromJSON)
        #expect(fromForm.phones == ["0917 111 0001", "0917 111 0002"])
        #expect(fromForm.tags == ["vip", "north"])
        #expect(fromForm.isVATRegistered)
    }

    @Test func aContactFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "account_id=01945c30-0000-7000-8000-0000000000c1"
                + "&name=Maria+Santos&position=Buyer&phones=0917+111+0001&phones=0917+111+0002"
                + "&emails=maria%40example.ph%0Amaria.s%40example.ph&preferred_channel=viber&notes=Mornings")
        let fromForm = try ContactInput(form: form).draft()
        let fromJSON = try Self.json(
            ContactInput.self,
            #"""
            {"account_id": "01945c30-0000-7000-8000-0000000000c1", "name": "Maria Santos", "position": "Buyer",
             "phones": ["0917 111 0001", {"number": "0917 111 0002"}],
             "emails": ["maria@example.ph", "maria.s@example.ph"], "preferred_channel": "viber", "notes": "Mornings"}
            """#
        ).draft()
        #expect(fromForm == fromJSON)
        #expect(fromForm.emails == ["maria@example.ph", "maria.s@example.ph"])
    }

    @Test func aLeadFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "person_name=Jose+Rizal&company_name=Calamba+Farms&phone=0917+111+0001&email=j%40cf.ph"
                + "&source=web&interest=Tractors&province=Laguna&industry=Agriculture&owner_id=01945c30-0000-7000-8000-0000000000a1"
        )
        let fromJSON = try Self.json(
            LeadInput.self,
            #"""
            {"person_name": "Jose Rizal", "company_name": "Calamba Farms", "phone": "0917 111 0001",
             "email": "j@cf.ph", "source": "web", "interest": "Tractors", "province": "Laguna",
             "industry": "Agriculture", "owner_id": "01945c30-0000-7000-8000-0000000000a1", "version": 2}
            """#
        ).draft()
        #expect(try LeadInput(form: form).draft() == fromJSON)
        // An absent source is empty on the form (as the page always read it), not the draft's default.
        #expect(try LeadInput(form: FormData()).draft().source == "")
    }

    @Test func aDealFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "title=Fleet+renewal&account_id=a1&contact_ids=c1&contact_ids=c2&owner_id=u1"
                + "&amount=125000.50&currency=PHP&expected_close=2026-12-31&probability=40&forecast_category=commit"
                + "&next_step=Call&notes=Big&source_lead_id=l9&pipeline_id=p9&prices_include_tax=on")
        let fromForm = try DealInput(form: form)
        let fromJSON = try Self.json(
            DealInput.self,
            #"""
            {"title": "Fleet renewal", "account_id": "a1", "contact_ids": ["c1", "c2"], "owner_id": "u1",
             "amount": "125000.50", "currency": "PHP", "expected_close": "2026-12-31", "probability": 40,
             "forecast_category": "commit", "next_step": "Call", "notes": "Big"}
            """#)
        #expect(try fromForm.draft() == fromJSON.draft())
        // The source lead, pipeline, lines and price mode come only in JSON: the page never sent them.
        #expect(fromForm.sourceLeadId == nil && fromForm.pipelineId == nil)
        #expect(fromForm.lines == nil && fromForm.pricesIncludeTax == nil)
        #expect(try fromForm.draft().lines == nil)
        // Contacts are repeated fields, each as sent.
        let contacts = try DealInput(form: FormData(urlencoded: "contact_ids=&contact_ids=c1")).draft().contactIDs
        #expect(contacts == ["", "c1"])
    }

    @Test func aProductFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "code=TR-1&name=Tractor&description=Red&unit=pc&unit_price=1250000.00&currency=PHP"
                + "&price_includes_tax=false&price_includes_tax=true&tax_category=vatable&tax_rate_percent=12"
                + "&is_active=false")
        let fromJSON = try Self.json(
            ProductInput.self,
            #"""
            {"code": "TR-1", "name": "Tractor", "description": "Red", "unit": "pc", "unit_price": "1250000.00",
             "currency": "PHP", "price_includes_tax": true, "tax_category": "vatable", "tax_rate_percent": "12",
             "is_active": false}
            """#
        ).draft()
        let fromForm = try ProductInput(form: form).draft()
        #expect(fromForm == fromJSON)
        #expect(fromForm.priceIncludesTax && !fromForm.isActive)
        // An unticked box (only its hidden `false` sent, or nothing) is false, not the draft's default.
        #expect(try !ProductInput(form: FormData(urlencoded: "is_active=false")).draft().isActive)
        #expect(try !ProductInput(form: FormData()).draft().isActive)
    }

    @Test func aContractFormAndItsJSONGiveTheSameDraft() throws {
        let form = FormData(
            urlencoded: "title=Service&account_id=a1&signatory_contact_id=c1&owner_id=u1"
                + "&deal_id=01945c30-0000-7000-8000-0000000000d1&quote_id=01945c30-0000-7000-8000-0000000000e1"
                + "&template_id=01945c30-0000-7000-8000-0000000000b1"
                + "&language=fil&body=Text&start_date=2027-01-01&end_date=2027-12-31&value=120000"
                + "&currency=PHP&payment_terms=net30&schedule_kind=milestones"
                + "&milestone_name=Kickoff&milestone_date=2027-01-15&milestone_amount=60000"
                + "&milestone_name=&milestone_date=&milestone_amount="
                + "&milestone_name=Handover&milestone_date=2027-06-30&milestone_amount=")
        let fromJSON = try Self.json(
            ContractInput.self,
            #"""
            {"title": "Service", "account_id": "a1", "signatory_contact_id": "c1", "owner_id": "u1",
             "deal_id": "01945c30-0000-7000-8000-0000000000d1", "quote_id": "01945c30-0000-7000-8000-0000000000e1",
             "template_id": "01945c30-0000-7000-8000-0000000000b1", "language": "fil", "body": "Text",
             "start_date": "2027-01-01", "end_date": "2027-12-31", "value": "120000", "currency": "PHP",
             "payment_terms": "net30",
             "billing_schedule": {"kind": "milestones", "milestones": [
                {"name": "Kickoff", "date": "2027-01-15", "amount": "60000"}, {"name": "Handover", "date": "2027-06-30"}]}}
            """#
        ).draft()
        let fromForm = try ContractInput(form: form).draft()
        #expect(fromForm == fromJSON)
        #expect(fromForm.billingSchedule.milestones.map(\.name) == ["Kickoff", "Handover"])
        // A form's flat schedule fields are its billing schedule; the JSON member is not a form field.
        let oneOff = try ContractInput(
            form: FormData(
                urlencoded: "schedule_kind=one_off&schedule_date=2027-02-01&schedule_amount=5000&billing_schedule=x")
        ).draft()
        #expect(oneOff.billingSchedule.kind == "one_off" && oneOff.billingSchedule.amount == "5000")
    }

    @Test func aStageFormAndItsJSONGiveTheSameDraftAndAnUpdateKeepsTheOutcome() throws {
        let form = FormData(urlencoded: "name=Won&probability=100&forecast_category=closed&outcome=won&version=4")
        let fromJSON = try Self.json(
            StageInput.self, #"{"name": "Won", "probability": 100, "forecast_category": "closed", "outcome": "won"}"#)
        let fromForm = try StageInput(form: form)
        #expect(try fromForm.draft() == fromJSON.draft())
        #expect(try fromForm.draft().outcome == "won")

        var stored = StageDraft(name: "Lost", probability: "0", forecastCategory: "omitted", outcome: "lost")
        fromForm.update.apply(to: &stored)
        #expect(stored == StageDraft(name: "Won", probability: "100", forecastCategory: "closed", outcome: "lost"))
        #expect(!StageInput.updateKeys.contains("outcome") && StageInput.allowedKeys.contains("outcome"))
    }

    /// Through the real routes: the account and contact pages and the API, given the same values, store the same
    /// record (the page's extra fields — CSRF token, duplicate confirmation, a button — are ignored).
    @Test(arguments: TestEngine.available)
    func thePageAndTheAPIStoreTheSameRecord(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let token = try await world.token(world.manager1)
            let owner = world.manager1.id.description
            func stored(_ location: String?) async throws -> [String: Any] {
                try await client.api(.get, try #require(location), token: token).json()
            }
            // The two records as sorted JSON text, without what tells them apart (their ids and instants).
            func same(_ page: [String: Any], _ api: [String: Any]) throws {
                func text(_ object: [String: Any]) throws -> String {
                    let kept = object.filter { !["id", "created_at", "updated_at"].contains($0.key) }
                    let data = try JSONSerialization.data(withJSONObject: kept, options: .sortedKeys)
                    return String(decoding: data, as: UTF8.self)
                }
                #expect(try text(page) == text(api))
            }

            let account = try await client.browse(
                .post, "/accounts", as: session,
                form: [
                    ("name", "Same Shape Trading"), ("registered_name", "Same Shape Trading Inc."),
                    ("billing_address", "Makati"), ("phones", "0917 555 0101\n0917 555 0102"),
                    ("email", "ap@sameshape.ph"), ("industry", "Retail"), ("owner_id", owner),
                    ("tags", "vip,north"), ("notes", "Pays on time"), ("is_vat_registered", "on"),
                    ("buyer_kind", "business"), ("confirm_duplicates", "1"), ("save", "Save"),
                ])
            #expect(account.status == .seeOther)
            let accountID = try #require(
                account.headers[.location]?.split(separator: "/").last.map { String($0.prefix { $0 != "?" }) })
            let pageAccount = try await client.api(.get, "/api/v1/accounts/\(accountID)", token: token).json()
            let apiCreated = try await client.api(
                .post, "/api/v1/accounts", token: token,
                json: """
                    {"name": "Same Shape Trading", "registered_name": "Same Shape Trading Inc.",
                     "billing_address": "Makati", "phones": ["0917 555 0101", "0917 555 0102"],
                     "email": "ap@sameshape.ph", "industry": "Retail", "owner_id": "\(owner)",
                     "tags": ["vip", "north"], "notes": "Pays on time", "is_vat_registered": true,
                     "buyer_kind": "business"}
                    """)
            #expect(apiCreated.status == .created)
            try same(pageAccount, try await stored(apiCreated.headers[.location]))

            let contact = try await client.browse(
                .post, "/contacts", as: session,
                form: [
                    ("account_id", accountID), ("name", "Maria Santos"), ("position", "Buyer"),
                    ("phones", "0917 555 0201"), ("emails", "maria@sameshape.ph"), ("preferred_channel", "email"),
                    ("notes", "Mornings"), ("confirm_duplicates", "1"),
                ])
            #expect(contact.status == .seeOther)
            let contactID = try #require(
                contact.headers[.location]?.split(separator: "/").last.map { String($0.prefix { $0 != "?" }) })
            let pageContact = try await client.api(.get, "/api/v1/contacts/\(contactID)", token: token).json()
            let apiContact = try await client.api(
                .post, "/api/v1/contacts", token: token,
                json: """
                    {"account_id": "\(accountID)", "name": "Maria Santos", "position": "Buyer",
                     "phones": ["0917 555 0201"], "emails": ["maria@sameshape.ph"], "preferred_channel": "email",
                     "notes": "Mornings"}
                    """)
            #expect(apiContact.status == .created)
            try same(pageContact, try await stored(apiContact.headers[.location]))
        }
    }

    /// The meeting form's start is a local time in the company's zone and its duration text as typed; JSON sends
    /// an instant and an integer. The same meeting either way gives the same draft; a JSON start that does not
    /// read is a validation error when applied, a form's is left empty for the draft's check.
    @Test func aMeetingFormAndItsJSONGiveTheSameDraft() throws {
        let manila = try #require(TimeZone(identifier: "Asia/Manila"))
        let form = FormData(
            urlencoded: "title=Demo&starts_at=2026-12-03T14%3A00&duration_minutes=45&place=Makati&link=&agenda=Fleet"
                + "&outcome=&account_id=a1&lead_id=&contact_ids=c1&contact_ids=c2&user_ids=u1&cancel=1&version=3")
        let fromForm = try MeetingInput(form: form, timeZone: manila)
        let fromJSON = try Self.json(
            MeetingInput.self,
            #"""
            {"title": "Demo", "starts_at": "2026-12-03T06:00:00Z", "duration_minutes": 45, "place": "Makati",
             "link": "", "agenda": "Fleet", "outcome": "", "account_id": "a1", "lead_id": "",
             "contact_ids": ["c1", "c2"], "user_ids": ["u1"]}
            """#)
        #expect(try fromForm.draft() == fromJSON.draft())
        #expect(try fromForm.draft().startsAt == Date(timeIntervalSince1970: 1_796_277_600))
        #expect(fromForm.isCancelled == nil && fromForm.version == nil)

        let typed = try MeetingInput(
            form: FormData(urlencoded: "starts_at=tomorrow&duration_minutes=an+hour"), timeZone: manila
        ).draft()
        #expect(typed.startsAt == nil && typed.durationMinutes == "an hour")
        #expect(throws: ValidationErrors.self) {
            _ = try Self.json(MeetingInput.self, #"{"starts_at": "tomorrow"}"#).draft()
        }
        #expect(throws: RequestError.self) { _ = try Self.json(MeetingInput.self, #"{"duration_minutes": "45"}"#) }
    }

    /// The form path ignores what is not a field of the record (CSRF token, buttons, the method override, the
    /// duplicate confirmation, a picker's search); the JSON path refuses an unknown member, naming it.
    @Test func formExtrasAreIgnoredAndUnknownJSONMembersRefused() throws {
        let plain = FormData(urlencoded: "name=Acme&tags=a,b&phones=0917+111+0001")
        let extras = FormData(
            urlencoded: "csrf_token=abc&name=Acme&_method=PATCH&submit=Save&confirm_duplicates=1&tags=a,b"
                + "&account_id_search=acm&phones=0917+111+0001&version=7")
        #expect(try AccountInput(form: extras).draft() == AccountInput(form: plain).draft())
        #expect(try ContactInput(form: extras).draft() == ContactInput(form: plain).draft())
        // The form never sets the version: the page reads its hidden field itself.
        #expect(try AccountInput(form: extras).version == nil)

        for body in [#"{"name": "Acme", "csrf_token": "abc"}"#, #"{"name": "Acme", "registeredName": "x"}"#] {
            let error = #expect(throws: RequestError.self) { _ = try Self.json(AccountInput.self, body) }
            guard case .malformedJSON(let message)? = error else {
                Issue.record("\(body): \(String(describing: error))")
                continue
            }
            #expect(message.hasPrefix("unknown field"), "\(body)")
        }
        #expect(throws: RequestError.self) { _ = try Self.json(ContactInput.self, #"{"tags": ["x"]}"#) }
    }

    /// A form sends every field, so an empty or absent one clears it (an unticked checkbox is false), where a JSON
    /// PATCH leaves an absent member as it is and clears it only with `null`.
    @Test func anEmptyFormClearsEveryFieldWhereJSONLeavesAbsentOnes() throws {
        #expect(try AccountInput(form: FormData()).draft() == AccountDraft())
        #expect(try ContactInput(form: FormData()).draft() == ContactDraft())
        #expect(try AccountInput(form: FormData(urlencoded: "name=&tags=&phones=")).draft() == AccountDraft())

        var stored = AccountDraft()
        stored.name = "Acme"
        stored.tags = ["vip"]
        stored.isVATRegistered = true
        var patched = stored
        try Self.json(AccountInput.self, #"{"notes": "Late"}"#).apply(to: &patched)
        #expect(patched.name == "Acme" && patched.tags == ["vip"] && patched.isVATRegistered)
        #expect(patched.notes == "Late")
        try Self.json(AccountInput.self, #"{"tags": null, "is_vat_registered": null}"#).apply(to: &patched)
        #expect(patched.tags.isEmpty && !patched.isVATRegistered && patched.name == "Acme")

        var fromForm = stored
        try AccountInput(form: FormData(urlencoded: "name=Acme")).apply(to: &fromForm)
        #expect(fromForm.tags.isEmpty && !fromForm.isVATRegistered)
    }

    /// A checkbox is ticked only by `on`; text keeps its spaces as typed; tags split at commas as the form always
    /// did.
    @Test func formValuesReadAsThePagesAlwaysReadThem() throws {
        let draft = try AccountInput(
            form: FormData(urlencoded: "is_vat_registered=yes&name=+Acme+&tags=a,+b,,c&phones=%0A0917+111+0001%0A%0A")
        ).draft()
        #expect(!draft.isVATRegistered)
        #expect(draft.name == " Acme ")
        #expect(draft.tags == ["a", " b", "c"])
        #expect(draft.phones == ["0917 111 0001"])
    }
}
