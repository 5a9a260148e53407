import Foundation
import Testing

@testable import BentaCore

/// The read models that moved out of BentaStore (`Reading/`): pages, cursors and their one codec.
@Suite(.timeLimit(.minutes(20))) struct ReadingTests {
    static let id = "01945c30-0000-7000-8000-000000000001"

    @Test func base64URLHasNoPaddingAndNoURLSpecialCharacters() {
        let bytes = Data([0xFB, 0xFF, 0xFE, 0x3E])
        #expect(Base64URL.encode(bytes) == "-__-Pg")
        #expect(Base64URL.decode("-__-Pg") == bytes)
        #expect(Base64URL.decode("-__-Pg==") == bytes)
        #expect(Base64URL.decode("not base64!") == nil)
    }

    /// Cursors that clients got before the move (the store's own encoding) still read as the same position.
    @Test func cursorsIssuedBeforeTheMoveStillDecode() throws {
        let sort = try #require(
            SortCursor(encoded: "eyJzb3J0TmFtZSI6ImFjbWUiLCJpZCI6IjAxOTQ1YzMwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMSJ9"))
        #expect(sort == SortCursor(sortName: "acme", id: Self.id))
        let timeline = try #require(
            TimelineCursor(
                encoded: "eyJhdCI6MTc4MDAwMDAwMDAwMCwiaWQiOiIwMTk0NWMzMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDEifQ"))
        #expect(timeline == TimelineCursor(at: 1_780_000_000_000, id: Self.id))
    }

    @Test func everyCursorRoundTripsThroughTheOneCodec() {
        let sort = SortCursor(sortName: "dela cruz & sons/ñ", id: Self.id)
        #expect(SortCursor(encoded: sort.encoded) == sort)
        #expect(!sort.encoded.contains("=") && !sort.encoded.contains("+") && !sort.encoded.contains("/"))
        let timeline = TimelineCursor(at: 42, id: Self.id)
        #expect(TimelineCursor(encoded: timeline.encoded) == timeline)
        // A cursor of one list is not a cursor of another.
        #expect(SortCursor(encoded: timeline.encoded) == nil)
    }

    @Test func anOverlongCursorIsRefusedBeforeDecoding() {
        let long = SortCursor(sortName: String(repeating: "a", count: 1_000), id: Self.id).encoded
        #expect(long.count > SortCursor.maximumEncodedLength)
        #expect(SortCursor(encoded: long) == nil)
    }

    @Test func pageRequestAcceptsItsOwnCursorsAndNamesABadOne() throws {
        let next = PageRequest.newestFirstCursor(after: Self.id)
        #expect(try PageRequest.parse(limit: "25", cursor: next) == PageRequest(limit: 25, cursor: next))
        #expect(try PageRequest.parse(limit: nil, cursor: "") == PageRequest())
        let errors = #expect(throws: ValidationErrors.self) { try PageRequest.parse(limit: "0", cursor: "%%") }
        #expect(errors?.errors.map { "\($0.field) \($0.code)" } == ["limit out_of_range", "cursor invalid_cursor"])
    }
}

/// Rules that were written out in several services, now each once in the core.
@Suite(.timeLimit(.minutes(20))) struct SharedRulesTests {
    static let company = Company.ID(UUID())

    static func user(_ role: Role, company: Company.ID = company, active: Bool = true) throws -> User {
        User(
            id: User.ID(UUID()), companyID: company, email: try EmailAddress(parsing: "someone@example.ph"),
            name: "Someone",
            role: role, language: .english, isActive: active, createdAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0), version: 1)
    }

    @Test(arguments: Role.allCases)
    func onlyTheHeadAndAdminsGiveRecordsToOthers(role: Role) {
        let viewer = Viewer(userID: User.ID(UUID()), companyID: Self.company, role: role)
        #expect(viewer.mayAssign(owner: viewer.userID))
        #expect(viewer.mayAssign(owner: User.ID(UUID())) == (role == .head || role == .admin))
    }

    @Test func anOwnerIsAnActiveSalesUserOfTheSameCompany() throws {
        #expect(try Self.user(.manager).mayOwnRecords(of: Self.company))
        #expect(try Self.user(.head).mayOwnRecords(of: Self.company))
        #expect(try !Self.user(.accountant).mayOwnRecords(of: Self.company))
        #expect(try !Self.user(.manager, active: false).mayOwnRecords(of: Self.company))
        #expect(try !Self.user(.manager, company: Company.ID(UUID())).mayOwnRecords(of: Self.company))
    }

    /// 16:30 UTC on 1 March is already 2 March in Manila (UTC+8): due dates and expiry count the company's day.
    @Test func todayIsTheCompanysDate() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-03-01T16:30:00Z"))
        var settings = CompanySettings.initial(name: "Bituin")
        #expect(settings.today(at: now) == CalendarDate(iso8601: "2026-03-02"))
        settings.timeZone = .gmt
        #expect(settings.today(at: now) == CalendarDate(iso8601: "2026-03-01"))
    }

    @Test func paymentTermsReadOnceWithTheCallersField() {
        var errors = ValidationErrors()
        #expect(PaymentTerms.parse("Net 45", field: "payment_terms", into: &errors) == .net(days: 45))
        #expect(PaymentTerms.parse("soon", field: "default_payment_terms", into: &errors) == nil)
        #expect(
            PaymentTerms.parse(
                "net_400", field: "payment_terms", code: "invalid_payment_terms", message: "N from 0 to 365.",
                into: &errors) == nil)
        #expect(
            errors.errors.map { "\($0.field) \($0.code)" } == [
                "default_payment_terms invalid_terms", "payment_terms invalid_payment_terms",
            ])
    }
}
