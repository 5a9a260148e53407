import BentaCore
import BentaFormats
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaServices

/// A dunning reminder for an instalment invoice (issue 12) names the instalments due — number, open amount, due
/// date — and what they come to, beside the invoice's whole open amount, in English and Filipino; an ordinary
/// invoice's reminder is worded as before.
@Suite(.timeLimit(.minutes(20))) struct DunningInstalmentLetterTests {
    /// The text bodies of the dunning emails of `kind` the run queued, as the customer reads them.
    static func bodies(_ database: any AppDatabase, kind: String) async throws -> [String] {
        let raw = try await database.read { db in
            try await db.raw(
                "SELECT data FROM outbox_messages WHERE kind = \(bind: kind) ORDER BY created_at, id"
            ).all().map { try $0.decode(column: "data", as: Data.self) }
        }
        return try raw.map { try MailParser().parse($0).textBody ?? "" }
    }

    static func amount(_ money: Money) -> String {
        "\(money.currency.code) \(MoneyFormatter(language: .english).formatPlain(money))"
    }

    /// Three monthly instalments, nothing paid: the courtesy reminder names the first instalment and its date; the
    /// final notice, 30 days after the first instalment fell due, names the first two (the second fell due that
    /// day) and their sum; the invoice's 112,000 open amount is named beside them.
    @Test(arguments: TestEngine.available)
    func theRemindersNameTheInstalmentsDue(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await DunningTests.world(database)
            let invoice = try await DunningInstalmentTests.invoice(
                world, account: world.manager1Accounts[0], contact: world.manager1Contact,
                terms: DunningInstalmentTests.monthly)
            let parts = try await DunningInstalmentTests.instalments(database, invoice)
            let first = parts[0].dueDate
            try await DunningInstalmentTests.simulate(world, from: first, days: -3...30)
            let open = try PaymentServiceTests.php("112000")
            let date = { (day: CalendarDate) in DateFormatting.display(day, language: .english) }
            let courtesy = try #require(try await Self.bodies(database, kind: "dunning_courtesy_reminder").first)
            #expect(courtesy.contains("for \(Self.amount(open)) is due on \(date(first))"))
            #expect(
                courtesy.contains(
                    "The instalments due:\n- instalment 1 of 3: \(Self.amount(parts[0].amount)), due on \(date(first))\n"
                ))
            #expect(
                courtesy.contains(
                    "Amount due now: \(Self.amount(parts[0].amount)) (open on the whole invoice: \(Self.amount(open)))."
                ))
            #expect(!courtesy.contains("instalment 2 of 3"))
            let final = try #require(try await Self.bodies(database, kind: "dunning_final_notice").first)
            let dueNow = try parts[0].amount + parts[1].amount
            #expect(final.contains("- instalment 1 of 3: \(Self.amount(parts[0].amount)), due on \(date(first))\n"))
            #expect(
                final.contains(
                    "- instalment 2 of 3: \(Self.amount(parts[1].amount)), due on \(date(parts[1].dueDate))\n"))
            #expect(!final.contains("instalment 3 of 3"))
            #expect(
                final.contains(
                    "Amount due now: \(Self.amount(dueNow)) (open on the whole invoice: \(Self.amount(open)))."))
        }
    }

    /// Part of the first instalment paid: the instalment names what is still open of it (applied oldest first).
    /// The Filipino wording names the same parts. A one-part invoice gets no instalment paragraph.
    @Test func theLetterNamesWhatIsOpenOfEachInstalmentInEitherLanguage() throws {
        let php = { (text: String) in try PaymentServiceTests.php(text) }
        let start = try #require(CalendarDate(iso8601: "2026-03-01"))
        let instalments = [
            InvoiceInstalment(sequence: 1, dueDate: start, amount: try php("37333.33")),
            InvoiceInstalment(sequence: 2, dueDate: start.adding(days: 30), amount: try php("37333.33")),
            InvoiceInstalment(sequence: 3, dueDate: start.adding(days: 60), amount: try php("37333.34")),
        ]
        let balance = try InvoiceBalance(
            total: try php("112000"), credited: .zero(.php), paid: try php("7333.33"), instalments: instalments)
        let today = start.adding(days: 31)
        let due = DunningLetter.instalmentsDue(balance, dueDate: start, today: today)
        #expect(due.map(\.sequence) == [1, 2])
        #expect(due.map(\.open) == [try php("30000"), try php("37333.33")])
        let english = DunningLetter(
            action: .reminder, language: .english, number: "INV-7", open: try php("104666.67"), dueDate: start,
            today: today, buyer: "Tala", seller: "Benta", attached: false, instalments: due)
        #expect(english.body.contains("- instalment 1 of 3: PHP 30,000.00, due on"))
        #expect(english.body.contains("Amount due now: PHP 67,333.33 (open on the whole invoice: PHP 104,666.67)."))
        let filipino = DunningLetter(
            action: .reminder, language: .filipino, number: "INV-7", open: try php("104666.67"), dueDate: start,
            today: today, buyer: "Tala", seller: "Benta", attached: false, instalments: due)
        #expect(
            filipino.body.contains("Ang mga hulog na dapat bayaran:\n- hulog 1 sa 3: PHP 30,000.00, takdang petsa "))
        #expect(filipino.body.contains("- hulog 2 sa 3: PHP 37,333.33, takdang petsa "))
        #expect(filipino.body.contains("Dapat bayaran ngayon: PHP 67,333.33 (bukas sa buong invoice: PHP 104,666.67)."))
        let single = try InvoiceBalance(
            total: try php("112000"), credited: .zero(.php), paid: .zero(.php),
            instalments: [InvoiceInstalment(sequence: 1, dueDate: start, amount: try php("112000"))])
        #expect(DunningLetter.instalmentsDue(single, dueDate: start, today: today).isEmpty)
        let plain = DunningLetter(
            action: .reminder, language: .english, number: "INV-8", open: try php("112000"), dueDate: start,
            today: today, buyer: "Tala", seller: "Benta", attached: false)
        #expect(!plain.body.contains("instalment"))
    }
}
