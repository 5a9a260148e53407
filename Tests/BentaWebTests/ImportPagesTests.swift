import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct ImportPagesTests {
    static func multipart(
        _ fields: [(String, String)], file: (name: String, filename: String, type: String, text: String)
    )
        -> (body: String, type: String)
    {
        let boundary = "----WebKitFormBoundaryBenta123"
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
        body += "Content-Type: \(file.type)\r\n\r\n\(file.text)\r\n--\(boundary)--\r\n"
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    @Test(arguments: TestEngine.available)
    func aCSVFileIsCheckedRowByRowThenImportedWithProgress(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/imports", as: session).status == .ok)
            let csv =
                "Company Name,Phone,Email,TIN\r\nHabagat Builders,0917 321 0000,sales@habagat.ph,123456789\r\n"
                + "Tala Foods,0917 111 0001,,\r\n,0917 000 0000,x@y.ph,\r\nSilangan Pharma,12,bad,\r\n"
            let upload = Self.multipart(
                [("_csrf", session.csrf), ("entity", "accounts"), ("preset", "")],
                file: ("file", "accounts.csv", "text/csv", csv))
            let preview = try await client.execute(
                uri: "/imports/preview", method: .post,
                headers: [.cookie: "benta_session=\(session.cookie)", .contentType: upload.type],
                body: ByteBuffer(string: upload.body))
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Habagat Builders"))
            #expect(preview.text.contains("import-duplicate"))
            #expect(preview.text.contains("import-rejected"))
            let uploadID = try #require(
                preview.text.range(of: "name=\"upload_id\" value=\"").map {
                    String(preview.text[$0.upperBound...].prefix { $0 != "\"" })
                })
            // Nothing was saved by the check.
            #expect(try await world.services.search.search("habagat", viewer: world.manager1.viewer).isEmpty)
            let run = try await client.browse(
                .post, "/imports/run", as: session,
                form: [("upload_id", uploadID), ("entity", "accounts"), ("preset", "generic"), ("action", "run")])
            #expect(run.status == .seeOther)
            let jobURL = try #require(run.headers[.location])
            let jobID = try #require(ImportJob.ID(string: String(jobURL.dropFirst("/imports/".count))))
            var job = try await world.services.imports.job(jobID, viewer: world.manager1.viewer)
            for _ in 0..<100 where job.status == .running {
                try await Task.sleep(for: .milliseconds(20))
                job = try await world.services.imports.job(jobID, viewer: world.manager1.viewer)
            }
            #expect(job.status == .finished)
            #expect(job.createdRows == 1 && job.rejectedRows == 3)
            let page = try await client.browse(.get, jobURL, as: session)
            #expect(page.text.contains("Silangan Pharma"))
            #expect(try await world.services.search.search("habagat", viewer: world.manager1.viewer).count == 1)
            // Someone else's upload or job is not found.
            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, jobURL, as: other).status == .notFound)
            let stolen = try await client.browse(
                .post, "/imports/run", as: other,
                form: [("upload_id", uploadID), ("entity", "accounts"), ("action", "run")])
            #expect(stolen.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func vCardsImportIntoAnAccountAndExportBackThroughPagesAndAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let session = try await client.login("manager1@test.ph")
            let card =
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Juan Dela Cruz\r\nN:Dela Cruz;Juan;;;\r\nTEL;TYPE=CELL:0917 456 7890\r\n"
                + "EMAIL:juan@tala.ph\r\nTITLE:Purchasing\r\nEND:VCARD\r\n"
            let upload = Self.multipart(
                [("_csrf", session.csrf), ("account_id", world.manager1Accounts[0].id.description)],
                file: ("file", "juan.vcf", "text/vcard", card))
            let result = try await client.execute(
                uri: "/contacts/import-vcard", method: .post,
                headers: [.cookie: "benta_session=\(session.cookie)", .contentType: upload.type],
                body: ByteBuffer(string: upload.body))
            #expect(result.status == .ok)
            let export = try await client.browse(
                .get, "/contacts/export.vcf?account_id=\(world.manager1Accounts[0].id)", as: session)
            #expect(export.headers[.contentType] == "text/vcard; charset=utf-8")
            #expect(export.text.contains("FN:Juan Dela Cruz"))
            #expect(export.text.contains("FN:Maria Santos"))
            let token = try await world.token(world.manager2)
            let api = try await client.api(
                .post, "/api/v1/contacts/import-vcard?account_id=\(world.manager2Accounts[0].id)", token: token,
                json: nil, headers: [.contentType: "text/vcard"])
            #expect(api.status == .unprocessableContent)
            let apiImport = try await client.execute(
                uri: "/api/v1/contacts/import-vcard?account_id=\(world.manager2Accounts[0].id)", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "text/vcard"],
                body: ByteBuffer(string: card.replacingOccurrences(of: "juan@tala.ph", with: "juan@dagat.ph")))
            #expect(apiImport.status == .created)
            let apiExport = try await client.api(.get, "/api/v1/contacts/export.vcf", token: token)
            #expect(apiExport.text.contains("FN:Juan Dela Cruz"))
            #expect(!apiExport.text.contains("Maria Santos"))
            let csv = "Company Name,Phone\r\nAPI Corp,0917 555 9999\r\n"
            let dry = try await client.execute(
                uri: "/api/v1/imports?entity=accounts&dry_run=true", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: csv))
            #expect(try dry.json()["creates"] as? Int == 1)
            let real = try await client.execute(
                uri: "/api/v1/imports?entity=accounts", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: csv))
            #expect(real.status == .created)
            #expect(try real.json()["created_rows"] as? Int == 1)
        }
    }
}
