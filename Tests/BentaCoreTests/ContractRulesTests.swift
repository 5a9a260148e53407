import BentaCore
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct ContractRulesTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }
    static func php(_ text: String) -> Money { try! Money(decimalString: text, currency: .php) }

    // MARK: Payment terms

    @Test(arguments: [
        ("due_on_receipt", "2026-03-15", "2026-03-15"),
        ("net_30", "2026-01-31", "2026-03-02"),
        ("net_0", "2026-05-05", "2026-05-05"),
        ("net_15", "2026-12-20", "2027-01-04"),
        ("eom_0", "2026-02-10", "2026-02-28"),
        ("eom_15", "2028-02-01", "2028-03-15"),
        ("eom_30", "2026-12-31", "2027-01-30"),
    ])
    func paymentTermsGiveTheDueDate(code: String, invoiceDate: String, due: String) throws {
        let terms = try #require(PaymentTerms.parse(code))
        #expect(terms.dueDate(for: Self.date(invoiceDate)) == Self.date(due))
        #expect(terms.code == code)
        #expect(PaymentTerms.parse(terms.code) == terms)
        #expect(PaymentTerms.parse(terms.description) == terms)
    }

    @Test(arguments: [
        ("Net 30", PaymentTerms.net(days: 30)), ("NET-45", .net(days: 45)), ("EOM + 15", .endOfMonthPlus(days: 15)),
        ("End of month + 10", .endOfMonthPlus(days: 10)), ("Due on receipt", .dueOnReceipt),
    ])
    func paymentTermsReadWhatPeopleType(text: String, expected: PaymentTerms) {
        #expect(PaymentTerms.parse(text) == expected)
    }

    @Test(arguments: ["", "net", "net_+5", "eom+x", "net_366", "net 3.5", "eom_x", "thirty days", "net_1000"])
    func paymentTermsRefuseNonsense(text: String) {
        #expect(PaymentTerms.parse(text) == nil)
    }

    // MARK: Billing schedule

    @Test func monthlyScheduleBillsEveryMonthWithoutDrift() throws {
        let schedule = BillingSchedule.recurring(
            period: .monthly, from: Self.date("2026-01-31"), to: Self.date("2026-05-31"), amount: Self.php("10000"))
        let entries = schedule.entries()
        #expect(
            entries.map(\.date.iso8601String) == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]
        )
        #expect(try schedule.total(currency: .php) == Self.php("50000"))
        try schedule.validate(start: Self.date("2026-01-01"), end: Self.date("2026-12-31"), value: Self.php("50000"))
        #expect(schedule.entries(dueThrough: Self.date("2026-03-31")).count == 3)
    }

    @Test func quarterlyScheduleBillsEveryThreeMonths() {
        let schedule = BillingSchedule.recurring(
            period: .quarterly, from: Self.date("2026-01-01"), to: Self.date("2026-12-31"), amount: Self.php("25000"))
        #expect(
            schedule.entries().map(\.date.iso8601String) == ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"])
    }

    @Test func milestonesAreListedInDateOrder() throws {
        let schedule = BillingSchedule.milestones([
            .init(name: "Go-live", date: Self.date("2026-06-30"), amount: Self.php("60000")),
            .init(name: "Kick-off", date: Self.date("2026-02-01"), amount: Self.php("40000")),
        ])
        #expect(schedule.entries().map(\.description) == ["Kick-off", "Go-live"])
        try schedule.validate(start: Self.date("2026-01-01"), end: Self.date("2026-12-31"), value: Self.php("100000"))
    }

    @Test(arguments: [
        (
            BillingSchedule.oneOff(date: date("2027-02-01"), amount: php("100")), "billing_schedule.date",
            "outside_contract_period"
        ),
        (BillingSchedule.oneOff(date: date("2026-02-01"), amount: php("0")), "billing_schedule.amount", "not_positive"),
        (
            BillingSchedule.oneOff(date: date("2026-02-01"), amount: php("100000.01")), "billing_schedule",
            "exceeds_contract_value"
        ),
        (
            BillingSchedule.recurring(
                period: .monthly, from: date("2026-01-01"), to: date("2026-12-01"), amount: php("9000")),
            "billing_schedule", "exceeds_contract_value"
        ),
        (
            BillingSchedule.milestones([.init(name: "Late", date: date("2025-12-31"), amount: php("10"))]),
            "billing_schedule.milestones[0].date", "outside_contract_period"
        ),
        (BillingSchedule.milestones([]), "billing_schedule.milestones", "required"),
        (
            BillingSchedule.oneOff(date: date("2026-02-01"), amount: Money(minorUnits: 100, currency: .usd)),
            "billing_schedule.amount", "currency_mismatch"
        ),
    ])
    func scheduleValidationRefuses(schedule: BillingSchedule, field: String, code: String) {
        do {
            try schedule.validate(
                start: Self.date("2026-01-01"), end: Self.date("2026-12-31"), value: Self.php("100000"))
            Issue.record("accepted \(schedule)")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.code == code }, "\(error)")
        }
    }

    @Test func scheduleDraftRoundTrips() throws {
        let schedule = BillingSchedule.milestones([
            .init(name: "Kick-off", date: Self.date("2026-02-01"), amount: Self.php("40000.50"))
        ])
        #expect(try BillingScheduleDraft(schedule).validated(currency: .php) == schedule)
        var bad = BillingScheduleDraft()
        bad.kind = "weekly"
        #expect(throws: ValidationErrors.self) { try bad.validated(currency: .php) }
    }

    // MARK: Templates

    @Test func placeholdersAreFilledAndUnknownOnesKept() {
        let text = "Between {{seller_name}} and {{ buyer_name }}: {{value}}. {{nope}} {{ not a name }} {{"
        let filled = ContractTemplateText.fill(
            text, values: ["seller_name": "Bituin", "buyer_name": "Peñaflor", "value": "PHP 1.00"])
        #expect(filled == "Between Bituin and Peñaflor: PHP 1.00. {{nope}} {{ not a name }} {{")
        #expect(ContractTemplateText.names(in: text) == ["seller_name", "buyer_name", "value", "nope"])
    }

    @Test func unknownPlaceholdersAreRefusedWhenSaving() throws {
        #expect(throws: Never.self) { try ContractTemplateText.validate("{{buyer_name}} {{end_date}}") }
        do {
            try ContractTemplateText.validate("Dear {{customer}}")
            Issue.record("accepted an unknown placeholder")
        } catch {
            #expect(error.errors.first?.code == "unknown_placeholder")
            #expect(error.errors.first?.message.contains("{{customer}}") == true)
        }
    }

    @Test func builtInTemplatesUseOnlyKnownPlaceholders() throws {
        for builtIn in ContractTemplate.builtInDefaults {
            try ContractTemplateText.validate(builtIn.body)
            #expect(ContractTemplateText.names(in: builtIn.body).contains("contract_number"))
        }
        #expect(Set(ContractTemplate.builtInDefaults.map(\.language)) == [.english, .filipino])
    }

    // MARK: Drafts and files

    @Test func contractDraftRefusesAnEndBeforeTheStart() {
        var draft = ContractDraft()
        draft.accountID = UUID().uuidString
        draft.signatoryContactID = UUID().uuidString
        draft.ownerID = UUID().uuidString
        draft.title = "Support"
        draft.bodyTemplate = "Text"
        draft.startDate = "2026-12-01"
        draft.endDate = "2026-11-30"
        draft.value = "1000"
        do {
            _ = try draft.validated(defaultCurrency: .php)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.code) == ["end_before_start"])
        }
    }

    @Test func signedCopiesAreRecognisedByTheirBytes() throws {
        #expect(SignedCopyFormat.detect(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(SignedCopyFormat.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(SignedCopyFormat.detect([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(SignedCopyFormat.detect(Array("<html>%PDF-".utf8)) == nil)
        #expect(throws: ContractError.unsupportedFileType) { try SignedCopyFormat.check(Array("MZ\u{90}".utf8)) }
        let large = [UInt8](repeating: 0x20, count: SignedCopyFormat.maximumBytes + 1)
        #expect(throws: ContractError.fileTooLarge(limit: SignedCopyFormat.maximumBytes)) {
            try SignedCopyFormat.check(large)
        }
    }
}
