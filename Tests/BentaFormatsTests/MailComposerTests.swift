import BentaFormats
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct MailComposerTests {
    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    func mail(
        subject: String = "Invoice INV-2026-000123 – Peñaflor", text: String = "Hello\nWorld",
        html: String? = nil, attachments: [MailAttachment] = []
    ) -> OutgoingMail {
        OutgoingMail(
            from: MailAddress(name: "Bituin Office Solutions", address: "billing@bituin.ph"),
            to: [
                MailAddress(name: "María Peñaflor", address: "maria@example.ph"),
                MailAddress(name: "Dela Cruz, Juan \"JD\"", address: "juan@example.ph"),
            ],
            cc: [MailAddress(address: "ap@example.ph")],
            replyTo: [MailAddress(name: "Kristine", address: "k@bituin.ph")],
            subject: subject, date: Self.date, messageID: "0193abcd@bituin.ph", textBody: text, htmlBody: html,
            attachments: attachments)
    }

    @Test func composedMessageParsesBackToTheSameSubjectAddressesBodyAndAttachments() throws {
        let pdf = Array("%PDF-1.7\n".utf8) + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let ubl = Array("<?xml version=\"1.0\"?><Invoice/>".utf8)
        let text = "Magandang araw!\n.\n.leading dot\nTotal: ₱6,000.00 " + String(repeating: "ñ", count: 120) + " \nEnd"
        let bytes = try MailComposer.compose(
            mail(
                text: text, html: "<p>Total: <b>₱6,000.00</b></p>",
                attachments: [
                    MailAttachment(
                        filename: "Invoice INV-2026-000123 – Peñaflor y Compañía Servicios Generales.pdf",
                        contentType: "application/pdf", data: pdf),
                    MailAttachment(filename: "INV-2026-000123.xml", contentType: "application/xml", data: ubl),
                ]))
        let parsed = try MailParser().parse(bytes)
        #expect(parsed.subject == "Invoice INV-2026-000123 – Peñaflor")
        #expect(parsed.from == MailAddress(name: "Bituin Office Solutions", address: "billing@bituin.ph"))
        #expect(
            parsed.to == [
                MailAddress(name: "María Peñaflor", address: "maria@example.ph"),
                MailAddress(name: "Dela Cruz, Juan \"JD\"", address: "juan@example.ph"),
            ])
        #expect(parsed.cc == [MailAddress(address: "ap@example.ph")])
        #expect(parsed.replyTo.map(\.address) == ["k@bituin.ph"])
        #expect(parsed.messageID == "0193abcd@bituin.ph")
        #expect(parsed.date == Self.date)
        #expect(parsed.textBody?.replacingOccurrences(of: "\r\n", with: "\n") == text)
        #expect(parsed.htmlBody == "<p>Total: <b>₱6,000.00</b></p>")
        #expect(
            parsed.attachments.map(\.filename) == [
                "Invoice INV-2026-000123 – Peñaflor y Compañía Servicios Generales.pdf", "INV-2026-000123.xml",
            ])
        #expect(parsed.attachments.map(\.contentType) == ["application/pdf", "application/xml"])
        #expect(parsed.attachments.map(\.data) == [pdf, ubl])
    }

    @Test func everyLineEndsInCRLFAndStaysShortAndSevenBit() throws {
        let bytes = try MailComposer.compose(
            mail(
                subject: String(repeating: "Ñandú ", count: 30), text: String(repeating: "x", count: 500),
                attachments: [MailAttachment(filename: "a.bin", contentType: "application/octet-stream", data: [1])]))
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.count <= 78, "\(line)")
        }
        #expect(text.contains("Date: Mon, 30 Nov 2026 00:53:20 +0000"))
        #expect(text.contains("MIME-Version: 1.0\r\n"))
        #expect(try MailParser().parse(bytes).subject == String(repeating: "Ñandú ", count: 30))
    }

    @Test func asciiSubjectStaysReadableAndTheOutputIsDeterministic() throws {
        let first = try MailComposer.compose(mail(subject: "Invoice INV-2026-000123"))
        let second = try MailComposer.compose(mail(subject: "Invoice INV-2026-000123"))
        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self).contains("\r\nSubject: Invoice INV-2026-000123\r\n"))
    }

    @Test(arguments: [
        ("subject", "Hello\r\nBcc: victim@example.com"),
        ("subject", "Hello\nX: y"),
        ("subject", "Hello\u{0}"),
    ])
    func headerInjectionIsRefused(field: String, subject: String) {
        #expect(throws: MailComposeError.controlCharacter(field: field)) {
            try MailComposer.compose(mail(subject: subject))
        }
    }

    @Test func badAddressesNamesAndIDsAreRefused() {
        var bad = mail()
        bad.to = [MailAddress(name: "Evil\r\nBcc: x@y.z", address: "a@b.ph")]
        #expect(throws: MailComposeError.controlCharacter(field: "to")) { try MailComposer.compose(bad) }
        bad = mail()
        bad.cc = [MailAddress(address: "a@b.ph>\r\nBcc: x@y.z")]
        #expect(throws: MailComposeError.self) { try MailComposer.compose(bad) }
        bad = mail()
        bad.cc = [MailAddress(address: "no-at-sign")]
        #expect(throws: MailComposeError.invalidAddress(field: "cc", address: "no-at-sign")) {
            try MailComposer.compose(bad)
        }
        bad = mail()
        bad.to = []
        #expect(throws: MailComposeError.noRecipients) { try MailComposer.compose(bad) }
        bad = mail()
        bad.messageID = "<x@y>"
        #expect(throws: MailComposeError.invalidMessageID) { try MailComposer.compose(bad) }
        bad = mail(attachments: [MailAttachment(filename: "a.pdf", contentType: "pdf\r\nX: y", data: [])])
        #expect(throws: MailComposeError.invalidContentType(filename: "a.pdf")) { try MailComposer.compose(bad) }
        bad = mail(attachments: [MailAttachment(filename: "a\r\n.pdf", contentType: "application/pdf", data: [])])
        #expect(throws: MailComposeError.controlCharacter(field: "attachments")) { try MailComposer.compose(bad) }
    }
}
