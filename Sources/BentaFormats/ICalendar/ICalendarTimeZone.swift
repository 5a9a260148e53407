import BentaCore
import Foundation

/// Writes a `VTIMEZONE` for a Foundation time zone, derived from the zone's transitions around one year.
///
/// - A zone with no transition in that year (Asia/Manila, Asia/Singapore, UTC) gets one `STANDARD` block with the
///   year's offset and `DTSTART:19700101T000000`.
/// - A zone with one change to and one change from DST that follow "n-th (or last) weekday of a month" rules in
///   the following years (Europe/Berlin, America/New_York, Australia/Sydney) gets `STANDARD` and `DAYLIGHT` blocks
///   with `RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nSU` (or `-1SU`), starting at their 1970 occurrence, as Google and
///   Outlook write them. The current rules are thus applied to past years too, which only matters for events
///   from before the zone's last rule change.
/// - Any other zone (rules not expressible that way, such as Asia/Jerusalem's "Friday before the last Sunday")
///   gets one block per kind of change, listing the actual transitions from the year before to five years after
///   as `RDATE`s.
struct ICalendarTimeZone {
    /// One change of UTC offset.
    struct Transition: Hashable {
        var instant: Int
        var offsetFrom: Int
        var offsetTo: Int
        var isDaylight: Bool
        /// The wall-clock time of the change, in the offset before it (as RFC 5545 `DTSTART` requires).
        var localSeconds: Int { instant + offsetFrom }
    }

    let timeZone: TimeZone

