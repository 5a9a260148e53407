import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import BentaWeb

/// The one world `AuthorizationMatrixTests` asks about: manager A (`manager1`) owns one record of every kind,
/// made through the API (or a service where the API has no create), each named with the marker "Kalamansi" so a
/// leak shows in any answer. Manager B (`manager2`) owns nothing of A's and shares no team with A.
struct MatrixWorld: Sendable {
    /// The marker every name of A's records carries.
    static let marker = "Kalamansi"

    /// The path parameter for each resource, by the path segment before the parameter (`accounts` → A's account).
    let ids: [String: String]
    /// A's draft invoice (the routes that change a draft take it; the others A's issued invoice).
    let draftInvoice: String
    /// The records a route uses up (a deletion, a discard, a merge), one of its own per route so an earlier route
    /// leaves it in place: route → path parameter (`:id`, `:stage_id`) → id.
    let routeIDs: [String: [String: String]]
    let amendment: String
    let stage: String
    let formKey: String
    let calendarFile: String
    /// B's own calendar feed, scanned for A's meetings.
    let otherCalendarFile: String
    /// What must never appear in an answer to B: A's record ids and document numbers.
    let secrets: [String]

    /// The API caller of the seeding: fails the test at once, naming the request, when the seed is refused.
    struct Seeder {
        let client: any TestClientProtocol

        @discardableResult
        func call(
            _ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil,
            type: String? = nil, text: String? = nil
        ) async throws -> JSONValue {
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            var body: ByteBuffer?
            if let json {
                headers[.contentType] = "application/json"
                body = ByteBuffer(string: json)
            } else if let type, let text {
                headers[.contentType] = type
                body = ByteBuffer(string: text)
            }
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            guard (200..<300).contains(response.status.code) else {
                throw TestSetupError("seeding \(method) \(uri): \(response.status.code) \(response.text.prefix(400))")
            }
            return response.body.readableBytes == 0 ? .null : try JSONValue.parse(Data(buffer: response.body))
        }
    }

