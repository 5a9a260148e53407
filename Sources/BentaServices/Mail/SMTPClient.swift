import BentaCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// How the client talks to servers, set in code (never from the database): timeouts, and the TLS trust that tests
/// replace with their own certificate.
public struct SMTPTransportOptions: Sendable {
    public var connectTimeout: Duration
    /// The wait for each reply (greeting, EHLO, MAIL, RCPT …).
    public var replyTimeout: Duration
    /// The wait for the reply after the message's final dot, when the server may be scanning it.
    public var dataTimeout: Duration
    /// The whole session's limit; must stay below the outbox lease, so a slow send never overlaps a retry.
    public var sessionTimeout: Duration
    /// PEM certificates to trust instead of the system's roots (a test server's self-signed certificate).
    public var trustRootsPEM: String?
    /// Skips certificate verification altogether. For tests only; never set from settings a user can edit.
    public var verifiesCertificates: Bool
    /// Allows AUTH over an unencrypted connection. For tests against a local sink only.
    public var allowsPlaintextAuthentication: Bool
    /// The name this client gives in EHLO.
    public var clientName: String

    public init(
        connectTimeout: Duration = .seconds(15), replyTimeout: Duration = .seconds(30),
        dataTimeout: Duration = .seconds(120), sessionTimeout: Duration = .seconds(300),
        trustRootsPEM: String? = nil, verifiesCertificates: Bool = true, allowsPlaintextAuthentication: Bool = false,
        clientName: String = SMTPTransportOptions.machineName
    ) {
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.dataTimeout = dataTimeout
        self.sessionTimeout = sessionTimeout
        self.trustRootsPEM = trustRootsPEM
        self.verifiesCertificates = verifiesCertificates
        self.allowsPlaintextAuthentication = allowsPlaintextAuthentication
        self.clientName = clientName
    }
}

extension SMTPTransportOptions {
    /// This machine's host name for EHLO, reduced to the characters a domain may hold; `localhost` when unusable.
    public static var machineName: String {
        let name = ProcessInfo.processInfo.hostName
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard !name.isEmpty, name.count <= 253, name.lowercased().allSatisfy({ allowed.contains($0) }) else {
            return "localhost"
        }
        return name
    }
}

/// Hands one composed message to an SMTP server (RFC 5321): EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN,
/// MAIL FROM, RCPT TO for each recipient, DATA with dot-stuffing, QUIT.
///
/// The message counts as delivered when the server answers 250 to the final dot; a failure of QUIT after that is
/// ignored. Every failure is an ``SMTPError``.
public struct SMTPClient: Sendable {
    public var options: SMTPTransportOptions

    public init(options: SMTPTransportOptions = .init()) {
        self.options = options
    }

    /// Sends `message` to `recipients`; returns the server's reply to the final dot (`250 OK queued as …`).
    @discardableResult
    public func send(
        _ message: [UInt8], from sender: String, to recipients: [String], server: SMTPSettings
    ) async throws(SMTPError) -> String {
        do {
            return try await session(message, from: sender, to: recipients, server: server)
        } catch let error as SMTPError {
            throw error
        } catch let error as NIOSSLError {
            throw .tlsFailed("\(error)")
        } catch let error as BoringSSLError {
            throw .tlsFailed("\(error)")
        } catch {
            throw .connectionFailed(String(describing: error))
        }
    }

