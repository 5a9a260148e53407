import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct MultipartFormDataTests {
    static let chromiumBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// Joins lines with CRLF, as browsers write them.
    static func crlf(_ lines: String...) -> [UInt8] {
        Array(lines.joined(separator: "\r\n").utf8)
    }

    /// A minimal valid body holding one field `note` with the given data.
    static func oneField(_ data: [UInt8], boundary: String = "b0und") -> [UInt8] {
        Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n".utf8) + data
            + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    static func parse(_ text: String, boundary: String = "b0und") throws(MultipartError) -> MultipartFormData {
        try MultipartFormData(bytes: Array(text.utf8), boundary: boundary)
    }

    /// Captured shape of a Chromium upload: CSRF token, a select, a CSV file and an empty file input.
    static let chromiumBody = crlf(
        "------WebKitFormBoundary7MA4YWxkTrZu0gW",
        "Content-Disposition: form-data; name=\"_csrf\"",
        "",
        "q8Zr3v1L-kP0aX9mWcT2",
        "------WebKitFormBoundary7MA4YWxkTrZu0gW",
        "Content-Disposition: form-data; name=\"entity\"",
        "",
        "contacts",
        "------WebKitFormBoundary7MA4YWxkTrZu0gW",
        "Content-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"",
        "Content-Type: text/csv",
        "",
        "Name,Company,City",
        "José Peña,Peña Trading,Cebu",
        "Ana Reyes,Northstar,Manila",
        "",
        "------WebKitFormBoundary7MA4YWxkTrZu0gW",
        "Content-Disposition: form-data; name=\"vcard\"; filename=\"\"",
        "Content-Type: application/octet-stream",
        "",
        "",
        "------WebKitFormBoundary7MA4YWxkTrZu0gW--",
        "")

    // MARK: - Browsers

    @Test func chromiumUploadWithCSVAndEmptyFileInputParses() throws {
        let contentType = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"
        let boundary = try #require(MultipartFormData.boundary(fromContentType: contentType))
        #expect(boundary == Self.chromiumBoundary)

        let form = try MultipartFormData(bytes: Self.chromiumBody, boundary: boundary)
        #expect(form.parts.map(\.name) == ["_csrf", "entity", "file", "vcard"])
        #expect(form.field("_csrf") == "q8Zr3v1L-kP0aX9mWcT2")
        #expect(form.field("entity") == "contacts")
        #expect(form.field("file") == nil)

        let file = try #require(form.file("file"))
        #expect(file.filename == "leads.csv")
        #expect(file.contentType == "text/csv")
        #expect(file.text == "Name,Company,City\r\nJosé Peña,Peña Trading,Cebu\r\nAna Reyes,Northstar,Manila\r\n")
        #expect(file.data.suffix(2) == [0x0D, 0x0A])

        #expect(form.file("vcard") == nil)
        #expect(form.files("vcard").isEmpty)
        let emptyInput = try #require(form.parts.last)
        #expect(emptyInput.filename == "")
        #expect(emptyInput.data.isEmpty)
        #expect(emptyInput.contentType == "application/octet-stream")
    }

    @Test func firefoxUploadWithDashHeavyBoundaryParses() throws {
        let contentType = "multipart/form-data; boundary=---------------------------9051914041544843365972754266"
        let boundary = try #require(MultipartFormData.boundary(fromContentType: contentType))
        let body = Self.crlf(
            "-----------------------------9051914041544843365972754266",
            "Content-Disposition: form-data; name=\"text\"",
            "",
            "text default",
            "-----------------------------9051914041544843365972754266",
            "Content-Disposition: form-data; name=\"file1\"; filename=\"a.txt\"",
            "Content-Type: text/plain",
            "",
            "Content of a.txt.",
            "",
            "-----------------------------9051914041544843365972754266",
            "Content-Disposition: form-data; name=\"file2\"; filename=\"a.html\"",
            "Content-Type: text/html",
            "",
            "<!DOCTYPE html><title>Content of a.html.</title>",
            "",
            "-----------------------------9051914041544843365972754266--",
            "")
        let form = try MultipartFormData(bytes: body, boundary: boundary)
        #expect(form.field("text") == "text default")
        #expect(form.file("file1")?.text == "Content of a.txt.\r\n")
        #expect(form.file("file2")?.contentType == "text/html")
        #expect(form.file("file2")?.text == "<!DOCTYPE html><title>Content of a.html.</title>\r\n")
    }

    // MARK: - Boundary from Content-Type

    @Test(arguments: [
        ("multipart/form-data; boundary=----WebKitFormBoundaryX", "----WebKitFormBoundaryX"),
        ("multipart/form-data; boundary=\"----WebKitFormBoundaryX\"", "----WebKitFormBoundaryX"),
        ("Multipart/Form-Data; BOUNDARY=abc", "abc"),
        ("multipart/form-data;boundary=abc", "abc"),
        ("multipart/form-data; charset=utf-8; boundary=abc", "abc"),
        ("multipart/form-data; boundary=abc; charset=utf-8", "abc"),
        ("multipart/form-data; boundary=\"with space and :?=\"", "with space and :?="),
        ("multipart/form-data; boundary=\"a(b)c\"; charset=utf-8", "a(b)c"),
        ("  multipart/form-data ;  boundary = abc  ", "abc"),
        ("multipart/form-data; boundary=" + String(repeating: "x", count: 70), String(repeating: "x", count: 70)),
    ])
    func boundaryIsReadFromTheContentType(contentType: String, expected: String) {
        #expect(MultipartFormData.boundary(fromContentType: contentType) == expected)
    }

    @Test(arguments: [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=" + String(repeating: "x", count: 71),
        "multipart/form-data; boundary=\"ends with space \"",
        "multipart/form-data; boundary=bad*char",
        "multipart/form-data; boundary=\"a;b\"",
        "multipart/form-data; boundary=ñandú",
        "multipart/mixed; boundary=abc",
        "application/x-www-form-urlencoded",
        "",
    ])
    func invalidOrMissingBoundaryIsNil(contentType: String) {
        #expect(MultipartFormData.boundary(fromContentType: contentType) == nil)
    }

    // MARK: - Framing

    @Test func everyByteValueSurvives() throws {
        let data = (0...255).map(UInt8.init) + (0...255).reversed().map(UInt8.init) + [0x0D, 0x0A, 0x0D]
        let form = try MultipartFormData(bytes: Self.oneField(data), boundary: "b0und")
        #expect(form.parts.first?.data == data)
    }

    @Test(arguments: [
        "x--b0und\r\ny",
        "--b0und at the start of data is not on its own line?",
        "line\r\n--b0un\r\nnear miss",
        "line\r\n--b0undX\r\nlonger boundary",
        "line\n--b0und-x\r\n",
        "ends with a near miss\r\n--b0un",
        "\r\n\r\n",
        "",
    ])
    func boundaryLookalikesStayData(text: String) throws {
        let form = try MultipartFormData(bytes: Self.oneField(Array(text.utf8)), boundary: "b0und")
        #expect(form.parts.count == 1)
        #expect(form.field("note") == text)
    }

    @Test func dataStartingWithTheDelimiterTextWithoutLineBreakIsKept() throws {
        // The part body starts right after the blank line, so `--b0und` there is preceded by a line feed: only the
        // trailing `X` keeps it from being a delimiter.
        let form = try Self.parse("--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--b0undX\r\n--b0und--")
        #expect(form.field("a") == "--b0undX")
    }

    @Test func bareLineFeedsAreTolerated() throws {
        let body =
            "--b0und\nContent-Disposition: form-data; name=\"a\"\n\none\ntwo\n--b0und\n"
            + "Content-Disposition: form-data; name=\"b\"\n\n\n--b0und--\n"
        let form = try Self.parse(body)
        #expect(form.field("a") == "one\ntwo")
        #expect(form.field("b") == "")
    }

    @Test func preambleEpilogueAndTransportPaddingAreIgnored() throws {
        let body =
            "This is a preamble.\r\n--b0und-not-it\r\n--b0und \t\r\n"
            + "Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--b0und--  \r\nThis is the epilogue.\r\n"
        let form = try Self.parse(body)
        #expect(form.parts.count == 1)
        #expect(form.field("a") == "value")
    }

    @Test func emptyFormHasNoParts() throws {
        #expect(try Self.parse("--b0und--\r\n").parts.isEmpty)
    }

    @Test func emptyBodyWithoutBlankLineBeforeTheDelimiterIsEmpty() throws {
        let form = try Self.parse("--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--b0und--")
        #expect(form.field("a") == "")
    }

    // MARK: - Headers and parameters

    @Test func headerNamesAndDispositionAreCaseInsensitive() throws {
        let body =
            "--b0und\r\nCONTENT-DISPOSITION: Form-Data; NAME=\"a\"; FileName=\"x.vcf\"\r\n"
            + "content-type:text/vcard \r\nX-Other: ignored\r\n\r\nBEGIN:VCARD\r\n--b0und--"
        let part = try #require(try Self.parse(body).file("a"))
        #expect(part.filename == "x.vcf")
        #expect(part.contentType == "text/vcard")
    }

    @Test func foldedHeaderContinuesThePreviousField() throws {
        let body =
            "--b0und\r\nContent-Disposition: form-data;\r\n name=\"a\";\r\n\tfilename=\"f.csv\"\r\n\r\nx\r\n--b0und--"
        let part = try #require(try Self.parse(body).parts.first)
        #expect(part.name == "a")
        #expect(part.filename == "f.csv")
    }

    @Test(arguments: [
        ("filename=\"leads.csv\"", "leads.csv"),
        ("filename=leads.csv", "leads.csv"),
        ("filename=\"say \\\"hi\\\".csv\"", "say \"hi\".csv"),
        ("filename=\"back\\\\slash.csv\"", "slash.csv"),
        ("filename=\"C:\\Users\\ana\\Desktop\\leads.csv\"", "leads.csv"),
        ("filename=\"../../etc/passwd\"", "passwd"),
        ("filename=\"dir/sub\\mixed.csv\"", "mixed.csv"),
        ("filename=\"evil/\u{301}x.csv\"", "\u{301}x.csv"),
        ("filename=\"..\"", ""),
        ("filename=\"Peña.csv\"", "Peña.csv"),
        ("filename*=UTF-8''Pe%C3%B1a.csv", "Peña.csv"),
        ("filename*=utf-8'es'Pe%C3%B1a%20Ltd.csv", "Peña Ltd.csv"),
        ("filename*=ISO-8859-1''Pe%F1a.csv", "Peña.csv"),
        ("filename=\"fallback.csv\"; filename*=UTF-8''Pe%C3%B1a.csv", "Peña.csv"),
        ("filename*=UTF-8''Pe%C3%B1a.csv; filename=\"fallback.csv\"", "Peña.csv"),
        ("filename=\"fallback.csv\"; filename*=UTF-8''%FF%FE.csv", "fallback.csv"),
        ("filename=\"fallback.csv\"; filename*=KOI8-R''%C1.csv", "fallback.csv"),
        ("filename*=UTF-8''..%2F..%2Fsecret.csv", "secret.csv"),
        ("filename=\"tab\there.csv\"", "tabhere.csv"),
        ("filename=\"\"", ""),
    ])
    func filenameIsDecodedAndStrippedOfDirectories(parameter: String, expected: String) throws {
        let body = "--b0und\r\nContent-Disposition: form-data; name=\"upload\"; \(parameter)\r\n\r\ndata\r\n--b0und--"
        let part = try #require(try Self.parse(body).parts.first)
        #expect(part.filename == expected)
    }

    @Test func quotedNameMayContainSemicolonsAndEscapedQuotes() throws {
        let body = "--b0und\r\nContent-Disposition: form-data; name=\"a;b \\\"c\\\"\"\r\n\r\nv\r\n--b0und--"
        #expect(try Self.parse(body).field("a;b \"c\"") == "v")
    }

    // MARK: - Lookups

    @Test func repeatedFieldsAreAllReturnedInOrder() throws {
        let body = Self.crlf(
            "--b0und", "Content-Disposition: form-data; name=\"tag\"", "", "hot",
            "--b0und", "Content-Disposition: form-data; name=\"tag\"", "", "b2b",
            "--b0und", "Content-Disposition: form-data; name=\"tag\"; filename=\"tag.txt\"", "", "a file",
            "--b0und", "Content-Disposition: form-data; name=\"tag\"", "", "",
            "--b0und--")
        let form = try MultipartFormData(bytes: body, boundary: "b0und")
        #expect(form.field("tag") == "hot")
        #expect(form.fields("tag") == ["hot", "b2b", ""])
        #expect(form.fields("missing").isEmpty)
        #expect(form.file("tag")?.text == "a file")
    }

    @Test func multipleFilesUnderOneNameAreAllReturned() throws {
        let body = Self.crlf(
            "--b0und", "Content-Disposition: form-data; name=\"cards\"; filename=\"a.vcf\"", "", "A",
            "--b0und", "Content-Disposition: form-data; name=\"cards\"; filename=\"b.vcf\"", "", "B",
            "--b0und--")
        let form = try MultipartFormData(bytes: body, boundary: "b0und")
        #expect(form.files("cards").map(\.filename) == ["a.vcf", "b.vcf"])
        #expect(form.file("cards")?.text == "A")
    }

    @Test func fileWithEmptyNameButDataStillCounts() throws {
        let body = "--b0und\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\nbytes\r\n--b0und--"
        #expect(try Self.parse(body).file("f")?.text == "bytes")
    }

    @Test func textDecodesInvalidUTF8Leniently() throws {
        let form = try MultipartFormData(bytes: Self.oneField([0x50, 0x65, 0xF1, 0x61]), boundary: "b0und")
        #expect(form.field("note") == "Pe\u{FFFD}a")
    }

    // MARK: - Limits

    @Test func bodyLargerThanTheLimitIsRefused() throws {
        let body = Self.oneField(Array(repeating: 0x41, count: 100))
        let limits = MultipartFormData.Limits(maximumBytes: body.count)
        #expect(try MultipartFormData(bytes: body, boundary: "b0und", limits: limits).parts.count == 1)
        let smaller = MultipartFormData.Limits(maximumBytes: body.count - 1)
        #expect(throws: MultipartError.tooLarge(limit: body.count - 1)) {
            try MultipartFormData(bytes: body, boundary: "b0und", limits: smaller)
        }
    }

    @Test(arguments: [1, 3, 50])
    func partsBeyondTheLimitAreRefused(limit: Int) throws {
        func body(parts: Int) -> [UInt8] {
            let part = "--b0und\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n"
            return Array((String(repeating: part, count: parts) + "--b0und--\r\n").utf8)
        }
        let limits = MultipartFormData.Limits(maximumParts: limit)
        #expect(
            try MultipartFormData(bytes: body(parts: limit), boundary: "b0und", limits: limits).parts.count == limit)
        #expect(throws: MultipartError.tooManyParts(limit: limit)) {
            try MultipartFormData(bytes: body(parts: limit + 1), boundary: "b0und", limits: limits)
        }
    }

    @Test func defaultLimitsMatchTheUploadPolicy() {
        let limits = MultipartFormData.Limits()
        #expect(limits.maximumBytes == 60 * 1024 * 1024)
        #expect(limits.maximumParts == 50)
        #expect(limits.maximumHeaderBytes == 8 * 1024)
    }

    @Test(arguments: [
        "X-Pad: " + String(repeating: "a", count: 200),
        String(repeating: "a", count: 300),
        "X-Pad: " + String(repeating: "a", count: 100) + "\r\nX-More: " + String(repeating: "b", count: 100),
    ])
    func headerSectionLargerThanTheLimitIsRefused(extraHeader: String) {
        let body = "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\(extraHeader)\r\n\r\nv\r\n--b0und--"
        let limits = MultipartFormData.Limits(maximumHeaderBytes: 200)
        #expect(throws: MultipartError.headerTooLarge) {
            try MultipartFormData(bytes: Array(body.utf8), boundary: "b0und", limits: limits)
        }
    }

    @Test func headerSectionExactlyAtTheLimitIsAccepted() throws {
        let header = "Content-Disposition: form-data; name=\"a\""
        let body = "--b0und\r\n\(header)\r\n\r\nv\r\n--b0und--"
        let limits = MultipartFormData.Limits(maximumHeaderBytes: header.utf8.count + 2)
        #expect(try MultipartFormData(bytes: Array(body.utf8), boundary: "b0und", limits: limits).field("a") == "v")
        let tight = MultipartFormData.Limits(maximumHeaderBytes: header.utf8.count + 1)
        #expect(throws: MultipartError.headerTooLarge) {
            try MultipartFormData(bytes: Array(body.utf8), boundary: "b0und", limits: tight)
        }
    }

    // MARK: - Malformed input

    @Test(arguments: [
        "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n",
        "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b0und",
        "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b0und-",
        "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv--b0und--",
        "--b0und\r\nContent-Type: text/plain\r\n\r\nv\r\n--b0und--",
        "--b0und\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b0und--",
        "--b0und\r\nContent-Disposition: form-data; filename=\"a.csv\"\r\n\r\nv\r\n--b0und--",
        "--b0und\r\nContent-Disposition form-data\r\n\r\nv\r\n--b0und--",
        "--b0und\r\n: no name\r\n\r\nv\r\n--b0und--",
        "--b0und\r\n folded first\r\n\r\nv\r\n--b0und--",
        "--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n--b0und--",
        "--b0und\r\n--b0und--",
    ])
    func malformedBodiesAreRefused(body: String) {
        let error = #expect(throws: MultipartError.self) { try Self.parse(body) }
        guard case .malformed(let detail) = error else {
            Issue.record("expected .malformed, got \(String(describing: error))")
            return
        }
        #expect(!detail.isEmpty)
    }

    @Test(arguments: [
        ("", "b0und"),
        ("no delimiter anywhere", "b0und"),
        ("x--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n", "b0und"),
        ("--b0und--", ""),
        ("----", ""),
        ("--bad*boundary--", "bad*boundary"),
        ("--" + String(repeating: "x", count: 71) + "--", String(repeating: "x", count: 71)),
    ])
    func missingOrInvalidBoundaryIsReported(body: String, boundary: String) {
        #expect(throws: MultipartError.noBoundary) {
            try Self.parse(body, boundary: boundary)
        }
    }

    @Test(arguments: [
        MultipartError.tooLarge(limit: 60 * 1024 * 1024), .noBoundary, .malformed("a part has no name."),
        .tooManyParts(limit: 50), .headerTooLarge,
    ])
    func everyErrorHasAMessage(error: MultipartError) {
        #expect(error.message.count > 20)
    }

    @Test func sizeLimitIsDescribedInReadableUnits() {
        #expect(MultipartError.tooLarge(limit: 60 * 1024 * 1024).message.contains("60 MiB"))
        #expect(MultipartError.tooLarge(limit: 8 * 1024).message.contains("8 KiB"))
        #expect(MultipartError.tooLarge(limit: 1000).message.contains("1000 bytes"))
    }

    // MARK: - Scale and robustness

    @Test func largeBodyFullOfNearMissesParsesInOnePass() throws {
        // Every line starts like the delimiter, the worst case for the scan; it must stay linear.
        let line = Array("\r\n--b0un".utf8) + Array(repeating: UInt8(ascii: "z"), count: 8)
        var data: [UInt8] = []
        data.reserveCapacity(line.count * 200_000)
        for _ in 0..<200_000 { data += line }
        let form = try MultipartFormData(bytes: Self.oneField(data), boundary: "b0und")
        #expect(form.parts.first?.data == data)
    }

    /// SplitMix64, so fuzz inputs are the same on every run and platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum FuzzInput: String, CaseIterable {
        case noise, tokens, mutations
    }

    static func fuzzBody(_ kind: FuzzInput, random: inout SeededGenerator) -> [UInt8] {
        let length = Int.random(in: 0...10_240, using: &random)
        switch kind {
        case .noise:
            return (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
        case .tokens:
            let tokens = [
                "--b0und", "--", "\r\n", "\n", "\r", " ", "\"", "\\", ";", "=", ":", "%", "'", "%C3%B1", "a",
                "Content-Disposition: form-data; name=\"", "filename=\"", "filename*=UTF-8''", "Content-Type: ",
            ].map { Array($0.utf8) }
            var body: [UInt8] = []
            while body.count < length, let token = tokens.randomElement(using: &random) { body += token }
            return body
        case .mutations:
            var body = chromiumBody
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                guard !body.isEmpty else { break }
                let index = Int.random(in: 0..<body.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: body[index] = UInt8.random(in: 0...255, using: &random)
                case 1: body.remove(at: index)
                case 2: body.insert(contentsOf: Array("\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW".utf8), at: index)
                case 3: body.removeSubrange(index...)
                default:
                    let end = min(body.count, index + Int.random(in: 1...200, using: &random))
                    body.insert(contentsOf: body[index..<end], at: Int.random(in: 0...body.count, using: &random))
                }
            }
            return body
        }
    }

    @Test(arguments: FuzzInput.allCases)
    func garbageNeverCrashes(kind: FuzzInput) {
        var random = SeededGenerator(state: 0xB3A7A + UInt64(kind.rawValue.utf8.count))
        let limits = MultipartFormData.Limits(maximumParts: 20, maximumHeaderBytes: 512)
        var parsed = 0
        for _ in 0..<300 {
            let body = Self.fuzzBody(kind, random: &random)
            let boundary = kind == .mutations ? Self.chromiumBoundary : "b0und"
            do {
                let form = try MultipartFormData(bytes: body, boundary: boundary, limits: limits)
                parsed += 1
                #expect(form.parts.count <= 20)
                #expect(form.parts.allSatisfy { $0.data.count <= body.count })
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        if kind == .mutations { #expect(parsed > 0) }
    }
}