    static func make(_ world: TestWorld, _ client: any TestClientProtocol) async throws -> MatrixWorld {
        let api = Seeder(client: client)
        let mine = try await world.token(world.manager1)
        let admin = try await world.token(world.admin)
        let head = try await world.token(world.head)
        let mark = Self.marker
        var ids: [String: String] = [:]

        let account = try await api.call(
            .post, "/api/v1/accounts", token: mine,
            json: """
                {"name": "\(mark) Trading", "registered_name": "\(mark) Trading Corp.", "tin": "333444555",
                 "billing_address": "7 \(mark) Street, Pasig City", "phones": ["0917 333 4455"],
                 "email": "buy@kalamansi.ph", "country": "PH", "is_vat_registered": true, "buyer_kind": "business"}
                """
        ).id()
        ids["accounts"] = account
        let contact = try await api.call(
            .post, "/api/v1/contacts", token: mine,
            json: """
                {"account_id": "\(account)", "name": "\(mark) Lorna", "phones": ["0917 333 4466"],
                 "emails": ["lorna@kalamansi.ph"]}
                """
        ).id()
        ids["contacts"] = contact
        ids["leads"] = try await api.call(
            .post, "/api/v1/leads", token: mine,
            json: """
                {"person_name": "\(mark) Nilo", "company_name": "\(mark) Farms", "email": "nilo@kalamansi-farms.ph",
                 "source": "referral"}
                """
        ).id()
        try await api.call(
            .post, "/api/v1/activities", token: mine,
            json: #"{"kind": "note", "body": "\#(mark) note", "account_id": "\#(account)"}"#)
        ids["tasks"] = try await api.call(
            .post, "/api/v1/tasks", token: mine,
            json: """
                {"title": "\(mark) call back", "due_at": "2026-12-03T06:00:00Z", "is_all_day": false,
                 "priority": "high", "account_id": "\(account)"}
                """
        ).id()
        ids["meetings"] = try await api.call(
            .post, "/api/v1/meetings", token: mine,
            json: """
                {"title": "\(mark) demo", "starts_at": "2026-12-04T02:00:00Z", "duration_minutes": 60,
                 "account_id": "\(account)", "contact_ids": ["\(contact)"]}
                """
        ).id()
        ids["products"] = try await api.call(
            .post, "/api/v1/products", token: head,
            json: """
                {"code": "JUICE-01", "name": "Juicer", "unit": "pc", "unit_price": "1000.00", "currency": "PHP",
                 "price_includes_tax": false, "tax_category": "vatable", "tax_rate_percent": 12, "is_active": true}
                """
        ).id()
        let deal = try await api.call(
            .post, "/api/v1/deals", token: mine,
            json: """
                {"title": "\(mark) deal", "account_id": "\(account)", "contact_ids": ["\(contact)"],
                 "expected_close": "2027-01-20",
                 "lines": [{"description": "Juicer", "quantity": "2", "unit": "pc", "unit_price": "1000.00"}]}
                """
        ).id()
        ids["deals"] = deal
        ids["quotes"] = try await api.call(
            .post, "/api/v1/quotes", token: mine, json: #"{"deal_id": "\#(deal)"}"#
        ).id()

        let template = try await api.call(
            .post, "/api/v1/contract-templates", token: admin,
            json:
                #"{"name": "Service agreement", "language": "en", "body": "Between {{seller_name}} and {{buyer_name}}."}"#
        ).id()
        ids["contract-templates"] = template
        let contract = try await api.call(
            .post, "/api/v1/contracts", token: mine,
            json: """
                {"title": "\(mark) supply", "account_id": "\(account)", "signatory_contact_id": "\(contact)",
                 "start_date": "2027-01-01", "end_date": "2027-12-31", "value": "120000.00", "currency": "PHP",
                 "payment_terms": "net_30", "language": "en", "billing_schedule": null}
                """
        ).id()
        ids["contracts"] = contract
        try await api.call(.post, "/api/v1/contracts/\(contract)/send", token: mine, json: #"{"email": false}"#)
        // Signed by uploading the signed copy, so the signed-copy download has something to answer.
        let uploaded = try await ContractsAPITests.upload(
            client, "/api/v1/contracts/\(contract)/signed-copy", token: mine, bytes: ContractsAPITests.pngBytes,
            filename: "signed.png", type: "image/png")
        guard uploaded.status == .created else {
            throw TestSetupError("seeding the signed copy: \(uploaded.status.code) \(uploaded.text.prefix(400))")
        }
        try await api.call(.post, "/api/v1/contracts/\(contract)/activate", token: mine)
        let amendment = try await api.call(
            .post, "/api/v1/contracts/\(contract)/amendments", token: mine,
            json: """
                {"title": "\(mark) extension", "body": "The term is extended.", "effective_date": "2027-06-01",
                 "new_end_date": "2028-06-30", "new_value": "180000.00"}
                """
        ).id()

        try await api.call(
            .put, "/api/v1/settings/invoicing", token: admin,
            json: """
                {"profile": "ph", "prices_include_tax": false, "default_payment_terms": "net_30",
                 "title": "SALES INVOICE", "acknowledgement_number": "AC-123-456789-2024",
                 "acknowledgement_date": "2024-05-02", "version": 0}
                """)
        let invoiceBody = """
            {"account_id": "\(account)", "contact_id": "\(contact)", "payment_terms": "net_30",
             "prices_include_tax": false,
             "lines": [{"description": "\(mark) consulting", "quantity": "1", "unit_price": "50000.00",
                        "tax_category": "vatable"}]}
            """
        let issued = try await api.call(.post, "/api/v1/invoices", token: mine, json: invoiceBody).id()
        let issuedInvoice = try await api.call(
            .post, "/api/v1/invoices/\(issued)/issue", token: mine, json: #"{"version": 1}"#)
        ids["invoices"] = issued
        let draft = try await api.call(.post, "/api/v1/invoices", token: mine, json: invoiceBody).id()
        let discardedDraft = try await api.call(.post, "/api/v1/invoices", token: mine, json: invoiceBody).id()
        let deletedDraft = try await api.call(.post, "/api/v1/invoices", token: mine, json: invoiceBody).id()
        let credit = try await api.call(
            .post, "/api/v1/invoices/\(issued)/credit-notes", token: mine,
            json: #"{"reason": "\#(mark) return", "amount": "1000.00", "tax_category": "vatable"}"#)
        ids["invoice-disputes"] = try await api.call(
            .post, "/api/v1/invoices/\(issued)/disputes", token: mine, json: #"{"note": "\#(mark) wrong price"}"#
        ).id()
        ids["collection-calls"] = try await api.call(
            .post, "/api/v1/collection-calls", token: mine,
            json: #"{"account_id": "\#(account)", "due_on": "2027-01-15"}"#
        ).id()
        ids["calls"] = ids["collection-calls"]
        try await api.call(
            .post, "/api/v1/promises", token: mine,
            json: """
                {"account_id": "\(account)", "promised_on": "2027-02-05", "amount": "1000.00",
                 "invoice_ids": ["\(issued)"]}
                """)

        try await api.call(
            .post, "/api/v1/bank-accounts", token: admin,
            json:
                #"{"name": "BDO peso current", "bank": "BDO Unibank", "number": "0012-3456-7890", "currency": "PHP"}"#)
        let payment = try await api.call(
            .post, "/api/v1/payments", token: admin,
            json: """
                {"account_id": "\(account)", "received_on": "2026-12-01", "amount": "10000.00", "method": "cash",
                 "reference": "\(mark)-OR-1", "allocations": [{"invoice_id": "\(issued)", "amount": "10000.00"}]}
                """)
        ids["payments"] = try payment.id()
        let paid = try await api.call(.get, "/api/v1/payments/\(try payment.id())", token: admin)
        ids["allocations"] = try #require(paid["allocations"]?.arrayValue?.first).id()
        try await api.call(.post, "/api/v1/payments/\(try payment.id())/collection-receipt", token: admin)
        let statement = try await api.call(
            .post, "/api/v1/bank-statements?file_name=march.sta", token: admin, type: "text/plain",
            text: try OpenAPIWireTests.bankFixture("mt940/ph-balanced.sta"))
        ids["bank-statements"] = try #require(statement["statements"]?.arrayValue?.first).id()
        let lines = try await api.call(.get, "/api/v1/bank-statement-lines?status=unmatched", token: admin)
        let line = try #require(lines["data"]?.arrayValue?.first).id()
        ids["bank-statement-lines"] = line
        ids["lines"] = line

        _ = try await world.services.plans.save(
            MonthPlanDraft(
                costLines: [.init(kind: "rent", label: "Office", amount: "600000", isRecurringMonthly: true)],
                targetProfit: "0", grossMargin: "30", splitMethod: "amounts",
                amounts: [
                    .init(managerID: world.manager1.id.description, value: "100000"),
                    .init(managerID: world.manager2.id.description, value: "100000"),
                ], reason: "November plan"),
            month: PlanMonth(year: 2026, month: 11)!, viewer: world.head.viewer)
        try await api.call(
            .put, "/api/v1/commission/plans/default", token: admin,
            json: """
                {"structure": "over_plan", "rate_percent": "10", "gross_margin_percent": "30", "currency": "PHP",
                 "base_salary": "25000.00", "product_rates": [], "effective_from": "2026-11",
                 "reason": "The article's model"}
                """)
        let run = try await api.call(.post, "/api/v1/commission/runs", token: head, json: #"{"month": "2026-11"}"#)
        let statements = run["statements"]?.arrayValue ?? []
        ids["statements"] = try #require(
            statements.first { $0["user_id"]?.stringValue == world.manager1.id.description }, "\(run)"
        ).id()
        ids["plans"] = world.manager1.id.description

        ids["imports"] = try await api.call(
            .post, "/api/v1/imports?entity=accounts", token: mine, type: "text/csv",
            text: "Company Name,Phone\r\n\(mark) Imports,0917 333 9999\r\n"
        ).id()
        try await api.call(
            .put, "/api/v1/settings/smtp", token: admin,
            json: """
                {"host": "smtp.example.ph", "port": 587, "security": "starttls", "username": "billing@bituin.ph",
                 "password": "app password", "from_address": "billing@bituin.ph", "from_name": "Bituin"}
                """)
        ids["outbox"] = try await api.call(
            .post, "/api/v1/settings/smtp/test", token: admin, json: #"{"to": "admin@test.ph"}"#
        ).id()
        let rule = try await api.call(
            .post, "/api/v1/routing-rules", token: admin,
            json: #"{"field": "province", "value": "Cebu", "assignee_id": "\#(world.manager3.id)"}"#
        ).id()
        ids["routing-rules"] = rule
        ids["routing"] = rule
        let pipeline = try await api.call(
            .post, "/api/v1/pipelines", token: admin, json: #"{"name": "Projects", "is_default": false}"#)
        let pipelineID = try pipeline.id()
        ids["pipelines"] = pipelineID
        let staged = try await api.call(
            .post, "/api/v1/pipelines/\(pipelineID)/stages", token: admin,
            json: #"{"name": "Site visit", "probability": 20, "forecast_category": "pipeline", "version": 1}"#)
        let stage = try #require(staged["stages"]?.arrayValue?.first { $0["name"]?.stringValue == "Site visit" })
            .id()
        // Two more stages and a second rule, each deleted by one route.
        var spareStages: [String] = []
        for (index, name) in ["Survey", "Permit"].enumerated() {
            let added = try await api.call(
                .post, "/api/v1/pipelines/\(pipelineID)/stages", token: admin,
                json:
                    #"{"name": "\#(name)", "probability": 30, "forecast_category": "pipeline", "version": \#(index + 2)}"#
            )
            spareStages.append(
                try #require(added["stages"]?.arrayValue?.first { $0["name"]?.stringValue == name }).id())
        }
        let spareRule = try await api.call(
            .post, "/api/v1/routing-rules", token: admin,
            json: #"{"field": "province", "value": "Iloilo", "assignee_id": "\#(world.manager3.id)"}"#
        ).id()
        ids["manager3"] = world.manager3.id.description
        // Two more accounts and contacts of A, each merged into A's own by one route.
        var spareAccounts: [String] = []
        var spareContacts: [String] = []
        for index in 1...2 {
            let spare = try await api.call(
                .post, "/api/v1/accounts", token: mine,
                json: #"{"name": "\#(mark) Branch \#(index)"}"#
            ).id()
            spareAccounts.append(spare)
            spareContacts.append(
                try await api.call(
                    .post, "/api/v1/contacts", token: mine,
                    json: #"{"account_id": "\#(account)", "name": "\#(mark) Lorna \#(index)"}"#
                ).id())
        }
        // Two discount requests on a quote of A's (the helper sets a 10% limit for managers; the standard duties
        // come back at once): one the approve routes decide, one for the reject and page routes.
        _ = try await OpenAPIWireTests.quoteAwaitingDiscounts(world)
        try await OpenAPIWireTests.setDiscountLimit(world, nil)
        let requests = try await api.call(.get, "/api/v1/discount-approvals", token: head)
        let requestIDs = try (requests["data"]?.arrayValue ?? []).map { try $0.id() }
        ids["discount-approvals"] = try #require(requestIDs.first)
        ids["discounts"] = try #require(requestIDs.last)
        let form = try await world.services.leadForms.create(
            name: "Website", fields: [.personName, .email], required: [.email], thankYou: "Salamat!",
            viewer: world.admin.viewer)
        ids["forms"] = form.id.description
        ids["users"] = world.manager3.id.description
        // The sales behind a manager's actual (`/plans/:month/credits/:id`): A's own.
        ids["credits"] = world.manager1.id.description
        ids["tokens"] = try await world.services.auth.createAPIToken(for: world.manager1, name: "spare").token.id
            .description
        // A saved bank CSV profile (`/api/v1/bank-csv-profiles/:id`).
        ids["bank-csv-profiles"] = try await api.call(
            .post, "/api/v1/bank-csv-profiles", token: admin,
            json: """
                {"name": "Matrix bank", "date_column": "Date", "description_column": "Text",
                 "amount": {"kind": "signed_amount", "column": "Amount"}, "date_formats": ["yyyy-MM-dd"],
                 "currency": "PHP"}
                """
        ).id()
        // The same profile's page (`/bank-statements/profiles/:id`).
        ids["profiles"] = ids["bank-csv-profiles"]

        let secrets =
            [account, contact, deal, contract, amendment, issued, draft, try credit.id(), try payment.id()]
            + [ids["leads"], ids["tasks"], ids["meetings"], ids["quotes"], ids["invoice-disputes"]].compactMap { $0 }
            + [ids["collection-calls"], ids["statements"], ids["imports"]].compactMap { $0 }
            + [issuedInvoice["number"]?.stringValue, credit["number"]?.stringValue].compactMap { $0 }
            + [mark]
        let routeIDs: [String: [String: String]] = [
            "POST /invoices/:id/discard": [":id": discardedDraft],
            "DELETE /api/v1/invoices/:id": [":id": deletedDraft],
            "DELETE /api/v1/pipelines/:id/stages/:stage_id": [":stage_id": spareStages[0]],
            "POST /settings/pipelines/:id/stages/:stage_id/delete": [":stage_id": spareStages[1]],
            "DELETE /api/v1/routing-rules/:id": [":id": spareRule],
        ]
        ids["spare-account-1"] = spareAccounts[0]
        ids["spare-account-2"] = spareAccounts[1]
        ids["spare-contact-1"] = spareContacts[0]
        ids["spare-contact-2"] = spareContacts[1]
        return MatrixWorld(
            ids: ids, draftInvoice: draft, routeIDs: routeIDs, amendment: amendment, stage: stage, formKey: form.key,
            calendarFile: try await world.services.calendar.token(for: world.manager1.id) + ".ics",
            otherCalendarFile: try await world.services.calendar.token(for: world.manager2.id) + ".ics",
            secrets: secrets)
    }

    /// The routes that change a draft invoice (the others of an invoice take the issued one).
    static let draftInvoiceRoutes: Set<String> = [
        "POST /invoices/:id", "POST /invoices/:id/lines", "POST /invoices/:id/lines/:index/delete",
        "POST /invoices/:id/issue", "POST /invoices/:id/discard", "PATCH /api/v1/invoices/:id",
        "DELETE /api/v1/invoices/:id", "POST /api/v1/invoices/:id/issue",
    ]

    /// The route's path with every parameter filled from the seed: the segment before a parameter names the
    /// resource; the routes that change a draft invoice take the draft.
    func path(_ method: String, _ template: String) -> String {
        let segments = template.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let changesDraft = Self.draftInvoiceRoutes.contains("\(method) \(template)")
        let own = routeIDs["\(method) \(template)"] ?? [:]
        var filled: [String] = []
        for (index, segment) in segments.enumerated() {
            guard segment.hasPrefix(":") else {
                filled.append(segment)
                continue
            }
            let before = index > 0 ? segments[index - 1] : ""
            if let id = own[segment] {
                filled.append(id)
                continue
            }
            switch segment {
            case ":index": filled.append("0")
            case ":month": filled.append("2026-11")
            case ":type": filled.append("invoice")
            case ":amendment": filled.append(amendment)
            case ":stage_id": filled.append(stage)
            case ":key": filled.append(formKey)
            case ":file": filled.append(before == "calendar" ? calendarFile : "app.css")
            // The history of a record (`/history/:type/:id`, type `invoice`): A's issued invoice.
            case ":id" where before == ":type": filled.append(ids["invoices"] ?? "")
            default:
                filled.append(before == "invoices" && changesDraft ? draftInvoice : ids[before] ?? "unseeded-\(before)")
            }
        }
        return filled.joined(separator: "/")
    }

    /// `body` with every `<<name>>` replaced by the seeded id of that name (`<<stage>>` is A's pipeline stage).
    func fill(_ body: MatrixBody) -> MatrixBody {
        func filled(_ text: String) -> String {
            var text = text.replacingOccurrences(of: "<<stage>>", with: stage)
            for (name, id) in ids { text = text.replacingOccurrences(of: "<<\(name)>>", with: id) }
            return text
        }
        switch body {
        case .json(let json): return .json(filled(json))
        case .text(let type, let text): return .text(type: type, filled(text))
        case .form(let fields): return .form(fields.map { ($0.0, filled($0.1)) })
        }
    }
}
