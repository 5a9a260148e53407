import Foundation
import Testing

@testable import BentaCore

/// Quota types (issue 13): what each rule counts, the codes a company may use, and DOMAIN.md §4's attainment per type.
@Suite(.timeLimit(.minutes(20))) struct QuotaTypeTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }

    func event(_ id: String, _ amount: Int64, new: Bool, kind: CreditEvent.SourceKind = .invoice) -> CreditEvent {
        CreditEvent(
            sourceKind: kind, sourceID: id, date: CalendarDate(year: 2026, month: 11, day: 20)!,
            amount: pesos(amount), isNewCustomer: new)
    }

    /// A manager with 300,000 new + 700,000 existing sells 250,000 to new and 800,000 to existing customers:
    /// 83.3% and 114.3%, and 105.0% of the 1,000,000 total.
    @Test func attainmentPerTypeAndInTotal() throws {
        let new = QuotaType(uncheckedCode: "new", name: "New customers", rule: .newCustomers)
        let existing = QuotaType(uncheckedCode: "existing", name: "Existing customers", rule: .existingCustomers)
        let credits = [
            event("A", 250_000, new: true), event("B", 500_000, new: false), event("C", 300_000, new: false),
            event("K", -1_000, new: true, kind: .clawback),
        ]
        let byNew = try TypedAttainment.measure(new, plan: pesos(300_000), credits: credits)
        let byExisting = try TypedAttainment.measure(existing, plan: pesos(700_000), credits: credits)
        let total = try TypedAttainment.measure(.total, plan: pesos(1_000_000), credits: credits)
        #expect(byNew.actual == pesos(250_000) && byNew.attainmentPercent == Decimal(string: "83.3"))
        #expect(byNew.gap == pesos(50_000))
        #expect(byExisting.actual == pesos(800_000) && byExisting.attainmentPercent == Decimal(string: "114.3"))
        #expect(byExisting.gap == pesos(-100_000))
        #expect(total.actual == pesos(1_050_000) && total.attainmentPercent == 105)
        #expect(try TypedAttainment.measure(new, plan: pesos(0), credits: credits).attainmentPercent == nil)
    }

    @Test func codesAreCheckedAndTotalIsReserved() throws {
        let type = try QuotaType.checked(code: " key_accounts-2 ", name: " Key accounts ", rule: "existing_customers")
        #expect(type.code == "key_accounts-2" && type.name == "Key accounts" && type.rule == .existingCustomers)
        for (code, expected) in [
            ("", "required"), ("New", "invalid"), ("total", "reserved"),
            (String(repeating: "a", count: 33), "too_long"),
        ] {
            let refused = #expect(throws: ValidationErrors.self) {
                _ = try QuotaType.checked(code: code, name: "A type", rule: "new_customers")
            }
            #expect(refused?.errors.map(\.code) == [expected])
        }
        #expect(throws: ValidationErrors.self) {
            _ = try QuotaType.checked(code: "all", name: "All", rule: "all")
        }
    }

    /// A commission plan names its quota type; `total` is the whole plan share (stored as none), and the plan's
    /// stored form without a type reads back as before.
    @Test func aCommissionPlanNamesItsQuotaType() throws {
        let base = pesos(25_000)
        let typed = try CommissionPlan(
            currency: .php, baseSalary: base, structure: .flat(ratePercent: 5), quotaType: "new")
        #expect(typed.quotaType == "new")
        let total = try CommissionPlan(
            currency: .php, baseSalary: base, structure: .flat(ratePercent: 5), quotaType: "total")
        #expect(total.quotaType == nil)
        let refused = #expect(throws: ValidationErrors.self) {
            _ = try CommissionPlan(
                currency: .php, baseSalary: base, structure: .flat(ratePercent: 5), quotaType: "New Customers")
        }
        #expect(refused?.errors.map(\.field) == ["quota_type"])
        let json = try JSONEncoder().encode(total)
        #expect(!String(decoding: json, as: UTF8.self).contains("quota_type"))
        #expect(try JSONDecoder().decode(CommissionPlan.self, from: json) == total)
        let typedJSON = try JSONEncoder().encode(typed)
        #expect(try JSONDecoder().decode(CommissionPlan.self, from: typedJSON).quotaType == "new")
    }
}
