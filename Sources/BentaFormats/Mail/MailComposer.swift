import BentaCore
import Foundation

/// Writes an ``OutgoingMail`` as an RFC 5322 / MIME message: CRLF line ends, lines of at most 78 characters in the
/// headers and 76 in encoded bodies, 7-bit clean (UTF-8 text travels quoted-printable, files base64).
///
/// Header values with a line break or any other control character are refused rather than cleaned, so nothing a
/// user typed can add a header (`Bcc:`) or end the header section. The output depends only on the input: the MIME
/// boundaries come from the Message-ID, so the same mail composes to the same bytes.
public enum MailComposer {
    /// The composed message bytes.
    public static func compose(_ mail: OutgoingMail) throws(MailComposeError) -> [UInt8] {
        guard !mail.to.isEmpty else { throw .noRecipients }
        try checkMessageID(mail.messageID)
        var headers: [String] = []
        headers.append(try addressHeader("From", [mail.from], field: "from"))
        headers.append(try addressHeader("To", mail.to, field: "to"))
        if !mail.cc.isEmpty { headers.append(try addressHeader("Cc", mail.cc, field: "cc")) }
        if !mail.replyTo.isEmpty { headers.append(try addressHeader("Reply-To", mail.replyTo, field: "reply_to")) }
        try checkHeaderText(mail.subject, field: "subject")
        headers.append(unstructuredHeader("Subject", mail.subject))
        headers.append("Date: " + rfc5322Date(mail.date))
        headers.append("Message-ID: <\(mail.messageID)>")
        headers.append("MIME-Version: 1.0")

        let boundaryBase = boundarySeed(mail.messageID)
        var body = textPart(mail.textBody, subtype: "plain")
        if let html = mail.htmlBody {
            body = multipart(
                "alternative", boundary: "=_alt_\(boundaryBase)", parts: [body, textPart(html, subtype: "html")])
        }
        if !mail.attachments.isEmpty {
            var parts = [body]
            for attachment in mail.attachments {
                parts.append(try attachmentPart(attachment))
            }
            body = multipart("mixed", boundary: "=_mix_\(boundaryBase)", parts: parts)
        }
        var text = (headers + body.headers).joined(separator: "\r\n") + "\r\n\r\n" + body.content
        if !text.hasSuffix("\r\n") { text += "\r\n" }
        return Array(text.utf8)
    }

    // MARK: - Parts

    /// A MIME entity: its header lines and its already encoded content (CRLF line ends, no trailing CRLF needed).
    struct Part {
        var headers: [String]
        var content: String
    }

    static func textPart(_ text: String, subtype: String) -> Part {
        Part(
            headers: ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
            content: quotedPrintable(text))
    }

