import BentaCore
import BentaServices
import BentaTestSupport
import BentaTestTools
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct InboundAPITests {
    @Test(arguments: TestEngine.available)
    func screenPopAnswersWhoIsCallingForEveryNumberFormat(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let pbx = try await world.inboundToken()
            let deal = try await client.api(
                .post, "/api/v1/deals", token: try await world.token(world.manager1),
                json:
                    #"{"title": "Catering for 300", "account_id": "\#(world.manager1Accounts[0].id)", "amount": "450000.00", "expected_close": "2026-12-20"}"#
            )
            #expect(deal.status == .created)
            for number in ["0917 555 0101", "+63 917-555-0101", "639175550101"] {
                let response = try await client.api(
                    .post, "/api/v1/calls/inbound", token: pbx, json: #"{"from": "\#(number)"}"#)
                #expect(response.status == .ok)
                let body = try response.json()
                let matches = try #require(body["matches"] as? [[String: Any]])
                #expect(matches.count == 1)
                #expect((matches[0]["contact"] as? [String: Any])?["name"] as? String == "Maria Santos")
                #expect((matches[0]["account"] as? [String: Any])?["name"] as? String == "Tala Foods")
                #expect((matches[0]["owner"] as? [String: Any])?["name"] as? String == "Kristine Uno")
                let openDeals = try #require(matches[0]["open_deals"] as? [[String: Any]])
                #expect(openDeals.map { $0["title"] as? String } == ["Catering for 300"])
                #expect(openDeals.first?["stage_name"] as? String == "Qualification")
                #expect(body["lead"] is NSNull)
                #expect((body["number"] as? [String: Any])?["e164"] as? String == "+639175550101")
            }
            let unknown = try await client.api(
                .post, "/api/v1/calls/inbound", token: pbx, json: #"{"from": "0999 000 1111"}"#)
            let lead = try #require(try unknown.json()["lead"] as? [String: Any])
            #expect(lead["source"] as? String == "inbound_call")
            #expect(lead["status"] as? String == "new")
            let bad = try await client.api(.post, "/api/v1/calls/inbound", token: pbx, json: #"{"from": "hello"}"#)
            #expect(bad.status == .unprocessableContent)
            let missing = try await client.api(.post, "/api/v1/calls/inbound", token: pbx, json: #"{}"#)
            #expect(missing.status == .badRequest)
            // The calls are on Maria's timeline.
            let timeline = try await client.api(
                .get, "/api/v1/contacts/\(world.manager1Contact.id)/timeline",
                token: try await world.token(world.manager1))
            let entries = try #require(try timeline.json()["data"] as? [[String: Any]])
            #expect(entries.filter { $0["kind"] as? String == "call" }.count == 3)
        }
    }

    static let email = """
        From: "Maria Santos" <maria@example.ph>\r
        To: sales@bituin.ph\r
        Subject: =?UTF-8?Q?Quotation_for_20_laptops_=E2=80=94_Pe=C3=B1a?=\r
        Date: Tue, 1 Dec 2026 10:52:37 +0800\r
        Message-ID: <abc123@example.ph>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b1"\r
        \r
        --b1\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Magandang araw! Please send a quotation for 20 laptops.=0D=0ASalamat, Maria\r
        --b1\r
        Content-Type: application/pdf; name="specs.pdf"\r
        Content-Disposition: attachment; filename="specs.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQKJcfs\r
        --b1--\r

        """

    @Test(arguments: TestEngine.available)
    func emailFromAKnownContactLandsOnTheirTimelineOnce(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let mailServer = try await world.inboundToken()
            func post(_ text: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/inbound/email", method: .post,
                    headers: [.authorization: "Bearer \(mailServer)", .contentType: "message/rfc822"],
                    body: ByteBuffer(string: text))
            }
            let first = try await post(Self.email)
            #expect(first.status == .created)
            let body = try first.json()
            #expect(body["contact_id"] as? String == world.manager1Contact.id.description)
            #expect(body["subject"] as? String == "Quotation for 20 laptops — Peña")
            #expect(body["attachments"] as? Int == 1)
            #expect(body["created_lead"] as? Bool == false)
            let again = try await post(Self.email)
            #expect(again.status == .ok)
            #expect(try again.json()["duplicate"] as? Bool == true)
            let timeline = try await client.api(
                .get, "/api/v1/contacts/\(world.manager1Contact.id)/timeline",
                token: try await world.token(world.manager1))
            let emails = (try timeline.json()["data"] as? [[String: Any]] ?? []).filter {
                $0["kind"] as? String == "email"
            }
            #expect(emails.count == 1)
            #expect((emails.first?["body"] as? String)?.contains("Magandang araw") == true)
            // A stranger becomes a lead with source letter; bad input is refused with a problem.
            let stranger = Self.email.replacingOccurrences(of: "maria@example.ph", with: "new.buyer@gmail.com")
                .replacingOccurrences(of: "abc123", with: "xyz789")
            let lead = try await post(stranger)
            #expect(lead.status == .created)
            #expect(try lead.json()["created_lead"] as? Bool == true)
            let leadID = try #require(try lead.json()["lead_id"] as? String)
            let leadBody = try await client.api(
                .get, "/api/v1/leads/\(leadID)", token: try await world.token(world.admin))
            #expect(try leadBody.json()["source"] as? String == "letter")
            #expect(try leadBody.json()["email"] as? String == "new.buyer@gmail.com")
            let garbage = try await post("this is not an email")
            #expect(garbage.status == .badRequest)
            let wrongType = try await client.execute(
                uri: "/api/v1/inbound/email", method: .post,
                headers: [.authorization: "Bearer \(mailServer)", .contentType: "text/plain"],
                body: ByteBuffer(string: Self.email))
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: TestEngine.available)
    func leadsTasksMeetingsAndTheCalendarFeedThroughTheAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/leads", token: token,
                json:
                    #"{"person_name": "Ana Reyes", "company_name": "Tala Bakery", "phone": "0918 777 1212", "source": "referral"}"#
            )
            #expect(created.status == .created)
            let lead = try created.json()
            let leadID = try #require(lead["id"] as? String)
            #expect(lead["owner_id"] as? String == world.manager1.id.description)
            #expect(
                try await client.api(.get, "/api/v1/leads/\(leadID)", token: try await world.token(world.manager2))
                    .status
                    == .notFound)
            let qualified = try await client.api(
                .post, "/api/v1/leads/\(leadID)/status", token: token, json: #"{"status": "qualified"}"#)
            #expect(try qualified.json()["status"] as? String == "qualified")
            let task = try await client.api(
                .post, "/api/v1/tasks", token: token,
                json:
                    #"{"title": "Call Ana back", "due_at": "2026-12-03T06:00:00Z", "lead_id": "\#(leadID)", "priority": "high"}"#
            )
            #expect(task.status == .created)
            let taskID = try #require(try task.json()["id"] as? String)
            let meeting = try await client.api(
                .post, "/api/v1/meetings", token: token,
                json:
                    #"{"title": "Demo at Tala Foods", "starts_at": "2026-12-04T02:00:00Z", "duration_minutes": 90, "place": "Makati", "contact_ids": ["\#(world.manager1Contact.id)"]}"#
            )
            #expect(meeting.status == .created)
            #expect(try meeting.json()["account_id"] as? String == world.manager1Accounts[0].id.description)
            let converted = try await client.api(
                .post, "/api/v1/leads/\(leadID)/convert", token: token, json: #"{"deal_title": "Bakery ovens"}"#)
            #expect(converted.status == .created)
            let deal = try #require(try converted.json()["deal"] as? [String: Any])
            #expect(deal["title"] as? String == "Bakery ovens" && deal["source_lead_id"] as? String == leadID)
            #expect(deal["stage_name"] as? String == "Qualification" && deal["amount"] as? String == "0.00")
            #expect((try converted.json()["account"] as? [String: Any])?["name"] as? String == "Tala Bakery")
            let done = try await client.api(.post, "/api/v1/tasks/\(taskID)/complete", token: token)
            #expect(try done.json()["is_done"] as? Bool == true)

            let me = try await client.api(.get, "/api/v1/me", token: token)
            let feedURL = try #require(try me.json()["calendar_feed_url"] as? String)
            let path = try #require(URL(string: feedURL)?.path)
            let feed = try await client.execute(uri: path, method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.text.contains("SUMMARY:Demo at Tala Foods"))
            #expect(feed.text.contains("DTSTART;TZID=Asia/Manila:20261204T100000"))
            #expect(feed.text.contains("BEGIN:VTIMEZONE"))
            #expect(!feed.text.contains("\n\n"))
            #expect(
                try await client.execute(uri: "/calendar/not-a-real-token-at-all.ics", method: .get).status == .notFound
            )
            try await ICalendarCheck.validate(feed.text)
        }
    }

    @Test(arguments: TestEngine.available)
    func routingRulesAreAdminOnlyAndRouteNewLeads(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await world.token(world.manager1)
            let admin = try await world.token(world.admin)
            let refused = try await client.api(
                .post, "/api/v1/routing-rules", token: manager,
                json: #"{"field": "province", "value": "Cebu", "assignee_id": "\#(world.manager2.id)"}"#)
            #expect(refused.status == .forbidden)
            let rule = try await client.api(
                .post, "/api/v1/routing-rules", token: admin,
                json: #"{"field": "province", "value": "Cebu", "assignee_id": "\#(world.manager2.id)"}"#)
            #expect(rule.status == .created)
            let ruleID = try #require(try rule.json()["id"] as? String)
            let made = try await world.services.leads.create(
                {
                    var d = LeadDraft(); d.personName = "Cebu Buyer"; d.province = "CEBU"; return d
                }(), viewer: nil,
                companyID: world.company.id, byRouting: true)
            #expect(made.lead.fields.ownerID == world.manager2.id)
            #expect(try await client.api(.delete, "/api/v1/routing-rules/\(ruleID)", token: admin).status == .noContent)
            #expect(try await client.api(.delete, "/api/v1/routing-rules/\(ruleID)", token: admin).status == .notFound)
        }
    }
}

