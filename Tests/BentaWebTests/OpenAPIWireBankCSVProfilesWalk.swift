import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The saved bank CSV profiles part of the documented walk (issue 12), which is also their API test on both engines:
// a profile of each sign convention saved (bad input and a taken name refused, nothing saved), read, listed, named by
// a statement import of a repository fixture, changed at its version (a stale one 412, bad input 422 and nothing
// changed), hidden from another company (404), refused to a manager (403), and archived.

extension OpenAPIWireTests {
    static func bankCSVProfiles(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let profiles = "/api/v1/bank-csv-profiles"
        let bpi = """
            {"name": "Our BPI", "date_column": "Date", "description_column": "Description",
             "reference_column": "Reference/Check No", "amount": {"kind": "debit_credit", "debit_column": "Debit",
             "credit_column": "Credit"}, "balance_column": "Balance", "date_formats": ["MM/dd/yyyy"],
             "currency": "PHP"}
            """
        try await api.call(.post, profiles, token: t.manager, json: bpi, expect: .forbidden)
        try await api.call(
            .post, profiles, token: t.admin,
            json:
                #"{"name": "", "date_column": "Date", "description_column": "Text", "amount": {"kind": "sign"}, "date_formats": ["dd.MM.yyyy"], "currency": "PHP"}"#,
            expect: .unprocessableContent)
        try await api.call(
            .post, profiles, token: t.admin,
            json:
                #"{"name": "X", "date_column": "Date", "description_column": "Text", "amount": {"kind": "signed_amount", "column": "Amount"}, "date_formats": ["qq"], "currency": "PHP"}"#,
            expect: .unprocessableContent)
        try await api.call(.post, profiles, token: t.admin, json: #"{"id": "mine", "name": "X"}"#, expect: .badRequest)
        let created = try await api.call(.post, profiles, token: t.head, json: bpi, expect: .created)
        let id = try created.id()
        try await api.call(.post, profiles, token: t.admin, json: bpi, expect: .unprocessableContent)
        try await api.call(
            .post, profiles, token: t.admin,
            json:
                #"{"name": "Maya export", "delimiter": ";", "date_column": "Date", "description_column": "Text", "payee_column": "Payee", "memo_columns": ["Memo"], "amount": {"kind": "signed_amount", "column": "Amount"}, "date_formats": ["dd.MM.yyyy"], "number_format": {"decimal_separator": ","}, "currency": "EUR", "account": "DE89370400440532013000", "value_date_column": "Valuta"}"#,
            expect: .created)
        try await api.call(
            .post, profiles, token: t.admin,
            json:
                #"{"name": "UnionBank export", "date_column": "Date", "description_column": "Description", "amount": {"kind": "amount_with_indicator", "amount_column": "Amount", "indicator_column": "Type", "credit_values": ["CR"]}, "date_formats": ["MM/dd/yyyy"], "currency": "PHP"}"#,
            expect: .created)
        let listed = try await api.call(.get, profiles + "?limit=2", token: t.admin, expect: .ok)
        #expect(listed["data"]?.arrayValue?.count == 2)
        #expect(listed["next_cursor"]?.stringValue != nil)
        try await api.call(.get, profiles, token: t.manager, expect: .forbidden)
        let shown = try await api.call(.get, "\(profiles)/\(id)", token: t.admin, expect: .ok)
        #expect(shown["profile"]?["date_column"]?.stringValue == "Date")
        try await api.call(.get, "\(profiles)/\(id)", token: t.manager, expect: .forbidden)

        // The import names it: the BPI fixture's lines are filed under the account chosen.
        let account = try await api.call(
            .post, "/api/v1/bank-accounts", token: t.admin,
            json: #"{"name": "BPI peso", "bank": "BPI", "number": "3319-0011-22", "currency": "PHP"}"#,
            expect: .created)
        let imported = try await api.send(
            .post, "/api/v1/bank-statements?profile=\(id)&bank_account_id=\(try account.id())", token: t.admin,
            type: "text/csv", text: try Self.bankFixture("csv/bpi.csv"), expect: .created)
        let lineCount = imported["statements"]?.arrayValue?.first?["line_count"]
        #expect(lineCount?.sameJSON(as: .integer(3)) == true, "\(String(describing: lineCount))")

        // Changed at its version; the same version again is stale; bad input changes nothing.
        let changed = try await api.call(
            .patch, "\(profiles)/\(id)", token: t.admin, json: #"{"name": "BPI current", "account": null}"#,
            headers: [.ifMatch: "\"1\""], expect: .ok)
        #expect(changed["version"]?.sameJSON(as: .integer(2)) == true)
        #expect(changed["name"]?.stringValue == "BPI current")
        try await api.call(
            .patch, "\(profiles)/\(id)", token: t.admin, json: #"{"name": "Lost", "version": 1}"#,
            expect: .preconditionFailed)
        try await api.call(
            .patch, "\(profiles)/\(id)", token: t.admin, json: #"{"name": "Broken", "date_formats": [], "version": 2}"#,
            expect: .unprocessableContent)
        try await api.call(
            .patch, "\(profiles)/\(id)", token: t.admin, json: #"{"name": "No version"}"#, expect: .badRequest)
        let unchanged = try await api.call(.get, "\(profiles)/\(id)", token: t.admin, expect: .ok)
        #expect(unchanged["version"]?.sameJSON(as: .integer(2)) == true)
        #expect(unchanged["name"]?.stringValue == "BPI current")
        #expect(unchanged["profile"]?["date_formats"]?.arrayValue?.count == 1)

        // Another company's admin: not found.
        let company = try await world.services.companies.create(
            settings: CompanySettings(
                name: "Other Co", registeredName: "Other Co Inc.", registeredAddress: "Pasig City",
                tin: try TaxpayerID(parsing: "008123456"), isVATRegistered: true, country: .PH, baseCurrency: .php,
                timeZone: TimeZone(identifier: "Asia/Manila") ?? .gmt, defaultLanguage: .english))
        let stranger = try await world.services.users.add(
            companyID: company.id, email: "admin@other.test", name: "Other Admin", role: .admin,
            password: TestWorld.password)
        let strangerToken = try await world.token(stranger)
        try await api.call(.get, "\(profiles)/\(id)", token: strangerToken, expect: .notFound)
        try await api.call(.delete, "\(profiles)/\(id)", token: strangerToken, expect: .notFound)

        try await api.call(.delete, "\(profiles)/\(id)", token: t.manager, expect: .forbidden)
        let archived = try await api.call(.delete, "\(profiles)/\(id)", token: t.head, expect: .ok)
        #expect(archived["archived"]?.sameJSON(as: .bool(true)) == true)
        try await api.send(
            .post, "/api/v1/bank-statements?profile=\(id)&bank_account_id=\(try account.id())", token: t.admin,
            type: "text/csv", text: try Self.bankFixture("csv/bpi.csv"), expect: .unprocessableContent)
    }
}
