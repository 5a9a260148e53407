import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The pieces the wire types share (issue 9): the invoice reference both receivables rows start with writes the
/// same members and values as each row wrote on its own, and the month and number readers of the request bodies
/// report the codes and messages the commission bodies reported (in the API too, on both engines).
@Suite(.timeLimit(.minutes(20))) struct WireShapeTests {
    static let invoiceID = Invoice.ID(string: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!

    /// `value` as the API writes it, parsed.
    static func object<T: Encodable>(_ value: T) throws -> [String: NSObject] {
        let data = try WireJSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: NSObject])
    }

    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }

    @Test func statementOpenInvoiceWritesItsReferenceAndAge() throws {
        let invoice = StatementOpenInvoice(
            invoiceID: Self.invoiceID, number: "INV-000042", issueDate: CalendarDate(year: 2026, month: 11, day: 30)!,
            dueDate: CalendarDate(year: 2026, month: 12, day: 30)!, total: try Self.php("11200"),
            open: try Self.php("6200.5"), daysPastDue: -4, bucketLabelKey: "aging.not_due")
        let written = try Self.object(StatementOfAccountResponse.OpenInvoice(invoice))
        let expected: [String: NSObject] = [
            "invoice_id": Self.invoiceID.description as NSString, "number": "INV-000042" as NSString,
            "issue_date": "2026-11-30" as NSString, "due_date": "2026-12-30" as NSString,
            "total": "11200.00" as NSString, "open": "6200.50" as NSString, "days_past_due": -4 as NSNumber,
            "bucket": "aging.not_due" as NSString,
        ]
        #expect(written == expected)
    }

    @Test func unpaidPastTermRowWritesItsReferenceBuyerAndVAT() throws {
        let row = UnpaidPastTermInvoice(
            invoiceID: Self.invoiceID, number: "INV-000043", issueDate: CalendarDate(year: 2026, month: 6, day: 1)!,
            dueDate: CalendarDate(year: 2026, month: 7, day: 1)!, buyerName: "Tala Trading", buyerTIN: nil,
            total: try Self.php("11200"), vat: try Self.php("1200"), open: try Self.php("5600"))
        let written = try Self.object(UnpaidPastTermResponse.Row(row))
        let expected: [String: NSObject] = [
            "invoice_id": Self.invoiceID.description as NSString, "number": "INV-000043" as NSString,
            "issue_date": "2026-06-01" as NSString, "due_date": "2026-07-01" as NSString,
            "buyer_name": "Tala Trading" as NSString, "buyer_tin": NSNull(), "currency": "PHP" as NSString,
            "total": "11200.00" as NSString, "vat": "1200.00" as NSString, "open": "5600.00" as NSString,
            "open_vat": "600.00" as NSString,
        ]
        #expect(written == expected)
    }

    @Test func monthsAreReadIntoFieldErrors() {
        var errors = ValidationErrors()
        #expect(errors.month("2026-11", field: "month") == PlanMonth(year: 2026, month: 11))
        #expect(errors.month(nil, field: "effective_from") == nil)
        #expect(errors.isEmpty)
        #expect(errors.month("2026-13", field: "effective_from") == nil)
        #expect(errors.month("", field: "from") == nil)
        #expect(errors.month(nil, field: "month", required: true) == nil)
        let month = "Enter a month as YYYY-MM."
        #expect(
            errors.errors == [
                FieldError(field: "effective_from", code: "invalid", message: month),
                FieldError(field: "from", code: "invalid", message: month),
                FieldError(field: "month", code: "invalid", message: month),
            ])
    }

    @Test func numbersAreReadIntoFieldErrors() {
        var errors = ValidationErrors()
        #expect(errors.decimal("27.5", field: "rate") == Decimal(string: "27.5"))
        #expect(errors.decimal(nil, field: "cap") == nil)
        #expect(errors.isEmpty)
        #expect(errors.decimal("ten", field: "rate") == nil)
        #expect(errors.decimal(nil, field: "tiers[0].from", required: true) == nil)
        #expect(
            errors.errors == [
                FieldError(field: "rate", code: "invalid", message: "Enter a number."),
                FieldError(field: "tiers[0].from", code: "required", message: "Enter a number."),
            ])
    }

    /// A plan with an unreadable month and rates, and a run without a month, are 422 with one error per member.
    @Test(arguments: TestEngine.available)
    func commissionBodiesReportMonthAndNumberErrors(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let plan = try await client.api(
                .put, "/api/v1/commission/plans/default", token: head,
                json: """
                    {"structure": "tiered", "tiers": [{"to": "100000", "rate_percent": "five"}],
                     "effective_from": "2026-13", "reason": "Bad input"}
                    """)
            #expect(plan.status == .unprocessableContent)
            #expect(
                try Self.fieldErrors(plan) == [
                    ["effective_from", "invalid", "Enter a month as YYYY-MM."],
                    ["tiers[0].from", "required", "Enter a number."],
                    ["tiers[0].rate", "invalid", "Enter a number."],
                ])
            let run = try await client.api(.post, "/api/v1/commission/runs", token: head, json: "{}")
            #expect(run.status == .unprocessableContent)
            #expect(try Self.fieldErrors(run) == [["month", "invalid", "Enter a month as YYYY-MM."]])
            let badRun = try await client.api(
                .post, "/api/v1/commission/runs", token: head, json: #"{"month": "November"}"#)
            #expect(try Self.fieldErrors(badRun) == [["month", "invalid", "Enter a month as YYYY-MM."]])
        }
    }

    /// The problem's field errors as `[field, code, message]`, in order.
    static func fieldErrors(_ response: TestResponse) throws -> [[String]] {
        let errors = try #require(try response.json()["errors"] as? [[String: Any]])
        return errors.map { error in
            ["field", "code", "message"].map { error[$0] as? String ?? "" }
        }
    }
}
