import NIOCore

/// One complete SMTP reply: the code and the text of each line (`250-SIZE`, `250 OK` → 250, ["SIZE", "OK"]).
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " ") }
    /// 2xx and 3xx.
    var isPositive: Bool { code >= 200 && code < 400 }
}

/// Cuts the byte stream into ``SMTPReply`` values, joining multi-line replies (RFC 5321 §4.2). A line longer than
/// 4 KiB or a reply of more than 200 lines is refused, so a hostile server cannot make the client buffer without end.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maximumLineBytes = 4096
    static let maximumLines = 200

    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineBytes { throw SMTPError.protocolViolation("reply line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        guard length <= Self.maximumLineBytes, var bytes = buffer.readBytes(length: length) else {
            throw SMTPError.protocolViolation("reply line too long")
        }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let code = Int(String(decoding: bytes[0...2], as: UTF8.self)), code >= 200, code < 600
        else { throw SMTPError.protocolViolation("not an SMTP reply") }
        if let pendingCode, pendingCode != code { throw SMTPError.protocolViolation("mixed codes in one reply") }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pending.append(text)
        guard pending.count <= Self.maximumLines else { throw SMTPError.protocolViolation("reply too long") }
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