    private func session(
        _ message: [UInt8], from sender: String, to recipients: [String], server: SMTPSettings
    ) async throws -> String {
        for address in [sender] + recipients {
            // The composer checked the headers; the envelope is checked here, as it goes on a command line.
            guard !address.isEmpty, address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
                !address.contains("<"), !address.contains(">")
            else { throw SMTPError.rejected(.recipient, code: 501, message: "invalid address \(address)") }
        }
        let tlsContext = server.security == .none ? nil : try makeTLSContext()
        let hostname = Self.isIPAddress(server.host) ? nil : server.host
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(options.connectTimeout.nanoseconds))
                .connect(host: server.host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if server.security == .tls, let tlsContext {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tlsContext, serverHostname: hostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.connectionFailed(Self.describeConnectionError(error))
        }
        let deadline = Deadline(channel: channel.channel)
        let sessionTimer = deadline.schedule(options.sessionTimeout)
        defer { sessionTimer.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(
                iterator: inbound.makeAsyncIterator(), outbound: outbound, deadline: deadline, options: options)
            try await conversation.expect(.greeting, 220)
            var capabilities = try await conversation.hello()
            if server.security == .starttls {
                guard capabilities.contains("STARTTLS") else { throw SMTPError.startTLSUnavailable }
                try await conversation.command("STARTTLS", .startTLS, 220)
                guard let tlsContext else { throw SMTPError.startTLSUnavailable }
                let underlying = channel.channel
                try await underlying.eventLoop.submit {
                    let handler = try NIOSSLClientHandler(context: tlsContext, serverHostname: hostname)
                    try underlying.pipeline.syncOperations.addHandler(handler, position: .first)
                }.get()
                capabilities = try await conversation.hello()
            }
            if let username = server.username, !username.isEmpty {
                guard server.security != .none || options.allowsPlaintextAuthentication else {
                    throw SMTPError.authenticationUnavailable("the password would travel unencrypted")
                }
                try await conversation.authenticate(
                    username: username, password: server.password ?? "", capabilities: capabilities)
            }
            try await conversation.command("MAIL FROM:<\(sender)>", .mailFrom, 250)
            for recipient in recipients {
                try await conversation.command("RCPT TO:<\(recipient)>", .recipient, 250, 251)
            }
            try await conversation.command("DATA", .data, 354)
            try await conversation.write(Self.dotStuffed(message) + Array(".\r\n".utf8))
            let accepted = try await conversation.expect(.data, 250, timeout: options.dataTimeout)
            // Delivered; a failing QUIT changes nothing.
            try? await conversation.write(Array("QUIT\r\n".utf8))
            _ = try? await conversation.read(.data, timeout: .seconds(5))
            return "\(accepted.code) \(accepted.text)"
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let pem = options.trustRootsPEM {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        if !options.verifiesCertificates { configuration.certificateVerification = .none }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The message with its line ends made CRLF and every line that starts with "." given a second one
    /// (RFC 5321 §4.5.2), ending in CRLF, ready to be followed by ".\r\n".
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 8)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            switch byte {
            case UInt8(ascii: "\r"):
                output += [0x0D, 0x0A]
                if index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            case UInt8(ascii: "\n"):
                output += [0x0D, 0x0A]
                atLineStart = true
            default:
                output.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        return output
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func describeConnectionError(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.map { "\($0.target): \($0.error)" }.joined(separator: "; ")
                + (error.dnsAError.map { " (\($0))" } ?? "")
        }
        return String(describing: error)
    }
}

/// Closes the channel when a timer fires, remembering that it did, so a read that ends then is reported as a
/// timeout rather than as the server hanging up.
private struct Deadline: Sendable {
    let channel: any Channel
    let fired = NIOLockedValueBox(false)

    func schedule(_ duration: Duration) -> Scheduled<Void> {
        let (channel, fired) = (channel, fired)
        return channel.eventLoop.scheduleTask(in: .nanoseconds(duration.nanoseconds)) {
            fired.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
    }

    var hasFired: Bool { fired.withLockedValue { $0 } }
}

/// The commands and replies of one session.
private struct Conversation {
    var iterator: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let deadline: Deadline
    let options: SMTPTransportOptions

    mutating func read(_ stage: SMTPStage, timeout: Duration? = nil) async throws -> SMTPReply {
        let timer = deadline.schedule(timeout ?? options.replyTimeout)
        defer { timer.cancel() }
        do {
            guard let reply = try await iterator.next() else {
                throw deadline.hasFired ? SMTPError.timedOut(stage) : SMTPError.connectionClosed(stage)
            }
            return reply
        } catch let error as SMTPError {
            throw error
        } catch let error as NIOSSLError {
            throw SMTPError.tlsFailed("\(error)")
        } catch let error as BoringSSLError {
            throw SMTPError.tlsFailed("\(error)")
        } catch {
            throw deadline.hasFired ? SMTPError.timedOut(stage) : SMTPError.connectionClosed(stage)
        }
    }

    @discardableResult
    mutating func expect(_ stage: SMTPStage, _ codes: Int..., timeout: Duration? = nil) async throws -> SMTPReply {
        let reply = try await read(stage, timeout: timeout)
        guard codes.contains(reply.code) else { throw SMTPError.rejected(stage, code: reply.code, message: reply.text) }
        return reply
    }

    func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    @discardableResult
    mutating func command(_ line: String, _ stage: SMTPStage, _ codes: Int...) async throws -> SMTPReply {
        try await write(Array((line + "\r\n").utf8))
        let reply = try await read(stage)
        guard codes.contains(reply.code) else { throw SMTPError.rejected(stage, code: reply.code, message: reply.text) }
        return reply
    }

    /// EHLO (HELO when the server does not know EHLO); returns the upper-cased capability keywords and their
    /// arguments (`AUTH PLAIN LOGIN`).
    mutating func hello() async throws -> Set<String> {
        try await write(Array("EHLO \(options.clientName)\r\n".utf8))
        let reply = try await read(.hello)
        if reply.code == 250 {
            var capabilities = Set<String>()
            for line in reply.lines.dropFirst() {
                let words = line.uppercased().split(separator: " ").map(String.init)
                guard let keyword = words.first else { continue }
                capabilities.insert(keyword)
                if keyword == "AUTH" || keyword.hasPrefix("AUTH=") {
                    for mechanism in words.dropFirst() { capabilities.insert("AUTH " + mechanism) }
                }
            }
            return capabilities
        }
        try await command("HELO \(options.clientName)", .hello, 250)
        return []
    }

    mutating func authenticate(username: String, password: String, capabilities: Set<String>) async throws {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if capabilities.contains("AUTH PLAIN") {
            try await command("AUTH PLAIN " + base64("\0\(username)\0\(password)"), .authentication, 235)
        } else if capabilities.contains("AUTH LOGIN") {
            try await command("AUTH LOGIN", .authentication, 334)
            try await command(base64(username), .authentication, 334)
            try await command(base64(password), .authentication, 235)
        } else {
            throw SMTPError.authenticationUnavailable("the server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