/// Strict iCalendar validation with Python's `icalendar` (installed by scripts/test, which sets BENTA_PYTHON).
enum ICalendarCheck {
    static func validate(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard let python = ProcessInfo.processInfo.environment["BENTA_PYTHON"], !python.isEmpty else {
            if ProcessInfo.processInfo.environment["BENTA_REQUIRE_VALIDATORS"] == "1" {
                Issue.record(
                    "BENTA_PYTHON (with icalendar) is required here but not set", sourceLocation: sourceLocation)
            } else {
                print(
                    "skipped: the icalendar check at \(sourceLocation) (BENTA_PYTHON is not set; scripts/test sets it)")
            }
            return
        }
        let script = """
            import sys, icalendar
            data = sys.stdin.buffer.read()
            cal = icalendar.Calendar.from_ical(data)
            bad = [(c.name, c.errors) for c in cal.walk() if c.errors]
            assert not bad, bad
            tzids = {str(c.get('TZID')) for c in cal.walk('VTIMEZONE')}
            for c in cal.walk():
                if c.name in ('VEVENT', 'VTODO'):
                    assert c.get('UID') and c.get('DTSTAMP'), c.name
                    for key in ('DTSTART', 'DTEND', 'DUE'):
                        p = c.get(key)
                        if p is not None and 'TZID' in p.params:
                            assert p.params['TZID'] in tzids, p.params['TZID']
            assert all(len(line) <= 75 for line in data.split(b'\\r\\n')), 'long line'
            print('ok')
            """
        let run = try await ChildProcess.run(python, ["-c", script], input: Array(text.utf8))
        #expect(
            run.status == 0, "icalendar rejected the feed: \(run.outputText)\(run.errorText)",
            sourceLocation: sourceLocation)
    }
}

