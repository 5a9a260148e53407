import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct MailParserTests {
    private let parser = MailParser()

    private func parseFixture(_ name: String) throws -> MailMessage {
        let data = try Data(contentsOf: TestFiles.fixture("mail/\(name)"))
        return try parser.parse(data)
    }

    private func parse(_ text: String, limits: MailParser.Limits = .init()) throws(MailParseError) -> MailMessage {
        try MailParser(limits: limits).parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    private func date(_ secondsSince1970: TimeInterval) -> Date {
        Date(timeIntervalSince1970: secondsSince1970)
    }

    // MARK: - Realistic messages

    @Test func gmailReplyInFilipinoDecodesQuotedPrintableUTF8AndThreadHeaders() throws {
        let message = try parseFixture("gmail-reply-alternative.eml")
        #expect(message.messageID == "CAKx9vT3Lq=mPe+7YhZ@mail.gmail.com")
        #expect(message.from == MailAddress(name: "Ma. Cristina Peñaflor", address: "cristina.penaflor@gmail.com"))
        #expect(message.to == [MailAddress(name: "Benta Sales", address: "sales@benta.example.ph")])
        #expect(
            message.cc == [
                MailAddress(name: "Juan", address: "juan@example.ph"),
                MailAddress(name: "Ana Santos", address: "ana.santos@example.ph"),
            ])
        #expect(message.subject == "Re: Quotation para sa Peñafrancia Trading")
        #expect(message.date == date(1_751_338_357))
        #expect(message.inReplyTo == "CAF=quote-002@benta.example.ph")
        #expect(message.references == ["CAF=quote-001@benta.example.ph", "CAF=quote-002@benta.example.ph"])
        let expectedText =
            "Hi Ma'am,\n\nSalamat po sa mabilis na sagot! Okay na sa amin ang presyo na ₱12,500.00 bawat kahon, "
            + "kasama na ang delivery sa Parañaque.\n\nRegards,\nCristina"
        #expect(message.textBody == expectedText)
        #expect(message.bestText == expectedText)
        let html = try #require(message.htmlBody)
        #expect(html.hasPrefix("<div dir=\"ltr\"><div>Hi Ma&#39;am,</div>"))
        #expect(MailHTMLRenderer.plainText(fromHTML: html) == expectedText)
        #expect(message.attachments.isEmpty)
        #expect(message.header("delivered-to") == "sales@benta.example.ph")
        #expect(message.headers.first?.name == "Delivered-To")
    }

    @Test func outlookMessageInWindows1252KeepsCurlyQuotesEuroAndPDF() throws {
        let message = try parseFixture("outlook-windows1252-pdf.eml")
        #expect(message.from == MailAddress(name: "Reyes, Antonio", address: "Antonio.Reyes@talafoods.com.ph"))
        #expect(message.subject == "PO 2025-0142 – signed copy")
        #expect(
            message.messageID
                == "PH0PR12MB56008F3E2A1B4C5D6E7F8A9BC0D1E2F3A4B5@PH0PR12MB5600.namprd12.prod.outlook.com")
        #expect(message.date == date(1_751_447_698))
        #expect(
            message.textBody
                == "Good morning,\n\nAttached is the signed PO. Total is € 4,250.00 – please confirm the “delivery "
                + "date” by Friday.\n\nAntonio Reyes\nPurchasing – Tala Foods\n")
        #expect(message.htmlBody == nil)
        let pdf =
            Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3]
            + Array("\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
        #expect(
            message.attachments == [
                MailAttachment(filename: "PO 2025-0142.pdf", contentType: "application/pdf", data: pdf)
            ])
    }

    @Test func latin1EncodedWordSubjectAndEightBitBodyAreDecoded() throws {
        let message = try parseFixture("latin1-subject.eml")
        #expect(message.subject == "Cotización para mañana")
        #expect(message.textBody == "Señores, la cotización llegará mañana.\n")
        #expect(message.from == MailAddress(name: "Jose Rizal", address: "jrizal@calamba.example.ph"))
        #expect(message.to == [MailAddress(address: "benta@example.ph")])
        #expect(message.date == date(1_751_554_800))
    }

    @Test func relatedHTMLKeepsItsInlineImageWithContentID() throws {
        let message = try parseFixture("related-inline-image.eml")
        #expect(message.textBody == nil)
        #expect(
            message.htmlBody
                == "<html><body><p><img src=\"cid:logo@sariwa\"></p><p>Our new price list is out &amp; ready.</p>"
                + "</body></html>")
        #expect(message.bestText == "Our new price list is out & ready.")
        let image = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(image.filename == "logo.png")
        #expect(image.contentType == "image/png")
        #expect(image.isInline)
        #expect(image.contentID == "logo@sariwa")
        #expect(image.data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(image.data.count == 68)
    }

    @Test func nestedAlternativeInsideMixedGivesBothBodiesAndTheAttachment() throws {
        let message = try parseFixture("nested-mixed-alternative.eml")
        #expect(message.textBody == "Please see the attached order.")
        #expect(message.htmlBody == "<p>Please see the <b>attached</b> order.</p>")
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "order.csv", contentType: "text/csv", data: Array("sku,qty\nTF-001,24\nTF-002,12\n".utf8))
            ])
    }

    @Test func forwardedMessageBecomesAnAttachmentNamedAfterItsSubject() throws {
        let message = try parseFixture("forwarded-rfc822.eml")
        #expect(message.subject == "Fwd: Purchase Order 2025/017")
        #expect(message.textBody == "FYI, see the forwarded message.")
        let forwarded = try #require(message.attachments.first)
        #expect(forwarded.filename == "Purchase Order 2025-017.eml")
        #expect(forwarded.contentType == "message/rfc822")
        let inner = try parser.parse(forwarded.data)
        #expect(inner.from.address == "billing@supplier.example.ph")
        #expect(inner.textBody == "Please find PO 2025/017 below.\n")
    }

    @Test func rfc2231FileNamesAreDecodedJoinedAndStrippedOfPaths() throws {
        let message = try parseFixture("rfc2231-filename.eml")
        #expect(message.textBody == "Three files attached.")
        #expect(
            message.attachments.map(\.filename) == [
                "Peña Quotation.pdf", "Kontrata ng Serbisyo – Final.docx", "passwd",
            ])
        #expect(
            message.attachments.map(\.data) == [
                Array("%PDF-1.4\n".utf8), [0x50, 0x4B, 0x03, 0x04], Array("root:x:0:0:".utf8),
            ])
        #expect(message.attachments[2].contentType == "application/octet-stream")
    }

    @Test func bareLineFeedsAndFoldedEncodedWordsAreUnfolded() throws {
        let message = try parseFixture("bare-lf.eml")
        #expect(message.from == MailAddress(name: "Dela Cruz, Juan", address: "juan@example.ph"))
        #expect(message.subject == "Follow-up on the quotation — next steps")
        #expect(
            message.header("SUBJECT")
                == "Follow-up on the =?UTF-8?Q?quotation_=E2=80=94?=\t=?UTF-8?Q?_next_steps?=")
        #expect(message.date == date(1_752_039_900))
        #expect(message.textBody == "Line one.\nLine two.\n")
    }

    @Test func missingFinalBoundaryEndsTheLastPartAtTheEndOfTheMessage() throws {
        let message = try parseFixture("missing-final-boundary.eml")
        #expect(message.textBody == "First part.")
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "notes.txt", contentType: "application/octet-stream", data: Array("unfinished\r\n".utf8))
            ])
    }

    @Test func htmlOnlyMessageRendersReadablePlainText() throws {
        let message = try parseFixture("html-only.eml")
        #expect(message.textBody == nil)
        #expect(message.htmlBody?.contains("Pe\u{F1}a &copy; 2025") == true)
        #expect(
            message.bestText
                == "July promo\n\nBuy 2 & get 1 free — <limited> \"offer\".\nEnds Friday night.\n\nItem #1\nItem 2"
                + "\n\nPeña © 2025")
    }

    @Test func messageWithoutDateMessageIDOrContentTypeIsPlainText() throws {
        let message = try parseFixture("no-date-no-message-id.eml")
        #expect(message.date == nil)
        #expect(message.messageID == nil)
        #expect(message.inReplyTo == nil)
        #expect(message.references.isEmpty)
        #expect(message.from == MailAddress(address: "minimal@example.ph"))
        #expect(message.subject == "Hello")
        #expect(message.textBody == "Just a note.\n")
        #expect(message.headers.map(\.name) == ["From", "To", "Subject"])
    }

    @Test func groupAddressListsAreFlattened() throws {
        let message = try parseFixture("group-addresses.eml")
        #expect(message.from == MailAddress(name: "Carlo Mendoza", address: "carlo@example.ph"))
        #expect(
            message.to == [
                MailAddress(address: "ana@example.ph"),
                MailAddress(name: "Cruz, Ben", address: "Ben.Cruz@example.ph"),
                MailAddress(address: "carlo@example.ph"),
            ])
        #expect(message.cc.isEmpty)
        #expect(message.replyTo == [MailAddress(name: "Peña, Luz", address: "luz.pena@example.ph")])
        #expect(message.date == date(1_752_330_600))
    }

    @Test func formatFlowedTextIsUnwrapped() throws {
        let message = try parseFixture("format-flowed.eml")
        #expect(
            message.textBody
                == "This paragraph was wrapped by the mail client so it arrives as two lines.\n"
                + "From here on, a stuffed line.\n")
    }

    @Test func everyFixtureParsesFromBytesAndFromData() throws {
        let files = TestFiles.files(in: TestFiles.fixture("mail"), withExtensions: ["eml"])
        #expect(files.count >= 12)
        for file in files {
            let data = try Data(contentsOf: file)
            #expect(try parser.parse(data) == parser.parse([UInt8](data)), "\(file.lastPathComponent)")
        }
    }

    // MARK: - Headers

    @Test func headerNamesAreCaseInsensitiveAndTheFirstSingleValueHeaderWins() throws {
        let message = try parse(
            """
            FROM: first@example.ph
            from: second@example.ph
            subject: One
            Subject: Two
            X-Custom :  spaced value\u{20}\u{20}

            body
            """)
        #expect(message.from.address == "first@example.ph")
        #expect(message.subject == "One")
        #expect(message.header("x-custom") == "spaced value")
        #expect(message.headers.count == 5)
    }

    @Test func mboxFromLineAndLeadingBlankLinesAreSkipped() throws {
        let message = try parse("\n\nFrom sender@example.ph Tue Jul  1 10:52:37 2025\nFrom: a@example.ph\n\nhi\n")
        #expect(message.from.address == "a@example.ph")
        #expect(message.textBody == "hi\n")
    }

    @Test func headersWithoutBodyAreAMessageWithoutText() throws {
        let message = try parse("From: a@example.ph\nSubject: no body")
        #expect(message.subject == "no body")
        #expect(message.textBody == "")
    }

    // MARK: - Encoded words

    @Test(arguments: [
        ("=?UTF-8?B?UGXDsWE=?=", "Peña"),
        ("=?utf-8?q?Pe=C3=B1a_Trading?=", "Peña Trading"),
        ("=?ISO-8859-1?Q?Ma=F1ana?=", "Mañana"),
        ("=?iso-8859-1?b?TWHxYW5h?=", "Mañana"),
        ("=?windows-1252?Q?=93Hi=94?=", "“Hi”"),
        ("=?us-ascii?Q?Hello_World?=", "Hello World"),
        ("=?ISO-8859-15?Q?=A4?=", "€"),
        ("=?UTF-8*en?Q?Hi?=", "Hi"),
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),
        ("=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=", "ab"),
        ("=?UTF-8?Q?a?= x =?UTF-8?Q?b?=", "a x b"),
        ("Re: =?UTF-8?Q?Pe=C3=B1a?= Corp", "Re: Peña Corp"),
        ("=?UTF-8?B?ww==?= =?UTF-8?B?sQ==?=", "ñ"),
        ("=?x-unknown?Q?caf=C3=A9?=", "café"),
        ("=?x-unknown?Q?caf=E9?=", "café"),
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?UTF-8?B?abc", "=?UTF-8?B?abc"),
        ("=?UTF-8?Q?with space?=", "=?UTF-8?Q?with space?="),
        ("=?UTF-8?B?not*base64?=", "=?UTF-8?B?not*base64?="),
        ("=??Q?empty_charset?=", "=??Q?empty_charset?="),
        ("a =? b ?= c", "a =? b ?= c"),
        ("=?UTF-8?Q?=ZZ?=", "=ZZ"),
    ])
    func encodedWordsDecode(input: String, expected: String) {
        #expect(MailEncodedWords.decode(input) == expected)
    }

    // MARK: - Dates

    @Test(arguments: [
        ("Tue, 1 Jul 2025 10:52:37 +0800", 1_751_338_357),
        ("1 Jul 2025 10:52:37 +0800", 1_751_338_357),
        ("Tue, 01 Jul 2025 02:52:37 GMT", 1_751_338_357),
        ("Tue, 1 Jul 2025 02:52:37 UT", 1_751_338_357),
        ("Mon, 30 Jun 2025 22:52:37 EDT", 1_751_338_357),
        ("Mon, 30 Jun 2025 18:52:37 PST", 1_751_338_357),
        ("Mon, 30 Jun 2025 21:52:37 EST", 1_751_338_357),
        ("Tue, 1 Jul 2025 10:52:37 +0800 (PHT)", 1_751_338_357),
        ("Tue, 1 Jul 25 10:52:37 +0800", 1_751_338_357),
        ("Tue,  1 Jul 2025 10:52:37 +08:00", 1_751_338_357),
        ("Tue Jul  1 02:52:37 2025", 1_751_338_357),
        ("Tue, 1 Jul 2025 02:52:37 Z", 1_751_338_357),
        ("Tue, 1 Jul 2025 10:52 +0800", 1_751_338_320),
        ("1 Jan 99 00:00:00 GMT", 915_148_800),
        ("Fri, 1 Jan 1999 00:00:00 -0000", 915_148_800),
    ])
    func rfc5322DatesAreRead(input: String, secondsSince1970: Int) {
        #expect(MailDateParser.parse(input) == date(TimeInterval(secondsSince1970)))
    }

    @Test(arguments: [
        "", "yesterday", "32 Jul 2025 10:00:00 +0000", "Tue, 1 Foo 2025 10:00:00 +0000", "29 Feb 2025 00:00:00 GMT",
        "1 Jul 2025 25:00:00 +0000", "1 Jul 2025 10:00:00 +9999", "1 Jul 2025", "1 Jul 2025 10:61 +0000",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18",
    ])
    func unreadableDatesAreNil(input: String) {
        #expect(MailDateParser.parse(input) == nil)
    }

    // MARK: - Addresses

    @Test(arguments: [
        ("\"Juan Dela Cruz\" <juan@example.ph>", [MailAddress(name: "Juan Dela Cruz", address: "juan@example.ph")]),
        ("juan@example.ph (Juan)", [MailAddress(name: "Juan", address: "juan@example.ph")]),
        ("Juan <juan@example.ph>", [MailAddress(name: "Juan", address: "juan@example.ph")]),
        ("Juan.Cruz@EXAMPLE.PH", [MailAddress(address: "Juan.Cruz@example.ph")]),
        ("<juan@example.ph>", [MailAddress(address: "juan@example.ph")]),
        (
            "Team: a@x.ph, b@y.ph;",
            [MailAddress(address: "a@x.ph"), MailAddress(address: "b@y.ph")]
        ),
        (
            "\"Cruz, Juan\" <juan@example.ph>, \"Santos; Ana\" <ana@example.ph>",
            [
                MailAddress(name: "Cruz, Juan", address: "juan@example.ph"),
                MailAddress(name: "Santos; Ana", address: "ana@example.ph"),
            ]
        ),
        ("=?UTF-8?Q?Pe=C3=B1a?= <pena@example.ph>", [MailAddress(name: "Peña", address: "pena@example.ph")]),
        ("\"=?UTF-8?B?UGXDsWE=?=\" <pena@example.ph>", [MailAddress(name: "Peña", address: "pena@example.ph")]),
        ("\"Quote \\\"Q\\\" Name\" <q@example.ph>", [MailAddress(name: "Quote \"Q\" Name", address: "q@example.ph")]),
        ("Juan <@relay.ph:juan@example.ph>", [MailAddress(name: "Juan", address: "juan@example.ph")]),
        ("Juan <juan@example.ph", [MailAddress(name: "Juan", address: "juan@example.ph")]),
        ("\"john doe\"@example.ph", [MailAddress(address: "\"john doe\"@example.ph")]),
        ("undisclosed-recipients:;", []),
        ("not an address, , @, a@, @b", []),
        ("a@b.ph,,c@d.ph", [MailAddress(address: "a@b.ph"), MailAddress(address: "c@d.ph")]),
    ])
    func addressListsAreParsed(input: String, expected: [MailAddress]) {
        #expect(MailAddress.parseList(input) == expected)
    }

    @Test func addressDescriptionShowsNameAndAddress() {
        #expect(MailAddress(parsing: "Juan <juan@example.ph>")?.description == "Juan <juan@example.ph>")
        #expect(MailAddress(parsing: "nobody") == nil)
    }

    // MARK: - Transfer encodings and charsets

    @Test(arguments: [
        ("a=3Db", "a=b"),
        ("soft=\r\nbreak", "softbreak"),
        ("soft=\nbreak", "softbreak"),
        ("padded=  \r\nbreak", "paddedbreak"),
        ("lower=c3=b1", "lowerñ"),
        ("bad=ZZ", "bad=ZZ"),
        ("half=4", "half=4"),
        ("end=", "end"),
        ("under_score", "under_score"),
    ])
    func quotedPrintableDecodesLeniently(input: String, expected: String) {
        let decoded = MailTransferEncoding.decodeQuotedPrintable(Array(input.utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == expected)
    }

    @Test(arguments: ["UGXDsWE=", "UGXD\r\nsWE=\r\n", "UGXDsWE", " U G X D s W E = = ", "UG*XD!sWE=", "UGXDsWE==="])
    func base64DecodesLeniently(input: String) {
        #expect(MailTransferEncoding.decodeBase64(Array(input.utf8)) == Array("Peña".utf8))
    }

    @Test(
        arguments: [
            ("utf-8", [0x50, 0x65, 0xC3, 0xB1, 0x61], "Peña"),
            ("UTF8", [0x50, 0x65, 0xFF, 0x61], "Pe\u{FFFD}a"),
            ("us-ascii", [0x50, 0x65, 0x6E, 0x61], "Pena"),
            ("iso-8859-1", [0x50, 0x65, 0xF1, 0x61], "Peña"),
            ("latin1", [0xD1], "Ñ"),
            ("windows-1252", [0x93, 0x80, 0x94], "“€”"),
            ("CP1252", [0x81], "\u{81}"),
            ("iso-8859-15", [0xA4, 0xBD], "€œ"),
            ("\"UTF-8\"", [0xC3, 0xB1], "ñ"),
            ("x-mac-klingon", [0xC3, 0xB1], "ñ"),
            ("x-mac-klingon", [0xF1], "ñ"),
            ("", [0xF1], "ñ"),
        ] as [(String, [UInt8], String)])
    func charsetsDecodeWithoutFailing(charset: String, bytes: [UInt8], expected: String) {
        #expect(MailCharset.decode(bytes, charset: charset) == expected)
    }

    @Test func unknownTransferEncodingLeavesBytesAlone() throws {
        let message = try parse(
            """
            From: a@example.ph
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: x-uuencode

            as is
            """)
        #expect(message.textBody == "as is")
    }

    // MARK: - MIME structure

    @Test func lastAlternativeWinsAndInlineTextPartsAreJoined() throws {
        let message = try parse(
            """
            From: a@example.ph
            Content-Type: multipart/mixed; boundary=m

            preamble is ignored
            --m
            Content-Type: multipart/alternative; boundary=alt

            --alt
            Content-Type: text/plain

            first plain
            --alt
            Content-Type: text/plain

            second plain
            --alt
            Content-Type: text/html

            <p>html</p>
            --alt--
            --m
            Content-Type: image/jpeg
            Content-Transfer-Encoding: base64

            /9j/
            --m
            Content-Type: text/plain

            after the picture
            --m--
            epilogue is ignored
            """)
        #expect(message.textBody == "second plain\nafter the picture")
        #expect(message.htmlBody == "<p>html</p>")
        #expect(
            message.attachments == [
                MailAttachment(filename: "attachment-1", contentType: "image/jpeg", data: [0xFF, 0xD8, 0xFF])
            ])
    }

    @Test func unquotedBoundaryPartWithoutHeadersAndTextAttachmentsAreHandled() throws {
        let message = try parse(
            """
            From: a@example.ph
            Content-Type: Multipart/Mixed; boundary=simple (comment)

            --simple

            body without part headers
            --simple
            Content-Type: text/plain; name="notes.txt"

            a named text part is a file
            --simple
            Content-Type: text/calendar; method=REQUEST

            BEGIN:VCALENDAR
            --simple--
            """)
        #expect(message.textBody == "body without part headers")
        #expect(message.attachments.map(\.filename) == ["notes.txt", "attachment-2"])
        #expect(message.attachments.map(\.contentType) == ["text/plain", "text/calendar"])
    }

    @Test func multipartWithoutBoundaryIsReadAsText() throws {
        let message = try parse("From: a@example.ph\nContent-Type: multipart/mixed\n\njust text\n")
        #expect(message.textBody == "just text\n")
    }

    @Test func forwardedMessageWithoutSubjectGetsADefaultName() throws {
        let message = try parse(
            """
            From: a@example.ph
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: message/rfc822

            From: b@example.ph

            inner
            --x--
            """)
        #expect(message.attachments.map(\.filename) == ["attachment-1.eml"])
    }

    @Test(
        arguments: [
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\ana\\Desktop\\quote.xlsx", "quote.xlsx"),
            ("..", nil),
            ("  ", nil),
            ("evil\u{0}name\u{7}.pdf", "evilname.pdf"),
            ("folder/", "folder"),
        ] as [(String, String?)])
    func filenamesLoseTheirPaths(input: String, expected: String?) {
        #expect(MailContentCollector.sanitizedFilename(input) == expected)
    }

    @Test func veryLongFilenamesKeepTheirExtension() throws {
        let name = try #require(MailContentCollector.sanitizedFilename(String(repeating: "a", count: 500) + ".pdf"))
        #expect(name.count == 184)
        #expect(name.hasSuffix("a.pdf"))
    }

    @Test func contentTypeParametersAreParsed() {
        let value = MailParameterizedValue(
            parsing:
                "Text/Plain ; charset=\"utf-8\"; NAME=\"a;b.txt\"; format=flowed (comment); title*=us-ascii'en'a%20b")
        #expect(value.value == "text/plain")
        #expect(value["charset"] == "utf-8")
        #expect(value["name"] == "a;b.txt")
        #expect(value["format"] == "flowed")
        #expect(value["title"] == "a b")
    }

    // MARK: - HTML rendering

    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br><br><br>c", "a\nb\n\nc"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<ul><li>x</li><li>y</li></ul>", "x\ny"),
        ("  lots   of\n\n space  ", "lots of space"),
        ("<SCRIPT type='x'>var a = '<p>';</SCRIPT>shown", "shown"),
        ("<style>.a{}</style><!-- hidden -->shown", "shown"),
        ("shown<!-- never closed", "shown"),
        ("&amp;&lt;&gt;&quot;&#39;&nbsp;&#8369;&#x20B1;", "&<>\"' ₱₱"),
        ("AT&T &unknown; &#xFFFFFFFF; &#0;", "AT&T &unknown; \u{FFFD} \u{FFFD}"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("<a href=\"x\">link</a> text", "link text"),
        ("unclosed <b", "unclosed <b"),
        ("<script>never closed", ""),
        ("<head><title>T</title></head>body", "body"),
        ("<head>no close head", "no close head"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
    ])
    func htmlIsRenderedAsPlainText(html: String, expected: String) {
        #expect(MailHTMLRenderer.plainText(fromHTML: html) == expected)
    }

    @Test func bestTextIsEmptyWithoutAnyBody() {
        #expect(MailMessage(from: MailAddress(address: "a@example.ph")).bestText == "")
    }

    // MARK: - Limits

    private static let twoAttachments = """
        From: a@example.ph
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        hello
        --b
        Content-Type: application/pdf; name=one.pdf
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --b
        Content-Type: application/pdf; name=two.pdf

        %PDF
        --b--
        """

    @Test func emptyInputIsRefused() {
        #expect(throws: MailParseError.empty) { try parser.parse([UInt8]()) }
        #expect(throws: MailParseError.empty) { try parser.parse(Data()) }
        #expect(throws: MailParseError.empty) { try parser.parse(Array(" \r\n\r\n\t".utf8)) }
    }

    @Test func oversizedMessageIsRefusedBeforeParsing() {
        let limits = MailParser.Limits(maximumMessageBytes: 100)
        let bytes = Array(("From: a@example.ph\n\n" + String(repeating: "x", count: 200)).utf8)
        #expect(throws: MailParseError.tooLarge(limit: 100)) { try MailParser(limits: limits).parse(bytes) }
        #expect(throws: MailParseError.tooLarge(limit: 100)) { try MailParser(limits: limits).parse(Data(bytes)) }
        #expect(throws: MailParseError.tooLarge(limit: 100)) {
            try MailParser(limits: limits).parse([UInt8](repeating: 0, count: 101))
        }
    }

    @Test func oversizedHeaderIsRefused() {
        let limits = MailParser.Limits(maximumHeaderBytes: 64)
        #expect(throws: MailParseError.headerTooLarge) {
            try parse("From: a@example.ph\nX-Long: " + String(repeating: "y", count: 100) + "\n\nbody", limits: limits)
        }
        #expect(throws: MailParseError.headerTooLarge) {
            try parse("From: a@example.ph\nSubject: folded\n" + String(repeating: " more\n", count: 20), limits: limits)
        }
        let partHeader = Self.twoAttachments.replacingOccurrences(
            of: "name=two.pdf", with: "name=" + String(repeating: "z", count: 100) + ".pdf")
        #expect(throws: MailParseError.headerTooLarge) { try parse(partHeader, limits: limits) }
    }

    @Test(arguments: ["hello world\n\nbody", "\u{1}\u{2}binary", ": no name\n\nbody", "From me to you\n\n"])
    func inputWithoutHeadersIsRefused(input: String) {
        #expect(throws: MailParseError.noHeaders) { try parse(input) }
    }

    @Test(arguments: ["Subject: hi\n\nbody", "From: \nSubject: hi\n\n", "From: undisclosed\n\n", "From: <>\n\n"])
    func messageWithoutFromAddressIsRefused(input: String) {
        #expect(throws: MailParseError.missingFrom) { try parse(input) }
    }

    @Test func tooManyAttachmentsAreRefused() throws {
        let limits = MailParser.Limits(maximumAttachments: 1)
        #expect(throws: MailParseError.tooManyAttachments(limit: 1)) { try parse(Self.twoAttachments, limits: limits) }
        #expect(try parse(Self.twoAttachments).attachments.map(\.filename) == ["one.pdf", "two.pdf"])
    }

    @Test func oversizedAttachmentIsRefusedByItsDecodedSize() throws {
        let limits = MailParser.Limits(maximumAttachmentBytes: 8)
        // one.pdf decodes to 9 bytes from 12 base64 characters; two.pdf is 4 bytes.
        #expect(throws: MailParseError.attachmentTooLarge(filename: "one.pdf", limit: 8)) {
            try parse(Self.twoAttachments, limits: limits)
        }
        #expect(try parse(Self.twoAttachments, limits: .init(maximumAttachmentBytes: 9)).attachments.count == 2)
    }

    @Test func tooManyPartsAreRefused() throws {
        #expect(throws: MailParseError.tooManyParts) {
            try parse(Self.twoAttachments, limits: .init(maximumParts: 3))
        }
        #expect(try parse(Self.twoAttachments, limits: .init(maximumParts: 4)).textBody == "hello")
        let wide =
            "From: a@example.ph\nContent-Type: multipart/mixed; boundary=w\n\n"
            + String(repeating: "--w\n\nx\n", count: 100_000) + "--w--\n"
        #expect(throws: MailParseError.tooManyParts) { try parse(wide) }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        #expect(throws: MailParseError.tooDeeplyNested) {
            try parse(Self.nested(levels: 3), limits: .init(maximumNestingDepth: 2))
        }
        #expect(try parse(Self.nested(levels: 2), limits: .init(maximumNestingDepth: 2)).textBody == "deep")
        #expect(try parse(Self.nested(levels: 10)).textBody == "deep")
        #expect(throws: MailParseError.tooDeeplyNested) { try parse(Self.nested(levels: 11)) }
    }

    @Test func thousandLevelNestedMultipartIsRefusedWithoutOverflowingTheStack() throws {
        #expect(throws: MailParseError.tooDeeplyNested) { try parse(Self.nested(levels: 1000)) }
        // With the limits raised, the same message is walked without recursion and parses.
        let relaxed = MailParser(limits: .init(maximumParts: 5000, maximumNestingDepth: 5000))
        #expect(try relaxed.parse(Array(Self.nested(levels: 1000).utf8)).textBody == "deep")
    }

    /// A message whose body is `levels` multiparts, each holding the next, around one text part.
    private static func nested(levels: Int) -> String {
        var message = "From: a@example.ph\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<levels {
            let inner = level + 1 < levels ? "multipart/mixed; boundary=b\(level + 1)" : "text/plain"
            message += "--b\(level)\nContent-Type: \(inner)\n\n"
        }
        message += "deep\n"
        for level in (0..<levels).reversed() { message += "--b\(level)--\n" }
        return message
    }

    @Test(arguments: [
        MailParseError.empty, .tooLarge(limit: 25 * 1024 * 1024), .headerTooLarge, .noHeaders, .tooManyParts,
        .tooDeeplyNested, .attachmentTooLarge(filename: "big.pdf", limit: 10 * 1024 * 1024),
        .tooManyAttachments(limit: 20), .missingFrom,
    ])
    func everyErrorHasAPlainEnglishMessage(error: MailParseError) {
        #expect(error.message.hasPrefix("The "))
        #expect(error.message.hasSuffix("."))
        #expect(error.detail == error.message)
        #expect(error.code.hasPrefix("mail_"))
    }

    @Test func limitMessagesStateTheLimit() {
        #expect(MailParseError.tooLarge(limit: 25 * 1024 * 1024).message == "The email message is larger than 25 MiB.")
        #expect(
            MailParseError.attachmentTooLarge(filename: "big.pdf", limit: 10 * 1024 * 1024).message
                == "The attachment \"big.pdf\" is larger than 10 MiB.")
        #expect(MailParseError.tooLarge(limit: 1000).message == "The email message is larger than 1000 bytes.")
    }

    // MARK: - Hostile input

    /// SplitMix64: a small deterministic generator so every run tries the same inputs.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SeededGenerator(state: 20_250_701)
        // Half the inputs are pure noise; the other half get a valid From and a multipart header so the noise
        // reaches the MIME walker, with boundary lines and encoded-word fragments sprinkled in.
        let header = Array("From: a@example.ph\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n".utf8)
        let fragments = [
            "\r\n--b\r\n", "\r\n--b--\r\n", "\r\n\r\n", "Content-Type: multipart/alternative; boundary=b\r\n",
            "=?utf-8?b?", "?=", "Content-Transfer-Encoding: base64\r\n", "Content-Type: text/html\r\n", "<p>&#x",
        ]
        .map { Array($0.utf8) }
        var parsedCount = 0
        for iteration in 0..<200 {
            let count = Int.random(in: 0...20_000, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if iteration.isMultiple(of: 2) {
                for _ in 0..<Int.random(in: 0...40, using: &generator) {
                    let position = Int.random(in: 0...bytes.count, using: &generator)
                    bytes.insert(contentsOf: fragments.randomElement(using: &generator) ?? [], at: position)
                }
                bytes = Array((header + bytes).prefix(20_000))
            }
            do {
                let message = try parser.parse(bytes)
                _ = message.bestText
                parsedCount += 1
            } catch {
                // Typed throws: whatever was thrown is a MailParseError with a message for the API.
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsedCount >= 50)
    }

    @Test func mutatedRealMessagesNeverCrashTheParser() throws {
        let files = TestFiles.files(in: TestFiles.fixture("mail"), withExtensions: ["eml"])
        let samples = try files.map { try [UInt8](Data(contentsOf: $0)) }
        var generator = SeededGenerator(state: 42)
        let interesting = Array("=?<>\"();:,\\-\r\n\t&#%*'_".utf8)
        for iteration in 0..<200 {
            var bytes = samples[iteration % samples.count]
            for _ in 0..<Int.random(in: 1...40, using: &generator) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[position] = interesting.randomElement(using: &generator) ?? 0
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + 16))
                default: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 64)], at: position)
                }
            }
            if bytes.count > 20_000 { bytes.removeLast(bytes.count - 20_000) }
            do {
                let message = try parser.parse(bytes)
                _ = message.bestText
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func pathologicalInputsFinishQuickly() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let manyOpenTags = String(repeating: "<a '", count: 50_000) + String(repeating: "<head>", count: 20_000)
        #expect(MailHTMLRenderer.plainText(fromHTML: manyOpenTags).isEmpty)
        _ = MailEncodedWords.decode(String(repeating: "=?utf-8?q?", count: 50_000))
        _ = MailAddress.parseList(String(repeating: "\"(<", count: 50_000))
        _ = MailParameterizedValue(parsing: "a/b" + String(repeating: "; x*99999*=%", count: 20_000))
        let longLine =
            "From: a@example.ph\nContent-Type: multipart/mixed; boundary=\"" + String(repeating: "-", count: 70)
            + "\"\n\n" + String(repeating: "-", count: 1_000_000)
        _ = try parse(longLine)
        #expect(clock.now - started < .seconds(20))
    }
}
