import BentaFormats
import BentaTestSupport
import BentaTestTools
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real SMTP server (Python's aiosmtpd, `scripts/smtp_sink.py`) on 127.0.0.1 that writes what it receives to a
/// folder, run as a child process through ``ChildProcess`` (never a blocked thread). `scripts/test` installs
/// aiosmtpd and sets `BENTA_PYTHON`; without them the tests are reported as skipped, unless
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
    private let stopSignal: AsyncStream<Void>.Continuation
    private let running: Task<Void, any Error>

    /// Whether `BENTA_REQUIRE_VALIDATORS=1` asks the SMTP tests to fail, not skip, when Python or aiosmtpd is missing.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["BENTA_REQUIRE_VALIDATORS"] == "1" }

    /// The Python interpreter with aiosmtpd, or why there is none.
    static func lookUpPython() async -> Result<String, SinkError> {
        let python = ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? ""
        if python.isEmpty { return .failure(SinkError("BENTA_PYTHON is not set")) }
        do {
            let check = try await ChildProcess.run(python, ["-c", "import aiosmtpd"], timeout: .seconds(30))
            return check.status == 0 ? .success(python) : .failure(SinkError("aiosmtpd is not installed for \(python)"))
        } catch {
            return .failure(SinkError("\(python) does not run: \(error)"))
        }
    }

    /// The Python interpreter with aiosmtpd; a test carrying ``Trait/smtpSink`` only runs without one when it is
    /// required, and then fails here, naming what is missing.
    static func python() async throws -> String {
        switch await lookUpPython() {
        case .success(let python): return python
        case .failure(let reason):
            throw SinkError("SMTP tests need Python with aiosmtpd (scripts/test installs it): \(reason)")
        }
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
    ) async throws {
        let port = try port ?? Self.freePort()
        self.port = port
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-smtp-\(UUID().uuidString)")
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [RepositoryPaths.file("scripts/smtp_sink.py").path, "--port", "\(port)", "--dir", folder.path]
        if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        if let certificate { arguments += ["--cert", certificate.cert, "--key", certificate.key] }
        if implicitTLS { arguments.append("--implicit-tls") }
        if silent { arguments.append("--silent") }
        let (signal, stopSignal) = AsyncStream<Void>.makeStream()
        self.stopSignal = stopSignal
        // The sink runs until stop() (its standard input is closed and it is terminated); the child is reaped here.
        running = Task { [arguments] in
            defer { try? FileManager.default.removeItem(at: folder) }
            try await ChildProcess.withRunning(python, arguments) {
                for await _ in signal {}
            }
        }
        let ready = folder.appendingPathComponent("ready")
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard ContinuousClock.now < deadline else {
                stop()
                throw SinkError("the SMTP sink did not start on port \(port) within 20 s")
            }
            try await Task.sleep(for: .milliseconds(50))
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

    /// Stops the sink without waiting: it exits on its own and its folder is removed once it has.
    func stop() {
        stopSignal.finish()
    }
}

extension Trait where Self == ConditionTrait {
    /// Marks a test that delivers to the SMTP sink: skipped, and named as skipped, when Python with aiosmtpd is missing,
    /// unless `BENTA_REQUIRE_VALIDATORS=1` makes it run and fail.
    static var smtpSink: Self {
        .enabled("SMTP delivery needs Python with aiosmtpd (BENTA_PYTHON; scripts/test installs it)") {
            if SMTPSink.isRequired { return true }
            if case .success = await SMTPSink.lookUpPython() { return true }
            return false
        }
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

    static func make() async throws -> TestCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let run = try await ChildProcess.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        guard run.status == 0 else { throw SinkError("openssl could not make a certificate") }
        return TestCertificate(certPath: cert, keyPath: key, pem: try String(contentsOfFile: cert, encoding: .utf8))
    }
}