@Suite(.timeLimit(.minutes(20))) struct TimelineAPITests {
    @Test(arguments: TestEngine.available)
    func timelinesPageNewestFirstAndActivitiesAcceptNumbersOrStrings(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let token = try await world.token(world.manager1)
            let account = world.manager1Accounts[1].id
            for (index, duration) in ["5", "12", "7"].enumerated() {
                let body =
                    index == 1
                    ? #"{"kind": "call", "direction": "outbound", "account_id": "\#(account)", "duration_minutes": \#(duration), "outcome": "reached", "body": "call \#(index)"}"#
                    : #"{"kind": "call", "direction": "outbound", "account_id": "\#(account)", "duration_minutes": "\#(duration)", "body": "call \#(index)"}"#
                let logged = try await client.api(.post, "/api/v1/activities", token: token, json: body)
                #expect(logged.status == .created, "\(logged.text)")
            }
            let first = try await client.api(.get, "/api/v1/accounts/\(account)/timeline?limit=2", token: token)
            let firstBody = try first.json()
            let bodies = (firstBody["data"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
            #expect(bodies == ["call 2", "call 1"])
            let cursor = try #require(firstBody["next_cursor"] as? String)
            let second = try await client.api(
                .get, "/api/v1/accounts/\(account)/timeline?limit=2&cursor=\(cursor)", token: token)
            #expect(second.status == .ok)
            let rest = (try second.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
            #expect(rest == ["call 0"])
            #expect(try second.json()["next_cursor"] is NSNull)
            let other = try await client.api(
                .get, "/api/v1/accounts/\(account)/timeline", token: try await world.token(world.manager2))
            #expect(other.status == .notFound)
        }
    }

    /// Inbound mail and calls take an inbound token, an admin's (issue 15): a manager's own token cannot file mail
    /// on other managers' contacts or learn their ids, an inbound token reaches nothing else, and only an admin
    /// creates one.
    @Test(arguments: TestEngine.available)
    func inboundMailAndCallsTakeAnInboundTokenOnly(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager2 = try await world.token(world.manager2)
            let mail = try await client.execute(
                uri: "/api/v1/inbound/email", method: .post,
                headers: [.authorization: "Bearer \(manager2)", .contentType: "message/rfc822"],
                body: ByteBuffer(string: InboundAPITests.email))
            #expect(mail.status == .forbidden)
            #expect(!mail.text.contains(world.manager1Contact.id.description))
            let call = try await client.api(
                .post, "/api/v1/calls/inbound", token: manager2, json: #"{"from": "0917 555 0101"}"#)
            #expect(call.status == .forbidden)
            let timeline = try await client.api(
                .get, "/api/v1/contacts/\(world.manager1Contact.id)/timeline",
                token: try await world.token(world.manager1))
            #expect(
                (try timeline.json()["data"] as? [[String: Any]] ?? []).allSatisfy { $0["kind"] as? String != "email" })

            let inbound = try await world.inboundToken()
            #expect(try await client.api(.get, "/api/v1/accounts", token: inbound).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/me", token: inbound).status == .forbidden)
            let filed = try await client.execute(
                uri: "/api/v1/inbound/email/", method: .post,
                headers: [.authorization: "Bearer \(inbound)", .contentType: "message/rfc822"],
                body: ByteBuffer(string: InboundAPITests.email))
            #expect(filed.status != .forbidden)
            await #expect(throws: RecordError.self) {
                _ = try await world.services.auth.createAPIToken(
                    for: world.manager1, name: "my mail", purpose: .inbound)
            }
        }
    }
}
