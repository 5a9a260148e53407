import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct ICalendarTests {
    static let manila = TimeZone(identifier: "Asia/Manila") ?? .gmt
    static let newYork = TimeZone(identifier: "America/New_York") ?? .gmt
    static let now = utc("2026-11-20T01:02:03Z")

    /// An instant from an ISO 8601 UTC string.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day) ?? CalendarDate(daysSinceEpoch: 0)
    }

    static func meeting(
        uid: String = "meeting-1@benta", start: String = "2026-12-03T06:00:00Z", end: String = "2026-12-03T07:00:00Z",
        summary: String = "Demo", description: String? = nil
    ) -> CalendarEvent {
        CalendarEvent(
            uid: uid, timing: .timed(start: utc(start), end: utc(end)), summary: summary, description: description)
    }

    /// The physical lines of a rendered feed, without their CRLF.
    static func physicalLines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The logical content lines: folded lines joined again.
    static func contentLines(_ text: String) -> [String] {
        var result: [String] = []
        for line in physicalLines(text) {
            if line.hasPrefix(" "), let last = result.popLast() {
                result.append(last + line.dropFirst())
            } else {
                result.append(line)
            }
        }
        return result
    }

    // MARK: - Whole feed

    @Test func smallFeedRendersExactly() {
        let event = CalendarEvent(
            uid: "meeting-0192@benta", sequence: 3,
            timing: .timed(start: Self.utc("2026-12-03T06:00:00Z"), end: Self.utc("2026-12-03T07:30:00Z")),
            summary: "Demo: Dela Cruz Trading, Inc.", description: "Dalhin ang quotation; presyo ₱1,200",
            location: "Makati", url: "https://benta.example/meetings/0192",
            organizer: CalendarPerson(name: "Ana Reyes", email: "ana@benta.ph"),
            attendees: [
                CalendarPerson(name: "Cruz, Jose", email: "jose@dct.ph", participationStatus: .accepted),
                CalendarPerson(name: "Lola Basyang", email: nil),
            ],
            status: .confirmed, lastModified: Self.utc("2026-11-19T08:00:00Z"))
        let task = CalendarTodo(
            uid: "task-77@benta", sequence: 1, summary: "Follow up", due: .date(Self.day(2026, 12, 5)), priority: 1)
        let feed = CalendarFeed(name: "Benta – Ana", timeZone: Self.manila, events: [event], todos: [task])
        let expected = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Benta//Benta Sales 0.1//EN
            CALSCALE:GREGORIAN
            METHOD:PUBLISH
            NAME:Benta – Ana
            X-WR-CALNAME:Benta – Ana
            X-WR-TIMEZONE:Asia/Manila
            REFRESH-INTERVAL;VALUE=DURATION:PT15M
            X-PUBLISHED-TTL:PT15M
            BEGIN:VTIMEZONE
            TZID:Asia/Manila
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0800
            TZOFFSETTO:+0800
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            UID:meeting-0192@benta
            DTSTAMP:20261120T010203Z
            SEQUENCE:3
            DTSTART;TZID=Asia/Manila:20261203T140000
            DTEND;TZID=Asia/Manila:20261203T153000
            SUMMARY:Demo: Dela Cruz Trading\\, Inc.
            DESCRIPTION:Dalhin ang quotation\\; presyo ₱1\\,200\\n\\nKasama: Lola Basyang
             \\n\\nhttps://benta.example/meetings/0192
            LOCATION:Makati
            URL:https://benta.example/meetings/0192
            ORGANIZER;CN=Ana Reyes:mailto:ana@benta.ph
            ATTENDEE;CN="Cruz, Jose";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:jose
             @dct.ph
            STATUS:CONFIRMED
            LAST-MODIFIED:20261119T080000Z
            END:VEVENT
            BEGIN:VTODO
            UID:task-77@benta
            DTSTAMP:20261120T010203Z
            SEQUENCE:1
            DUE;VALUE=DATE:20261205
            SUMMARY:Follow up
            PRIORITY:1
            STATUS:NEEDS-ACTION
            END:VTODO
            BEGIN:VEVENT
            UID:event-task-77@benta
            DTSTAMP:20261120T010203Z
            SEQUENCE:1
            DTSTART;VALUE=DATE:20261205
            DTEND;VALUE=DATE:20261206
            SUMMARY:Follow up
            TRANSP:TRANSPARENT
            STATUS:CONFIRMED
            END:VEVENT
            END:VCALENDAR

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let rendered = feed.render(now: Self.now)
        #expect(rendered == expected)
    }

    @Test func emptyFeedIsStillACalendar() {
        let text = CalendarFeed(name: "Wala pa", timeZone: Self.manila).render(now: Self.now)
        let lines = Self.contentLines(text)
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.last == "END:VCALENDAR")
        for required in ["VERSION:2.0", "PRODID:-//Benta//Benta Sales 0.1//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        {
            #expect(lines.contains(required))
        }
        #expect(lines.contains("BEGIN:VTIMEZONE"))
        #expect(!lines.contains("BEGIN:VEVENT"))
        #expect(!lines.contains("BEGIN:VTODO"))
    }

    @Test func refreshIntervalIsAnISODuration() {
        let feed = CalendarFeed(name: "x", timeZone: Self.manila, refreshInterval: .seconds(3600 + 30))
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H30S"))
        #expect(lines.contains("X-PUBLISHED-TTL:PT1H30S"))
    }

    // MARK: - Line rules

    @Test func longFilipinoDescriptionFoldsAt75OctetsWithCRLF() throws {
        let sentence = "Pag-usapan ang presyo ng ₱12,500 na serbisyo; kasama si G. Niño at Gng. José 😀. "
        let description = String(String(repeating: sentence, count: 8).prefix(500))
        #expect(description.count == 500)
        let feed = CalendarFeed(
            name: "Kalendaryo ni Niño", timeZone: Self.manila,
            events: [Self.meeting(summary: "Pulong sa Parañaque — ₱ éñ 👨‍👩‍👧", description: description)])
        let text = feed.render(now: Self.now)
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A)
        }
        let lines = Self.physicalLines(text)
        #expect(lines.count > 10)
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
        }
        let descriptionLine = try #require(Self.contentLines(text).first { $0.hasPrefix("DESCRIPTION:") })
        #expect(descriptionLine == "DESCRIPTION:" + ICalendarContentLines.escapedText(description))
    }

    @Test(arguments: ["ñ", "é", "₱", "😀", "👨‍👩‍👧", "🇵🇭"])
    func foldingNeverSplitsACharacter(character: String) throws {
        for padding in 60...80 {
            let line = "SUMMARY:" + String(repeating: "a", count: padding) + character + "bc" + character
            let folded = ICalendarContentLines.fold(line)
            #expect(folded.hasSuffix("\r\n"))
            var bytes = Array(folded.utf8)
            bytes.removeLast(2)
            for physical in bytes.split(separator: 0x0D, omittingEmptySubsequences: false) {
                let raw = physical.first == 0x0A ? physical.dropFirst() : physical[...]
                #expect(raw.count <= 75)
                // Each physical line is valid UTF-8 on its own, so no multi-byte sequence was cut.
                let decoded = try #require(String(validating: raw, as: UTF8.self))
                #expect(!decoded.isEmpty)
            }
            #expect(Self.contentLines(folded) == [line])
        }
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b;c", "a\\,b\\;c"),
        ("back\\slash", "back\\\\slash"),
        ("line1\nline2", "line1\\nline2"),
        ("dos\r\nline", "dos\\nline"),
        ("old mac\rline", "old mac\\nline"),
        ("colon: stays", "colon: stays"),
        ("\"quotes\" stay", "\"quotes\" stay"),
        ("bell\u{07}gone\ttab", "bellgone\ttab"),
        ("₱1,200.00; ñ", "₱1\\,200.00\\; ñ"),
    ])
    func textIsEscaped(input: String, escaped: String) {
        #expect(ICalendarContentLines.escapedText(input) == escaped)
    }

    @Test(arguments: [
        ("Ana Reyes", "Ana Reyes"),
        ("Cruz, Jose", "\"Cruz, Jose\""),
        ("Dr. Santos; MD", "\"Dr. Santos; MD\""),
        ("Sales: North", "\"Sales: North\""),
        ("The \"Boss\"", "The 'Boss'"),
        ("Niño", "Niño"),
    ])
    func parameterValuesAreQuotedWhenNeeded(input: String, written: String) {
        #expect(ICalendarContentLines.parameterValue(input) == written)
    }

    @Test func summaryEscapingInAFeed() {
        let feed = CalendarFeed(
            name: "x", timeZone: Self.manila,
            events: [Self.meeting(summary: "Q1, Q2; review\\notes", description: "isa\ndalawa")])
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.contains("SUMMARY:Q1\\, Q2\\; review\\\\notes"))
        #expect(lines.contains("DESCRIPTION:isa\\ndalawa"))
    }

    // MARK: - Times

    @Test(arguments: [
        ("Asia/Manila", "2026-12-03T06:00:00Z", "DTSTART;TZID=Asia/Manila:20261203T140000"),
        ("Asia/Manila", "2026-07-15T18:30:00Z", "DTSTART;TZID=Asia/Manila:20260716T023000"),
        ("America/New_York", "2026-07-15T14:00:00Z", "DTSTART;TZID=America/New_York:20260715T100000"),
        ("America/New_York", "2026-01-15T15:00:00Z", "DTSTART;TZID=America/New_York:20260115T100000"),
        ("Europe/Berlin", "2026-07-01T08:00:00Z", "DTSTART;TZID=Europe/Berlin:20260701T100000"),
        ("Europe/Berlin", "2026-01-01T08:00:00Z", "DTSTART;TZID=Europe/Berlin:20260101T090000"),
    ])
    func timedMeetingsAreWrittenInTheCompanyZone(zone: String, start: String, line: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let feed = CalendarFeed(name: "x", timeZone: timeZone, events: [Self.meeting(start: start, end: start)])
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.contains(line))
        #expect(lines.contains("TZID:\(zone)"))
        #expect(lines.contains("DTSTAMP:20261120T010203Z"))
    }

    @Test func secondPassOfTheRepeatedHourIsWrittenInUTC() {
        // 2026-11-01 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
        let feed = CalendarFeed(
            name: "x", timeZone: Self.newYork,
            events: [
                Self.meeting(uid: "a@benta", start: "2026-11-01T05:30:00Z", end: "2026-11-01T05:30:00Z"),
                Self.meeting(uid: "b@benta", start: "2026-11-01T06:30:00Z", end: "2026-11-01T06:30:00Z"),
            ])
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.contains("DTSTART;TZID=America/New_York:20261101T013000"))
        #expect(lines.contains("DTSTART:20261101T063000Z"))
    }

    @Test func endBeforeStartIsWrittenAsTheStart() {
        let feed = CalendarFeed(
            name: "x", timeZone: Self.manila,
            events: [Self.meeting(start: "2026-12-03T06:00:00Z", end: "2026-12-03T05:00:00Z")])
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.contains("DTEND;TZID=Asia/Manila:20261203T140000"))
    }

    @Test(arguments: [
        (
            "Asia/Singapore",
            ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "END:STANDARD"]
        ),
        (
            "Europe/Berlin",
            [
                "BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
            ]
        ),
        (
            "America/New_York",
            [
                "BEGIN:STANDARD", "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19700308T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "END:DAYLIGHT",
            ]
        ),
        (
            "Australia/Sydney",
            [
                "BEGIN:STANDARD", "DTSTART:19700405T030000", "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
                "TZOFFSETFROM:+1100", "TZOFFSETTO:+1000", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19701004T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", "TZOFFSETFROM:+1000", "TZOFFSETTO:+1100", "END:DAYLIGHT",
            ]
        ),
    ])
    func timeZoneBlockFollowsTheZoneRules(zone: String, observances: [String]) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let lines = Self.contentLines(CalendarFeed(name: "x", timeZone: timeZone).render(now: Self.now))
        let begin = try #require(lines.firstIndex(of: "BEGIN:VTIMEZONE"))
        let end = try #require(lines.firstIndex(of: "END:VTIMEZONE"))
        #expect(Array(lines[(begin + 1)..<end]) == ["TZID:\(zone)"] + observances)
    }

    @Test func zoneWithoutWeekdayRulesListsItsTransitions() throws {
        // Israel changes to DST on the Friday before the last Sunday of March, which no BYDAY rule expresses.
        let timeZone = try #require(TimeZone(identifier: "Asia/Jerusalem"))
        let lines = Self.contentLines(CalendarFeed(name: "x", timeZone: timeZone).render(now: Self.now))
        #expect(lines.contains("BEGIN:DAYLIGHT"))
        #expect(lines.contains("BEGIN:STANDARD"))
        #expect(!lines.contains { $0.hasPrefix("RRULE:") })
        #expect(lines.filter { $0.hasPrefix("RDATE:") }.count >= 8)
    }

    // MARK: - Components

    @Test(arguments: [(day(2026, 12, 24), "20261224", "20261225"), (day(2026, 12, 31), "20261231", "20270101")])
    func allDayEventEndsTheNextDay(date: CalendarDate, start: String, end: String) {
        let event = CalendarEvent(uid: "holiday@benta", timing: .allDay(date), summary: "Pasko")
        let lines = Self.contentLines(
            CalendarFeed(name: "x", timeZone: Self.manila, events: [event]).render(now: Self.now))
        #expect(lines.contains("DTSTART;VALUE=DATE:\(start)"))
        #expect(lines.contains("DTEND;VALUE=DATE:\(end)"))
    }

    @Test func completedTodoCarriesItsCompletionTime() {
        let todo = CalendarTodo(
            uid: "task-1@benta", summary: "Tawagan si Ana", due: .dateTime(Self.utc("2026-11-18T09:00:00Z")),
            priority: 12, completedAt: Self.utc("2026-11-18T08:15:00Z"))
        let lines = Self.contentLines(
            CalendarFeed(name: "x", timeZone: Self.manila, todos: [todo]).render(now: Self.now))
        #expect(lines.contains("DUE;TZID=Asia/Manila:20261118T170000"))
        #expect(lines.contains("STATUS:COMPLETED"))
        #expect(lines.contains("COMPLETED:20261118T081500Z"))
        #expect(lines.contains("PRIORITY:9"))
        #expect(lines.contains("SUMMARY:✓ Tawagan si Ana"))
        #expect(lines.contains("DTSTART;TZID=Asia/Manila:20261118T170000"))
        #expect(lines.contains("DTEND;TZID=Asia/Manila:20261118T170000"))
    }

    @Test(arguments: [
        (CalendarFeed.TaskStyle.todos, 1, 0),
        (CalendarFeed.TaskStyle.events, 0, 1),
        (CalendarFeed.TaskStyle.todosAndEvents, 1, 1),
    ])
    func taskStyleChoosesTheComponents(style: CalendarFeed.TaskStyle, todos: Int, events: Int) {
        let todo = CalendarTodo(uid: "task-1@benta", summary: "Gawain", due: .date(Self.day(2026, 12, 1)))
        let feed = CalendarFeed(name: "x", timeZone: Self.manila, todos: [todo], taskStyle: style)
        let lines = Self.contentLines(feed.render(now: Self.now))
        #expect(lines.filter { $0 == "BEGIN:VTODO" }.count == todos)
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == events)
        #expect(lines.filter { $0 == "UID:task-1@benta" }.count == todos)
        #expect(lines.filter { $0 == "UID:event-task-1@benta" }.count == events)
    }

    @Test func everyUIDIsWrittenOnce() {
        let feed = CalendarFeed(
            name: "x", timeZone: Self.manila,
            events: [Self.meeting(uid: "same@benta"), Self.meeting(uid: "same@benta", summary: "Duplicate")],
            todos: [CalendarTodo(uid: "same@benta", summary: "Clash", due: .date(Self.day(2026, 12, 1)))])
        let lines = Self.contentLines(feed.render(now: Self.now))
        let uids = lines.filter { $0.hasPrefix("UID:") }
        #expect(uids == ["UID:same@benta", "UID:event-same@benta"])
        #expect(!lines.contains("SUMMARY:Duplicate"))
    }

    @Test func peopleWithoutEmailAreNamedInTheDescription() {
        let event = CalendarEvent(
            uid: "m@benta", timing: .allDay(Self.day(2026, 12, 1)), summary: "Pulong",
            organizer: CalendarPerson(name: "Ana", email: "  "),
            attendees: [
                CalendarPerson(name: "Ben", email: nil),
                CalendarPerson(name: "Carla", email: "carla@x.ph", role: .optional, participationStatus: .tentative),
            ])
        let lines = Self.contentLines(
            CalendarFeed(name: "x", timeZone: Self.manila, events: [event]).render(now: Self.now))
        #expect(lines.contains("DESCRIPTION:Kasama: Ana\\, Ben"))
        #expect(!lines.contains { $0.hasPrefix("ORGANIZER") })
        #expect(
            lines.filter { $0.hasPrefix("ATTENDEE") } == [
                "ATTENDEE;CN=Carla;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:carla@x.ph"
            ])
    }

    // MARK: - Third-party validator

    /// Python's `icalendar` reads our feeds. `scripts/test` sets `BENTA_PYTHON` to a Python with it; without it the
    /// test is reported as skipped, unless `BENTA_REQUIRE_VALIDATORS=1` makes it fail.
    @Test(
        .enabled(
            if: TestFiles.runsPythonValidators,
            "needs BENTA_PYTHON, a Python with icalendar (scripts/test creates one), or BENTA_REQUIRE_VALIDATORS=1"),
        arguments: ["Asia/Manila", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Jerusalem", "UTC"])
    func pythonIcalendarAcceptsTheFeed(zone: String) async throws {
        let python = try TestFiles.requirePython()
        let timeZone = try #require(TimeZone(identifier: zone))
        let starts = [
            "2026-01-15T15:00:00Z", "2026-07-15T14:00:00Z", "2026-03-29T00:30:00Z", "2026-10-25T02:30:00Z",
            "2026-11-01T06:30:00Z", "2027-03-14T09:00:00Z",
        ]
        var expected: [String: String] = [:]
        var events: [CalendarEvent] = []
        for (index, start) in starts.enumerated() {
            let uid = "meeting-\(index)@benta"
            events.append(
                CalendarEvent(
                    uid: uid, sequence: index,
                    timing: .timed(start: Self.utc(start), end: Self.utc(start).addingTimeInterval(3600)),
                    summary: "Pulong \(index), ₱ñé 😀", description: String(repeating: "Mahabang tala; ", count: 20),
                    organizer: CalendarPerson(name: "Ana, Sales", email: "ana@benta.ph"),
                    attendees: [CalendarPerson(name: "Jose", email: "jose@dct.ph")],
                    lastModified: Self.utc("2026-11-01T00:00:00Z")))
            expected[uid] = ICalendarContentLines.utcDateTime(Self.utc(start))
        }
        events.append(CalendarEvent(uid: "allday@benta", timing: .allDay(Self.day(2026, 12, 25)), summary: "Pasko"))
        expected["allday@benta"] = "20261225"
        let todos = [
            CalendarTodo(
                uid: "task-1@benta", summary: "Tawag", due: .dateTime(Self.utc("2026-07-01T01:00:00Z")), priority: 5,
                completedAt: Self.utc("2026-06-30T00:00:00Z")),
            CalendarTodo(uid: "task-2@benta", summary: "Quotation", due: .date(Self.day(2026, 12, 2))),
        ]
        expected["task-1@benta"] = "20260701T010000Z"
        expected["event-task-1@benta"] = "20260701T010000Z"
        expected["task-2@benta"] = "20261202"
        expected["event-task-2@benta"] = "20261202"
        let feeds = [
            CalendarFeed(name: "Kalendaryo", timeZone: timeZone, events: events, todos: todos),
            CalendarFeed(name: "Wala", timeZone: timeZone),
        ]
        for feed in feeds {
            try await Self.validateWithPython(python, feed.render(now: Self.now), expected: expected)
        }
    }

    static let validatorScript = #"""
        import sys
        # Standard input is read first: a Python that exits before reading it would break the pipe.
        data = sys.stdin.buffer.read()
        import datetime, json, zoneinfo
        import icalendar
        expected = json.loads(sys.argv[1])
        assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
        assert b"\r" not in data.replace(b"\r\n", b""), "bare CR"
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), "line over 75 octets"
        cal = icalendar.Calendar.from_ical(data)
        bad = [(c.name, c.errors) for c in cal.walk() if c.errors]
        assert not bad, bad
        assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]), "VERSION/PRODID"
        zones = {str(z["TZID"]): z for z in cal.walk("VTIMEZONE")}
        ours = {tzid: z.to_tz(lookup_tzid=False) for tzid, z in zones.items()}
        uids = []
        def utc(value, tz):
            if isinstance(value, datetime.datetime):
                if tz is not None:
                    value = value.replace(tzinfo=tz)
                return value.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            return value.strftime("%Y%m%d")
        for c in cal.walk():
            if c.name not in ("VEVENT", "VTODO"):
                continue
            assert "UID" in c and "DTSTAMP" in c, c.name
            uid = str(c["UID"])
            uids.append(uid)
            for key in ("DTSTART", "DTEND", "DUE"):
                if key in c:
                    tzid = c[key].params.get("TZID")
                    assert tzid is None or tzid in zones, (uid, key, tzid)
            key = "DUE" if c.name == "VTODO" else "DTSTART"
            if uid in expected:
                value = c.decoded(key)
                assert utc(value, None) == expected[uid], (uid, "zoneinfo", utc(value, None), expected[uid])
                tzid = c[key].params.get("TZID")
                if tzid:
                    naive = value.replace(tzinfo=None)
                    assert utc(naive, ours[tzid]) == expected[uid], (uid, "VTIMEZONE", utc(naive, ours[tzid]))
        assert len(uids) == len(set(uids)), "duplicate UID"
        assert set(expected) <= set(uids) or not uids, "missing components"
        for tzid, tz in ours.items():
            reference = zoneinfo.ZoneInfo(tzid)
            moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
            while moment.year < 2029:
                assert moment.astimezone(tz).utcoffset() == moment.astimezone(reference).utcoffset(), (tzid, moment)
                moment += datetime.timedelta(hours=7)
        print("ok")
        """#

    /// Runs ``validatorScript`` on one feed (given on standard input) and expects it to print "ok".
    static func validateWithPython(_ python: String, _ text: String, expected: [String: String]) async throws {
        let json = String(decoding: try JSONEncoder().encode(expected), as: UTF8.self)
        let run = try await ChildProcess.run(python, ["-c", validatorScript, json], input: Array(text.utf8))
        #expect(run.status == 0, "\(run.outputText)\(run.errorText)")
        #expect(run.outputText.hasSuffix("ok\n"), "\(run.outputText)\(run.errorText)")
    }
}