    static func multipart(_ subtype: String, boundary: String, parts: [Part]) -> Part {
        var content = "This is a multipart message in MIME format.\r\n"
        for part in parts {
            content += "\r\n--\(boundary)\r\n"
            content += part.headers.joined(separator: "\r\n") + "\r\n\r\n" + part.content
        }
        content += "\r\n--\(boundary)--\r\n"
        return Part(headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], content: content)
    }

    static func attachmentPart(_ attachment: MailAttachment) throws(MailComposeError) -> Part {
        try checkHeaderText(attachment.filename, field: "attachments")
        let type = attachment.contentType.lowercased()
        guard isMediaType(type) else { throw .invalidContentType(filename: attachment.filename) }
        let name = attachment.filename.isEmpty ? "attachment" : attachment.filename
        var contentType = "Content-Type: \(type)"
        var disposition = "Content-Disposition: \(attachment.isInline ? "inline" : "attachment")"
        if isPlainParameter(name) {
            contentType += ";\r\n name=\"\(name)\""
            disposition += ";\r\n filename=\"\(name)\""
        } else {
            // Old readers look at name= (RFC 2047 words there are a widespread convention); others at filename*.
            contentType += ";\r\n name=\"\(encodedWords(name).joined(separator: " "))\""
            disposition += extendedParameter("filename", name)
        }
        var headers = [contentType, disposition, "Content-Transfer-Encoding: base64"]
        if let id = attachment.contentID {
            try checkHeaderText(id, field: "attachments")
            headers.append("Content-ID: <\(id)>")
        }
        return Part(headers: headers, content: base64Lines(attachment.data))
    }

    // MARK: - Headers

    static func addressHeader(
        _ name: String, _ addresses: [MailAddress], field: String
    ) throws(MailComposeError) -> String {
        var items: [String] = []
        for address in addresses {
            try checkAddress(address.address, field: field)
            guard let display = address.name?.trimmingCharacters(in: .whitespaces), !display.isEmpty else {
                items.append(address.address)
                continue
            }
            try checkHeaderText(display, field: field)
            items.append(displayName(display) + " <\(address.address)>")
        }
        return "\(name): " + items.joined(separator: ",\r\n ")
    }

    /// A display name as an atom phrase, a quoted string, or encoded words when it is not ASCII.
    static func displayName(_ name: String) -> String {
        if !name.unicodeScalars.allSatisfy({ $0.isASCII }) { return encodedWords(name).joined(separator: "\r\n ") }
        let atext = CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ ").union(.alphanumerics)
        if name.unicodeScalars.allSatisfy({ $0.isASCII && atext.contains($0) }) { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// An unstructured header (Subject): ASCII text folded at spaces, or RFC 2047 encoded words when not ASCII.
    static func unstructuredHeader(_ name: String, _ value: String) -> String {
        if !value.unicodeScalars.allSatisfy({ $0.isASCII }) || value.contains("=?") {
            return "\(name): " + encodedWords(value).joined(separator: "\r\n ")
        }
        var lines: [String] = []
        var line = "\(name):"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > 78, line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// `=?utf-8?B?…?=` words of at most 75 characters each, split between whole characters.
    static func encodedWords(_ text: String) -> [String] {
        // 39 bytes are 52 base64 characters, a word of 64: short enough after "Subject: " for a 78-character line.
        let maximumBytes = 39
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maximumBytes, !chunk.isEmpty {
                words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// `; name*0*=utf-8''…` continuations (RFC 2231), each line short enough for the 78-character limit.
    static func extendedParameter(_ name: String, _ value: String) -> String {
        let unreserved = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~").map { $0 })
        var segments: [String] = []
        var current = "utf-8''"
        for character in value {
            let encoded =
                character.isASCII && unreserved.contains(character)
                ? String(character)
                : String(character).utf8.map { String(format: "%%%02X", $0) }.joined()
            if current.count + encoded.count > 60 {
                segments.append(current)
                current = ""
            }
            current += encoded
        }
        segments.append(current)
        if segments.count == 1 { return ";\r\n \(name)*=\(segments[0])" }
        return segments.enumerated().map { ";\r\n \(name)*\($0.offset)*=\($0.element)" }.joined()
    }

    static func isPlainParameter(_ value: String) -> Bool {
        !value.isEmpty && value.count < 60
            && value.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
    }

    static func isMediaType(_ value: String) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let token = CharacterSet(charactersIn: "!#$&^_.+-").union(CharacterSet(charactersIn: "a"..."z"))
            .union(CharacterSet(charactersIn: "0"..."9"))
        return parts.count == 2
            && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCII && token.contains($0) } }
    }

    /// RFC 5322 date-time in UTC: `Sun, 29 Nov 2026 12:41:56 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = days[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekday, parts.day ?? 1, month, parts.year ?? 1970,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    // MARK: - Checks

    static func checkHeaderText(_ text: String, field: String) throws(MailComposeError) {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .controlCharacter(field: field)
        }
    }

    /// A plain `local@domain` in printable ASCII, without the characters that would end or break the header.
    static func checkAddress(_ address: String, field: String) throws(MailComposeError) {
        try checkHeaderText(address, field: field)
        let forbidden: Set<Unicode.Scalar> = [" ", "<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]"]
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex,
            address.unicodeScalars.allSatisfy({ $0.isASCII && !forbidden.contains($0) })
        else { throw .invalidAddress(field: field, address: address) }
    }

    static func checkMessageID(_ id: String) throws(MailComposeError) {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }),
            id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" })
        else { throw .invalidMessageID }
    }

    // MARK: - Encodings

    /// Hex of the Message-ID's bytes folded into 16 characters; boundaries start with `=_`, which neither
    /// quoted-printable nor base64 output can contain, so a boundary never collides with content.
    static func boundarySeed(_ messageID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// Base64 in lines of 76 characters, each ended by CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var result = ""
        result.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            result += encoded[index..<end]
            result += "\r\n"
            index = end
        }
        return result
    }

    /// Quoted-printable (RFC 2045 §6.7) of the UTF-8 text, with its line ends normalized to CRLF and soft breaks
    /// keeping every line at 76 characters at most. A `.` starting a line is encoded too, so the body reads the
    /// same through servers that mishandle dot-stuffing.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var current = ""
            for (offset, byte) in bytes.enumerated() {
                let isLast = offset == bytes.count - 1
                var piece: String
                switch byte {
                case 0x09, 0x20: piece = isLast ? String(format: "=%02X", byte) : String(UnicodeScalar(byte))
                case 0x2E where current.isEmpty: piece = "=2E"
                case 0x21...0x7E where byte != 0x3D: piece = String(UnicodeScalar(byte))
                default: piece = String(format: "=%02X", byte)
                }
                // Keep room for the soft break "=" (76 including it), except on the line's last piece.
                let limit = isLast ? 76 : 75
                if current.count + piece.count > limit {
                    output.append(current + "=")
                    current = ""
                    if byte == 0x2E { piece = "=2E" }
                }
                current += piece
            }
            output.append(current)
        }
        return output.joined(separator: "\r\n")
    }
}
