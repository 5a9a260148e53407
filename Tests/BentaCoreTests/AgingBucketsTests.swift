import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct AgingBucketsTests {
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso8601: text)) }

    @Test(arguments: [
        (-400, "aging.not_due"), (-1, "aging.not_due"), (0, "aging.not_due"), (1, "aging.1_30"), (30, "aging.1_30"),
        (31, "aging.31_60"), (60, "aging.31_60"), (61, "aging.61_90"), (90, "aging.61_90"), (91, "aging.over_90"),
        (5000, "aging.over_90"),
    ])
    func standardBucketsFollowTheDomainBoundaries(days: Int, label: String) {
        #expect(AgingBuckets.standard.bucket(daysPastDue: days).labelKey == label)
    }

    @Test func theStandardBucketsAreValidAndCarryTheirRanges() throws {
        #expect(AgingBuckets.validate(AgingBuckets.standard.buckets).isEmpty)
        let ranges = AgingBuckets.standard.buckets.map { [$0.lowerDays, $0.upperDays] }
        #expect(ranges == [[nil, 0], [1, 30], [31, 60], [61, 90], [91, nil]])
    }

    @Test func dueTodayIsNotDueAndTheNextDayIsLate() throws {
        let due = try date("2026-03-31")
        #expect(AgingBuckets.standard.bucket(dueDate: due, asOf: due).labelKey == "aging.not_due")
        #expect(AgingBuckets.standard.bucket(dueDate: due, asOf: try date("2026-04-01")).labelKey == "aging.1_30")
    }

    @Test func daysPastDueCountCalendarDaysAcrossMonthsAndLeapDays() throws {
        #expect(AgingBuckets.daysPastDue(dueDate: try date("2028-02-28"), asOf: try date("2028-03-01")) == 2)
        #expect(AgingBuckets.daysPastDue(dueDate: try date("2027-02-28"), asOf: try date("2027-03-01")) == 1)
        #expect(AgingBuckets.daysPastDue(dueDate: try date("2026-12-31"), asOf: try date("2026-12-01")) == -30)
        #expect(AgingBuckets.daysPastDue(dueDate: try date("2025-12-31"), asOf: try date("2026-03-31")) == 90)
    }

    @Test func aCustomLadderMaySplitNotDueAndUseOtherWidths() throws {
        let buckets = try AgingBuckets([
            AgingBucket(labelKey: "aging.due_later", lowerDays: nil, upperDays: -8),
            AgingBucket(labelKey: "aging.due_this_week", lowerDays: -7, upperDays: 0),
            AgingBucket(labelKey: "aging.1_15", lowerDays: 1, upperDays: 15),
            AgingBucket(labelKey: "aging.over_15", lowerDays: 16, upperDays: nil),
        ])
        #expect(buckets.bucket(daysPastDue: -8).labelKey == "aging.due_later")
        #expect(buckets.bucket(daysPastDue: -7).labelKey == "aging.due_this_week")
        #expect(buckets.index(daysPastDue: 16) == 3)
    }

    @Test func overlapsGapsAndOpenEndsAreRefusedByField() {
        func codes(_ buckets: [AgingBucket]) -> [String] {
            AgingBuckets.validate(buckets).errors.map { "\($0.field):\($0.code)" }
        }
        #expect(
            codes([
                AgingBucket(labelKey: "a", lowerDays: nil, upperDays: 0),
                AgingBucket(labelKey: "b", lowerDays: 0, upperDays: 30),
                AgingBucket(labelKey: "c", lowerDays: 31, upperDays: nil),
            ]) == ["buckets[1].lower_days:overlap"])
        #expect(
            codes([
                AgingBucket(labelKey: "a", lowerDays: nil, upperDays: 0),
                AgingBucket(labelKey: "b", lowerDays: 2, upperDays: 30),
                AgingBucket(labelKey: "c", lowerDays: 31, upperDays: nil),
            ]) == ["buckets[1].lower_days:gap"])
        #expect(
            codes([
                AgingBucket(labelKey: "a", lowerDays: -5, upperDays: 0),
                AgingBucket(labelKey: "b", lowerDays: 1, upperDays: 30),
            ]) == ["buckets[0].lower_days:must_be_open", "buckets[1].upper_days:must_be_open"])
        #expect(
            codes([
                AgingBucket(labelKey: "a", lowerDays: nil, upperDays: 1),
                AgingBucket(labelKey: "a", lowerDays: 2, upperDays: nil),
            ]) == ["buckets[1].label_key:duplicate", "buckets:not_due_boundary"])
        #expect(
            codes([
                AgingBucket(labelKey: "a", lowerDays: nil, upperDays: 0),
                AgingBucket(labelKey: "b", lowerDays: 1, upperDays: nil),
                AgingBucket(labelKey: "c", lowerDays: nil, upperDays: nil),
            ]).contains("buckets[2].lower_days:overlap"))
        #expect(
            codes([
                AgingBucket(labelKey: " ", lowerDays: nil, upperDays: 0),
                AgingBucket(labelKey: "b", lowerDays: 10, upperDays: 5),
                AgingBucket(labelKey: "c", lowerDays: 6, upperDays: nil),
            ]) == ["buckets[0].label_key:required", "buckets[1].upper_days:invalid_range", "buckets[1].lower_days:gap"])
        #expect(codes([]) == ["buckets:required"])
        #expect(throws: ValidationErrors.self) { try AgingBuckets([]) }
    }

    @Test func storedJSONUsesSnakeCaseKeysAndIsValidatedWhenRead() throws {
        let data = try JSONEncoder().encode(AgingBuckets.standard)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]])
        let first = try #require(object["buckets"]?.first)
        #expect(first["label_key"] as? String == "aging.not_due")
        #expect(first["upper_days"] as? Int == 0)
        #expect(first["lower_days"] == nil)
        #expect(try JSONDecoder().decode(AgingBuckets.self, from: data) == AgingBuckets.standard)

        let overlapping = Data(
            #"{"buckets":[{"label_key":"a","upper_days":0},{"label_key":"b","lower_days":0}]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AgingBuckets.self, from: overlapping) }
    }
}
