import BentaCore
import Testing

@Suite(.timeLimit(.minutes(20))) struct NumberFormatTests {
    @Test(arguments: [
        ("INV-{YYYY}-{SEQ:6}", 123, "INV-2026-000123"),
        ("Q{YY}{MM}-{SEQ}", 7, "Q2602-7"),
        ("CTR/{SEQ:3}", 12345, "CTR/12345"),
        ("{SEQ:1}", 9, "9"),
    ])
    func formatsNumbers(template: String, sequence: Int64, expected: String) throws {
        let format = try NumberFormat(template: template)
        #expect(format.format(sequence: sequence, date: CalendarDate(year: 2026, month: 2, day: 3)!) == expected)
    }

    @Test(arguments: [
        ("INV-{YYYY}", "sequence_required"),
        ("{SEQ}-{SEQ}", "sequence_required"),
        ("INV {SEQ}", "invalid_format"),
        ("INV-{SEQ:13}", "invalid_format"),
        ("INV-{DAY}-{SEQ}", "invalid_format"),
        ("INV-{SEQ", "invalid_format"),
        ("ÑINV-{SEQ}", "invalid_format"),
        (String(repeating: "A", count: 41) + "{SEQ}", "too_long"),
    ])
    func refusesBadTemplates(template: String, code: String) {
        #expect {
            try NumberFormat(template: template)
        } throws: { error in
            (error as? ValidationErrors)?.errors.map(\.code).contains(code) == true
        }
    }
}
