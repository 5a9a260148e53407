import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct ContractPagesTests {
    static func form(_ world: TestWorld, start: String = "2027-01-01", end: String = "2027-12-31") -> [(String, String)]
    {
        [
            ("title", "Printer fleet service"), ("account_id", world.manager1Accounts[0].id.description),
            ("signatory_contact_id", world.manager1Contact.id.description), ("language", "en"), ("template_id", ""),
            ("start_date", start), ("end_date", end), ("value", "60000.00"), ("currency", ""),
            ("payment_terms", "Net 15"), ("schedule_kind", "milestones"),
            ("milestone_name", "Installation"), ("milestone_date", "2027-01-15"), ("milestone_amount", "20000.00"),
            ("milestone_name", "Year-end review"), ("milestone_date", "2027-12-15"), ("milestone_amount", "40000.00"),
            ("milestone_name", ""), ("milestone_date", ""), ("milestone_amount", ""),
            ("body", ""),
        ]
    }

    @Test(arguments: TestEngine.available)
    func aManagerDraftsSendsAndUploadsTheSignedCopyWithPlainForms(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await world.setUpOutgoingEmail()
            let session = try await client.login("manager1@test.ph")
            let new = try await client.browse(.get, "/contracts/new", as: session)
            #expect(new.status == .ok && new.text.contains("name=\"signatory_contact_id\""))
            let backwards = try await client.browse(
                .post, "/contracts", as: session, form: Self.form(world, start: "2027-06-01", end: "2027-01-01"))
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.text.contains("The end date must be after the start date."))
            let created = try await client.browse(.post, "/contracts", as: session, form: Self.form(world))
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let detail = try await client.browse(.get, location, as: session)
            #expect(detail.status == .ok)
            for expected in ["Printer fleet service", "Installation", "Year-end review", "Net 15", "Tala Foods Corp."] {
                #expect(detail.text.contains(expected), "missing \(expected)")
            }
            #expect(try await client.browse(.get, location + "/edit", as: session).status == .ok)
            let version = try #require(
                detail.text.range(of: "name=\"version\" value=\"").map {
                    String(detail.text[$0.upperBound...].prefix { $0 != "\"" })
                })
            let send = try await client.browse(.post, location + "/send", as: session, form: [("version", version)])
            #expect(send.status == .seeOther)
            let sent = try await client.browse(.get, location, as: session)
            #expect(sent.text.contains("CTR-2026-00001") && sent.text.contains("Sent"))
            #expect(try await client.browse(.get, location + "/edit", as: session).status == .conflict)
            let edit = try await client.browse(.post, location, as: session, form: Self.form(world))
            #expect(edit.status == .conflict)

            // The signed copy through a multipart form with the CSRF token.
            let boundary = "----BentaPageBoundary"
            var body = ByteBuffer()
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"signed.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\nsigned\n\r\n--\(boundary)--\r\n")
            let upload = try await client.execute(
                uri: location + "/signed-copy", method: .post,
                headers: [
                    .cookie: "benta_session=\(session.cookie)",
                    .contentType: "multipart/form-data; boundary=\(boundary)",
                ], body: body)
            #expect(upload.status == .seeOther)
            let signed = try await client.browse(.get, location, as: session)
            #expect(signed.text.contains("Signed") && signed.text.contains(location + "/signed-copy"))
            let download = try await client.browse(.get, location + "/signed-copy", as: session)
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"signed.pdf\"")

            let list = try await client.browse(.get, "/contracts?status=signed", as: session)
            #expect(list.status == .ok && list.text.contains("Printer fleet service"))
            let drafts = try await client.browse(.get, "/contracts?status=draft", as: session)
            #expect(!drafts.text.contains("Printer fleet service"))
            let menu = try await client.browse(.get, "/my-day", as: session)
            #expect(menu.text.contains("href=\"/contracts\""))
            let terminate = try await client.browse(
                .post, location + "/terminate", as: session, form: [("reason", "")])
            #expect(terminate.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func onlyAnAdminEditsTemplatesAndUnknownPlaceholdersAreShownBesideTheField(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/settings/contract-templates", as: manager).status == .forbidden)
            let admin = try await client.login("admin@test.ph")
            let page = try await client.browse(.get, "/settings/contract-templates", as: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("KASUNDUAN SA SERBISYO") && page.text.contains("SERVICE AGREEMENT"))
            let bad = try await client.browse(
                .post, "/settings/contract-templates", as: admin,
                form: [("name", "Lease"), ("language", "fil"), ("body", "Para kay {{kliyente}}")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("{{kliyente}}"))
            let good = try await client.browse(
                .post, "/settings/contract-templates", as: admin,
                form: [("name", "Upa"), ("language", "fil"), ("body", "Para kay {{buyer_name}}")])
            #expect(good.status == .seeOther)
            let renewal = try await client.browse(
                .post, "/settings/contract-renewal", as: admin, form: [("renewal_notice_days", "45")])
            #expect(renewal.status == .seeOther)
            #expect(try await world.services.contracts.renewalNoticeDays(viewer: world.admin.viewer) == 45)
            // A form read before that save (version 0) is refused with the warning, the typed value kept.
            let stale = try await client.browse(
                .post, "/settings/contract-renewal", as: admin,
                form: [("renewal_notice_days", "50"), ("version", "0")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("Someone else saved changes") && stale.text.contains("value=\"50\""))
            #expect(try await world.services.contracts.renewalNoticeDays(viewer: world.admin.viewer) == 45)
            let badDays = try await client.browse(
                .post, "/settings/contract-renewal", as: admin, form: [("renewal_notice_days", "0")])
            #expect(badDays.status == .unprocessableContent)
        }
    }
}
