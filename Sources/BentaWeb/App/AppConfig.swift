import BentaCore
import BentaServices
import Foundation
import Logging

/// Everything Benta needs to start, built once from flags, then `BENTA_*` environment variables, then defaults.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite file and uploaded files live.
    public var dataDirectory: String
    /// A `postgres://` URL; when set, PostgreSQL is used instead of the SQLite file.
    public var databaseURL: String?
    /// Marks cookies `Secure` (and `__Host-`) and sends HSTS: set when Benta is served over HTTPS.
    public var secureCookies: Bool
    public var logLevel: Logger.Level
    public var services: ServiceSettings
    /// The address users reach Benta at (`https://benta.example.ph`), for links that leave the browser: calendar
    /// feed URLs, web-to-lead form snippets. When unset, the request's own host is used.
    public var publicURL: String?
    /// How long a connection may stay silent (an idle keep-alive, or a client that stopped half-way through its
    /// request) before the server closes it, so slow or stuck clients cannot hold sockets for ever.
    public var idleTimeout: Duration = .seconds(30)
    /// Whether `BENTA_SECRET_KEY` gave the key that seals stored secrets; when not, `benta` keeps one in the data
    /// folder's `secret.key` (every instance on one PostgreSQL database must then be given the same key).
    public var secretKeyFromEnvironment = false

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./benta-data",
        databaseURL: String? = nil, secureCookies: Bool = false, logLevel: Logger.Level = .info,
        services: ServiceSettings = .init()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.secureCookies = secureCookies
        self.logLevel = logLevel
        self.services = services
    }

    /// The configuration from the environment, for values no flag gave.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws -> AppConfig
    {
        var config = AppConfig()
        if let host = environment["BENTA_HOST"], !host.isEmpty { config.host = host }
        if let port = environment["BENTA_PORT"], !port.isEmpty {
            guard let value = Int(port), (1...65535).contains(value) else {
                throw ConfigError(description: "BENTA_PORT must be a port number from 1 to 65535, not '\(port)'.")
            }
            config.port = value
        }
        if let directory = environment["BENTA_DATA_DIR"], !directory.isEmpty { config.dataDirectory = directory }
        if let key = environment["BENTA_SECRET_KEY"], !key.isEmpty {
            guard let box = SecretBox(base64: key) else {
                throw ConfigError(
                    description:
                        "BENTA_SECRET_KEY must be 32 random bytes in base64, e.g. from `openssl rand -base64 32`.")
            }
            config.services.secrets = box
            config.secretKeyFromEnvironment = true
        }
        if let url = environment["BENTA_DATABASE_URL"], !url.isEmpty { config.databaseURL = url }
        if let url = environment["BENTA_PUBLIC_URL"], !url.isEmpty {
            guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""),
                components.host != nil
            else {
                throw ConfigError(
                    description: "BENTA_PUBLIC_URL must be an http(s) address such as https://benta.example.ph.")
            }
            config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let secure = environment["BENTA_SECURE_COOKIES"] {
            config.secureCookies = ["1", "true", "yes"].contains(secure)
        }
        if let level = environment["BENTA_LOG_LEVEL"], !level.isEmpty {
            guard let value = Logger.Level(rawValue: level) else {
                throw ConfigError(
                    description: "BENTA_LOG_LEVEL must be one of trace, debug, info, notice, warning, error.")
            }
            config.logLevel = value
        }
        for retired in ["BENTA_LOGIN_LOCK_AFTER", "BENTA_LOGIN_LOCK_MINUTES"] where environment[retired] != nil {
            // Said out loud rather than ignored: whoever set it expects a lock that no longer exists.
            throw ConfigError(
                description: "\(retired) is no longer read: failed logins no longer lock an account (a stranger could "
                    + "lock anyone out); they make the failing address wait, up to BENTA_LOGIN_MAX_WAIT_SECONDS.")
        }
        if let seconds = environment["BENTA_LOGIN_MAX_WAIT_SECONDS"], !seconds.isEmpty {
            guard let value = Int(seconds), (1...3600).contains(value) else {
                throw ConfigError(
                    description: "BENTA_LOGIN_MAX_WAIT_SECONDS must be a number of seconds from 1 to 3600.")
            }
            config.services.loginThrottle.maximumWaitSeconds = value
        }
        let jobTimings: [(String, WritableKeyPath<JobTiming, Duration?>)] = [
            ("BENTA_JOB_START_DELAY_SECONDS", \.startDelay), ("BENTA_JOB_INTERVAL_SECONDS", \.interval),
        ]
        for (name, keyPath) in jobTimings {
            guard let seconds = environment[name], !seconds.isEmpty else { continue }
            guard let value = Int(seconds), (1...86_400).contains(value) else {
                throw ConfigError(description: "\(name) must be a number of seconds from 1 to 86400.")
            }
            config.services.jobTiming[keyPath: keyPath] = .seconds(value)
        }
        return config
    }
}

/// A configuration value that cannot be used; the message says which and why.
public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
