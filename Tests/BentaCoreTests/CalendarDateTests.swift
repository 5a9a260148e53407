import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct CalendarDateTests {
    static let manila = TimeZone(identifier: "Asia/Manila") ?? .gmt
    static let newYork = TimeZone(identifier: "America/New_York") ?? .gmt

    private func date(_ iso: String) throws -> CalendarDate {
        try #require(CalendarDate(iso8601: iso))
    }

    @Test(arguments: [(2026, 11, 29), (2024, 2, 29), (2000, 2, 29), (1, 1, 1), (9999, 12, 31), (2026, 4, 30)])
    func validDatesAreAccepted(year: Int, month: Int, day: Int) throws {
        let value = try #require(CalendarDate(year: year, month: month, day: day))
        #expect(value.year == year && value.month == month && value.day == day)
    }

    @Test(arguments: [
        (2026, 2, 29), (1900, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 0, 1), (2026, 1, 0), (0, 1, 1),
    ])
    func impossibleDatesAreRejected(year: Int, month: Int, day: Int) {
        #expect(CalendarDate(year: year, month: month, day: day) == nil)
    }

    @Test(arguments: ["2026-11-29", "2024-02-29", "0001-01-01", "9999-12-31"])
    func iso8601RoundTrips(text: String) throws {
        #expect(try date(text).iso8601String == text)
        #expect(try date(text).description == text)
    }

    @Test(arguments: [
        "", "2026-11-31", "2026-1-29", "26-11-29", "2026/11/29", "2026-11-29T00:00", "２０２６-11-29",
        "abcd-ef-gh", " 2026-11-29",
    ])
    func malformedIsoStringsAreRejected(text: String) {
        #expect(CalendarDate(iso8601: text) == nil)
    }

    @Test(arguments: [
        ("2026-11-29", 1, "2026-11-30"), ("2026-12-31", 1, "2027-01-01"), ("2024-02-28", 1, "2024-02-29"),
        ("2025-02-28", 1, "2025-03-01"), ("2026-03-01", -1, "2026-02-28"), ("2026-01-01", 365, "2027-01-01"),
        ("2026-11-29", 30, "2026-12-29"), ("1970-01-01", 0, "1970-01-01"), ("2000-03-01", -1, "2000-02-29"),
    ])
    func addingDays(start: String, days: Int, expected: String) throws {
        #expect(try date(start).adding(days: days) == date(expected))
    }

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-11-29", 2, "2027-01-29"),
        ("2026-03-31", -1, "2026-02-28"), ("2026-05-15", -17, "2024-12-15"),
    ])
    func addingMonthsClampsToMonthEnd(start: String, months: Int, expected: String) throws {
        #expect(try date(start).adding(months: months) == date(expected))
    }

    @Test func daysBetweenAndEpochDayNumbers() throws {
        #expect(try date("1970-01-01").daysSinceEpoch == 0)
        #expect(try date("2000-01-01").daysSinceEpoch == 10_957)
        #expect(try date("1969-12-31").daysSinceEpoch == -1)
        #expect(try CalendarDate.daysBetween(date("2026-01-01"), date("2026-12-31")) == 364)
        #expect(try date("2026-03-01").days(until: date("2026-02-01")) == -28)
    }

    @Test func dayNumbersRoundTripOverFourHundredYears() throws {
        var previous = try date("1900-01-01")
        for offset in 1...(146_097 + 10) {
            let next = previous.adding(days: 1)
            #expect(next > previous)
            #expect(CalendarDate(year: next.year, month: next.month, day: next.day) == next)
            #expect(CalendarDate(daysSinceEpoch: next.daysSinceEpoch) == next)
            if offset % 50_000 == 0 { #expect(next.daysSinceEpoch - previous.daysSinceEpoch == 1) }
            previous = next
        }
        #expect(previous == (try date("2300-01-11")))
    }

    @Test func ordersChronologically() throws {
        let dates = try ["2026-11-29", "2025-12-31", "2026-01-15", "2026-11-01"].map(date)
        #expect(dates.sorted().map(\.iso8601String) == ["2025-12-31", "2026-01-15", "2026-11-01", "2026-11-29"])
    }

    @Test func weekdayAndMonthBounds() throws {
        #expect(try date("2026-11-29").isoWeekday == 7)
        #expect(try date("1970-01-01").isoWeekday == 4)
        #expect(try date("1969-12-29").isoWeekday == 1)
        #expect(try date("2024-02-10").lastOfMonth == date("2024-02-29"))
        #expect(try date("2024-02-10").firstOfMonth == date("2024-02-01"))
    }

    @Test func instantMapsToDateInGivenTimeZone() throws {
        // 2026-11-29T16:30:00Z is already the 30th in Manila (UTC+8) and still the 29th in New York.
        let instant = Date(timeIntervalSince1970: 1_795_969_800)
        #expect(CalendarDate.from(instant, in: .gmt) == (try date("2026-11-29")))
        #expect(CalendarDate.from(instant, in: Self.manila) == (try date("2026-11-30")))
        #expect(CalendarDate.from(instant, in: Self.newYork) == (try date("2026-11-29")))
        let midnight = try #require(try date("2026-11-30").startInstant(in: Self.manila))
        #expect(midnight == Date(timeIntervalSince1970: 1_795_968_000))
    }

    @Test func codableAsIsoString() throws {
        let value = try date("2026-11-29")
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-29"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [value])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}

@Suite(.timeLimit(.minutes(20))) struct DateFormattingTests {
    @Test(arguments: [
        ("2026-11-29", LanguageCode.english, "Nov 29, 2026"),
        ("2026-11-29", .filipino, "Nobyembre 29, 2026"),
        ("2026-01-05", .english, "Jan 5, 2026"),
        ("2026-01-05", .filipino, "Enero 5, 2026"),
        ("2026-05-01", .english, "May 1, 2026"),
        ("2026-09-30", .filipino, "Setyembre 30, 2026"),
    ])
    func displaysDateInLanguage(iso: String, language: LanguageCode, expected: String) throws {
        let value = try #require(CalendarDate(iso8601: iso))
        #expect(DateFormatting.display(value, language: language) == expected)
    }

    @Test func allTwelveFilipinoMonths() {
        let names = (1...12).map { DateFormatting.monthName($0, language: .filipino) }
        #expect(
            names == [
                "Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo",
                "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre",
            ])
    }

    @Test(arguments: [
        // 2026-11-29T09:03:00Z = 5:03 PM in Manila.
        (1_795_942_980.0, LanguageCode.english, "Nov 29, 2026 5:03 PM"),
        (1_795_942_980.0, .filipino, "Nobyembre 29, 2026 5:03 PM"),
        // 2026-11-28T16:00:00Z = midnight in Manila.
        (1_795_881_600.0, .english, "Nov 29, 2026 12:00 AM"),
        // 2026-11-29T04:00:00Z = noon in Manila.
        (1_795_924_800.0, .english, "Nov 29, 2026 12:00 PM"),
        (1_795_924_740.0, .english, "Nov 29, 2026 11:59 AM"),
    ])
    func displaysDateTimeInTimeZone(seconds: Double, language: LanguageCode, expected: String) {
        let manila = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let instant = Date(timeIntervalSince1970: seconds)
        #expect(DateFormatting.displayDateTime(instant, timeZone: manila, language: language) == expected)
    }

    @Test func birNumericFormat() throws {
        let value = try #require(CalendarDate(iso8601: "2026-01-05"))
        #expect(DateFormatting.birNumeric(value) == "01/05/2026")
    }
}