    /// Writes the `VTIMEZONE` block, with rules for the zone as it is in `year`.
    func write(year: Int, into lines: inout ICalendarContentLines) {
        lines.append("BEGIN", raw: "VTIMEZONE")
        lines.append("TZID", raw: timeZone.identifier)
        let thisYear = transitions(inYears: year...year)
        if thisYear.isEmpty {
            let newYear = CalendarDate(daysSinceEpoch: 0).adding(months: (year - 1970) * 12)
            let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.instant(newYear, 0))))
            writeObservance("STANDARD", start: "19700101T000000", from: offset, to: offset, into: &lines)
        } else if let rules = yearlyRules(for: thisYear, year: year) {
            for (transition, rule) in rules {
                let first = rule.date(in: 1970)
                let start =
                    ICalendarContentLines.date(first) + "T"
                    + ICalendarContentLines.time(Self.secondOfDay(transition.localSeconds))
                writeObservance(
                    transition.isDaylight ? "DAYLIGHT" : "STANDARD", start: start, from: transition.offsetFrom,
                    to: transition.offsetTo, rule: rule.text, into: &lines)
            }
        } else {
            writeListedTransitions(transitions(inYears: (year - 1)...(year + 5)), into: &lines)
        }
        lines.append("END", raw: "VTIMEZONE")
    }

    // MARK: - Transitions

    /// The zone's offset changes whose instant lies in the given years (UTC).
    func transitions(inYears years: ClosedRange<Int>) -> [Transition] {
        guard let first = CalendarDate(year: years.lowerBound, month: 1, day: 1),
            let last = CalendarDate(year: years.upperBound, month: 12, day: 31)
        else { return [] }
        let end = Self.instant(last.adding(days: 1), 0)
        var result: [Transition] = []
        var cursor = Date(timeIntervalSince1970: Double(Self.instant(first, 0) - 1))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
            ICalendarContentLines.wholeSeconds(next) < end, result.count < 100
        {
            let instant = ICalendarContentLines.wholeSeconds(next)
            let from = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant - 1)))
            let to = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
            if from != to {
                result.append(
                    Transition(
                        instant: instant, offsetFrom: from, offsetTo: to,
                        isDaylight: timeZone.isDaylightSavingTime(for: Date(timeIntervalSince1970: Double(instant)))))
            }
            cursor = next
        }
        return result
    }

    /// Yearly rules reproducing the year's two transitions for the following years, or nil.
    func yearlyRules(for transitions: [Transition], year: Int) -> [(Transition, YearlyRule)]? {
        guard transitions.count == 2, transitions[0].isDaylight != transitions[1].isDaylight else { return nil }
        var result: [(Transition, YearlyRule)] = []
        for transition in transitions {
            let (date, secondOfDay) = ICalendarContentLines.localDate(transition.localSeconds)
            let candidates = YearlyRule.candidates(for: date)
            guard
                let rule = candidates.first(where: { rule in
                    ((year + 1)...(year + 4)).allSatisfy { later in
                        let local = Self.instant(rule.date(in: later), secondOfDay)
                        return hasTransition(at: local - transition.offsetFrom)
                    }
                })
            else { return nil }
            result.append((transition, rule))
        }
        // STANDARD first, as most published feeds do.
        return result.sorted { !$0.0.isDaylight && $1.0.isDaylight }
    }

    private func hasTransition(at instant: Int) -> Bool {
        let before = Date(timeIntervalSince1970: Double(instant - 1))
        guard let next = timeZone.nextDaylightSavingTimeTransition(after: before) else { return false }
        return ICalendarContentLines.wholeSeconds(next) == instant
    }

    // MARK: - Writing

    private func writeObservance(
        _ kind: String, start: String, from: Int, to: Int, rule: String? = nil, dates: [String] = [],
        into lines: inout ICalendarContentLines
    ) {
        lines.append("BEGIN", raw: kind)
        lines.append("DTSTART", raw: start)
        if let rule { lines.append("RRULE", raw: rule) }
        for date in dates { lines.append("RDATE", raw: date) }
        lines.append("TZOFFSETFROM", raw: ICalendarContentLines.utcOffset(from))
        lines.append("TZOFFSETTO", raw: ICalendarContentLines.utcOffset(to))
        lines.append("END", raw: kind)
    }

    private func writeListedTransitions(_ transitions: [Transition], into lines: inout ICalendarContentLines) {
        var groups: [[Transition]] = []
        for transition in transitions {
            if let index = groups.firstIndex(where: {
                $0[0].isDaylight == transition.isDaylight && $0[0].offsetFrom == transition.offsetFrom
                    && $0[0].offsetTo == transition.offsetTo
            }) {
                groups[index].append(transition)
            } else {
                groups.append([transition])
            }
        }
        for group in groups {
            let starts = group.map { ICalendarContentLines.localDateTime($0.localSeconds, offset: 0) }
            writeObservance(
                group[0].isDaylight ? "DAYLIGHT" : "STANDARD", start: starts[0], from: group[0].offsetFrom,
                to: group[0].offsetTo, dates: Array(starts.dropFirst()), into: &lines)
        }
    }

    // MARK: - Helpers

    /// Seconds since 1970 of a wall-clock time on a date, as if it were UTC.
    static func instant(_ date: CalendarDate, _ secondOfDay: Int) -> Int {
        date.daysSinceEpoch * 86_400 + secondOfDay
    }

    static func secondOfDay(_ localSeconds: Int) -> Int {
        ICalendarContentLines.localDate(localSeconds).1
    }

    /// "The n-th (or last) weekday of a month", as in `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`.
    struct YearlyRule: Hashable {
        var month: Int
        /// 1...5 for the n-th, -1 for the last.
        var ordinal: Int
        /// ISO weekday, 1 = Monday ... 7 = Sunday.
        var weekday: Int

        /// The rules a date satisfies, "last" first when it applies.
        static func candidates(for date: CalendarDate) -> [YearlyRule] {
            var rules: [YearlyRule] = []
            if date.day + 7 > CalendarDate.daysInMonth(year: date.year, month: date.month) {
                rules.append(YearlyRule(month: date.month, ordinal: -1, weekday: date.isoWeekday))
            }
            if date.day <= 28 {
                rules.append(YearlyRule(month: date.month, ordinal: (date.day - 1) / 7 + 1, weekday: date.isoWeekday))
            }
            return rules
        }

        /// The rule's date in a year.
        func date(in year: Int) -> CalendarDate {
            let first = CalendarDate(daysSinceEpoch: 0).adding(months: (year - 1970) * 12 + month - 1)
            if ordinal < 0 {
                let last = first.lastOfMonth
                return last.adding(days: -((last.isoWeekday - weekday + 7) % 7))
            }
            return first.adding(days: (weekday - first.isoWeekday + 7) % 7 + 7 * (ordinal - 1))
        }

        /// `FREQ=YEARLY;BYMONTH=m;BYDAY=nXX`.
        var text: String {
            let names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            return "FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(ordinal)\(names[(weekday - 1) % 7])"
        }
    }
}
