import BentaFormats
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real SMTP server (Python's aiosmtpd, `scripts/smtp_sink.py`) on 127.0.0.1 that writes what it receives to a
/// folder. `scripts/test` installs aiosmtpd and sets `BENTA_PYTHON`; without them the tests skip, unless
/// `BENTA_REQUIRE_VALIDATORS=1` asks them to fail instead.
final class SMTPSink: @unchecked Sendable {
    struct Received {
        var bytes: [UInt8]
        var message: MailMessage
        var mailFrom: String
        var recipients: [String]
        var isTLS: Bool
        var isAuthenticated: Bool
    }

    let port: Int
    let folder: URL
    private let process: Process
    private let input: Pipe

    /// The Python interpreter with aiosmtpd, or nil (after printing why) when the tests should skip.
    static func python() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let isRequired = environment["BENTA_REQUIRE_VALIDATORS"] == "1"
        let python = environment["BENTA_PYTHON"] ?? ""
        var reason: String?
        if python.isEmpty {
            reason = "BENTA_PYTHON is not set"
        } else {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: python)
            check.arguments = ["-c", "import aiosmtpd"]
            check.standardError = FileHandle.nullDevice
            do {
                try check.run()
                check.waitUntilExit()
                if check.terminationStatus != 0 { reason = "aiosmtpd is not installed for \(python)" }
            } catch {
                reason = "\(python) does not run: \(error)"
            }
        }
        guard let reason else { return python }
        if isRequired { throw SinkError("SMTP tests need Python with aiosmtpd (scripts/test installs it): \(reason)") }
        print("note: skipping SMTP delivery tests: \(reason) (scripts/test installs aiosmtpd)")
        return nil
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
            let socketType = Int32(SOCK_STREAM.rawValue)
        #else
            let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { throw SinkError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw SinkError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the sink on `port` (a free one when nil) and waits until it accepts connections.
    init(
        python: String, port: Int? = nil, auth: (user: String, password: String)? = nil,
        certificate: (cert: String, key: String)? = nil, implicitTLS: Bool = false, silent: Bool = false
    ) throws {
        self.port = try port ?? Self.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/smtp_sink.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        var arguments = [script.path, "--port", "\(self.port)", "--dir", folder.path]
        if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        if let certificate { arguments += ["--cert", certificate.cert, "--key", certificate.key] }
        if implicitTLS { arguments.append("--implicit-tls") }
        if silent { arguments.append("--silent") }
        process.arguments = arguments
        input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = folder.appendingPathComponent("ready")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw SinkError("the SMTP sink did not start on port \(self.port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Every message received so far, in order.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        return try names.map { name in
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let metaURL = folder.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: metaURL)) as? [String: Any] ?? [:]
            return Received(
                bytes: bytes, message: try MailParser().parse(bytes), mailFrom: meta["mail_from"] as? String ?? "",
                recipients: meta["rcpt_tos"] as? [String] ?? [], isTLS: meta["tls"] as? Bool ?? false,
                isAuthenticated: meta["authenticated"] as? Bool ?? false)
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct SinkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made with openssl for the STARTTLS test.
struct TestCertificate {
    let certPath: String
    let keyPath: String
    let pem: String

    static func make() throws -> TestCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SinkError("openssl could not make a certificate") }
        return TestCertificate(certPath: cert, keyPath: key, pem: try String(contentsOfFile: cert, encoding: .utf8))
    }
}
