import ArgumentParser
import BentaCore
import BentaServices
import BentaStore
import BentaWeb
import Foundation
import Hummingbird
import Logging

#if canImport(Glibc)
    import Glibc
#endif

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Benta web server (migrates first).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (env BENTA_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env BENTA_PORT; default 8080).")
    var port: Int?

    @Flag(help: "Load the demo company when the database is empty.")
    var demo = false

    @Flag(
        name: .customLong("secure-cookies"),
        help: "Mark cookies Secure and send HSTS (when served over HTTPS; env BENTA_SECURE_COOKIES=1).")
    var secureCookies = false

    func run() async throws {
        AllocatorArenas.limit()
        var config: AppConfig
        do { config = try database.config() } catch { throw failing(error) }
        if let host { config.host = host }
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
            config.port = port
        }
        if secureCookies { config.secureCookies = true }
        LoggingSystem.bootstrap { label in
            var handler = BufferedLogHandler(label: label, output: .standardError)
            handler.logLevel = config.logLevel
            return handler
        }
        // The last lines reach standard error however `run` ends.
        defer { LogOutput.standardError.flush() }
        let logger = {
            var logger = Logger(label: "benta")
            logger.logLevel = config.logLevel
            return logger
        }()
        let database = try await openDatabase(config.databaseLocation, logger: logger)
        let services = Services(database: database, settings: config.services, logger: logger)
        let wantsDemo = demo
        let finalConfig = config
        let app = try await buildApplication(config: config, services: services) {
            let applied = try await services.migrate()
            if !applied.isEmpty { logger.info("applied migrations", metadata: ["numbers": "\(applied)"]) }
            // Before the port opens: every Idempotency-Key claim and statement import then names this instance.
            try await services.instance.register()
            let loader = DemoLoader(services: services)
            if wantsDemo, try await loader.databaseIsEmpty() {
                say("Loading the demo company…")
                let folder = URL(fileURLWithPath: finalConfig.dataDirectory).appendingPathComponent("demo-statements")
                printDemoSummary(try await loader.load(statementsFolder: folder))
            } else if wantsDemo {
                say("The database already has data; the demo was not loaded again.")
                say("Demo logins (if this is the demo database): admin@demo.test … password \(DemoSummary.password)")
            }
            switch finalConfig.databaseLocation {
            case .sqlite(let path): say("Data: SQLite file \(path)")
            case .postgres: say("Data: PostgreSQL (BENTA_DATABASE_URL)")
            }
            say("Benta is running at http://\(finalConfig.host):\(finalConfig.port)/  (Ctrl-C to stop)")
        }
        try await app.runService()
        await database.shutdown()
    }
}

/// Prints a line and flushes it at once, so the URL and the demo logins show up even when stdout is a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// glibc gives every thread that contends for the allocator an arena of its own, up to eight per core, and keeps
/// what each arena once held: a server with a cooperative pool, event loops and a database thread pool kept a fifth
/// more memory than it needs (issue 11: 130 MiB against 110 MiB after the same load on a 20,000-account company,
/// measured with `MALLOC_ARENA_MAX=2`). The server limits the arenas to the cores, unless `MALLOC_ARENA_MAX` says
/// otherwise. `mallopt` is not in Swift's Glibc module, so it is looked up by name.
enum AllocatorArenas {
    static func limit() {
        #if canImport(Glibc)
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
                let symbol = dlsym(nil, "mallopt")
            else { return }
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let arenaMaximum: Int32 = -8  // M_ARENA_MAX in <malloc.h>
            _ = unsafeBitCast(symbol, to: Mallopt.self)(
                arenaMaximum, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }
}
