import ArgumentParser
import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaWeb
import Foundation
import Logging

/// Benchmarks that print figures; speed is measured here, never in timed unit tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Benta on this machine and print the figures.",
        subcommands: [ImportBench.self, ImportCSV.self, BulkInsertBench.self, MatchingBenchCommand.self])

    struct ImportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Generate a CSV of N accounts and import it into a fresh demo company; print timings.")

        @Option(help: "Rows to import.") var rows = 100_000
        @Option(
            name: .customLong("database-url"),
            help: "A postgres:// URL of an EMPTY database; default a temporary SQLite file.")
        var databaseURL: String?

        func run() async throws {
            guard rows > 0, rows <= 2_000_000 else { throw ValidationError("--rows must be from 1 to 2,000,000.") }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "benta-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            var config = AppConfig()
            config.dataDirectory = directory.path
            config.databaseURL = databaseURL
            config.services.bcryptCost = 4
            let count = rows
            try await withServices(config) { services in
                let company = try await services.companies.create(settings: .initial(name: "Bench Company"))
                let head = try await services.users.add(
                    companyID: company.id, email: "head@bench.test", name: "Bench Head", role: .head,
                    password: "bench-password-123")
                var csv = "Company Name,Phone,Email,TIN,Industry,City\r\n"
                csv.reserveCapacity(count * 80)
                for index in 0..<count {
                    let phone = String(format: "09%09d", 100_000_000 + index)
                    let tin = String(format: "%09d", 100_000_000 + index)
                    csv +=
                        "Bench Company \(index),\(phone),sales\(index)@bench\(index % 97).ph,\(tin),Retail,Makati\r\n"
                }
                let data = Data(csv.utf8)
                say("Generated \(count) rows, \(data.count / 1024) KiB.")
                let clock = ContinuousClock()
                let request = ImportRequest(entity: .accounts, preset: .generic)
                var preview: ImportPreview?
                let previewTime = try await clock.measure {
                    preview = try await services.imports.preview(data, request: request, viewer: head.viewer)
                }
                say(
                    "Dry run: \(preview?.creates ?? 0) to create, \(preview?.rejected ?? 0) rejected in \(previewTime)."
                )
                var job: ImportJob?
                let importTime = try await clock.measure {
                    let started = try await services.imports.start(
                        data, filename: "bench.csv", request: request, viewer: head.viewer)
                    job = await started.work()
                }
                let seconds = Double(importTime.components.seconds) + Double(importTime.components.attoseconds) / 1e18
                say(
                    "Import: \(job?.createdRows ?? 0) created, \(job?.rejectedRows ?? 0) rejected, status \(job?.status.rawValue ?? "-") in \(importTime) (\(Int(Double(count) / max(seconds, 0.001))) rows/s)."
                )
                var found = 0
                let searchTime = try await clock.measure {
                    found = try await services.search.search("Bench Company \(count / 2)", viewer: head.viewer).count
                }
                say("Search after import: \(found) hit(s) in \(searchTime).")
                var listed = 0
                let listTime = try await clock.measure {
                    listed = try await services.accounts.list(
                        viewer: head.viewer, filter: AccountFilter(query: "0917"), page: PageRequest(limit: 50)
                    ).items.count
                }
                say("List 50 of \(count) filtered by phone: \(listed) in \(listTime).")
            }
        }
    }

    /// `benta bench import-csv`: the CSV of N new contacts on the data set's accounts, for `POST /api/v1/imports`.
    struct ImportCSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-csv",
            abstract: "Print a CSV of N new contacts on existing accounts (the rows bulk-insert writes too).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var scale: ScaleRowsOptions

        func run() async throws {
            let source = try scale.source()
            do {
                let text = try await withServices(try database.config(), onlyReads: true) { services in
                    let accounts = try await source.accounts(services: services)
                    guard !accounts.isEmpty else { throw CommandFailure(description: "The database has no accounts.") }
                    return source.csv(accounts: accounts)
                }
                FileHandle.standardOutput.write(Data(text.utf8))
            } catch { throw failing(error) }
        }
    }

    /// `benta bench bulk-insert`: the same rows as `import-csv`, written by plain multi-row inserts into the same
    /// schema (the contact, its search-index row, its phone and email rows), timed; prints one JSON line.
    struct BulkInsertBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bulk-insert",
            abstract: "Insert the rows of import-csv by multi-row inserts into the same database; print the rate.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var scale: ScaleRowsOptions

        func run() async throws {
            let source = try scale.source()
            do {
                let line = try await withServices(try database.config()) { services in
                    let accounts = try await source.accounts(services: services)
                    guard let companyID = try await services.companies.all().first?.id, !accounts.isEmpty else {
                        throw CommandFailure(description: "The database has no company or no accounts.")
                    }
                    let prepared = ContinuousClock.now
                    let contacts = try source.contacts(
                        accounts: accounts, companyID: companyID, at: services.clock.now())
                    let elapsed = ContinuousClock.now - prepared
                    let prepare = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let seconds = try await ScaleImportRows.bulkInsert(contacts, services: services)
                    return String(
                        format: "{\"rows\": %d, \"prepare_seconds\": %.3f, \"insert_seconds\": %.3f, "
                            + "\"rows_per_second\": %.0f}", contacts.count, prepare, seconds,
                        Double(contacts.count) / max(seconds, 0.000_001))
                }
                say(line)
            } catch { throw failing(error) }
        }
    }

    /// `benta bench matching`: issue 12's matching benchmark (`MatchingBench`): a statement of N lines paying M open
    /// invoices, imported and matched, against a raw bulk insert of the same rows; prints a table and one JSON line.
    struct MatchingBenchCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "matching",
            abstract: "Import and match a statement of N lines against M open invoices; print it against a raw insert.")

        @Option(help: "Statement lines.") var lines = 10_000
        @Option(help: "Open invoices to generate.") var invoices = 50_000
        @Option(help: "The statement's format: mt940, camt.053, camt.054, ofx1, ofx2 or csv.") var format = "mt940"
        @Option(
            name: .customLong("database-url"),
            help: "A postgres:// URL of an EMPTY database; default a temporary SQLite file.")
        var databaseURL: String?

        func run() async throws {
            guard (1...1_000_000).contains(lines) else { throw ValidationError("--lines must be from 1 to 1,000,000.") }
            guard (1...2_000_000).contains(invoices) else {
                throw ValidationError("--invoices must be from 1 to 2,000,000.")
            }
            guard let fileFormat = BankFileFormat(rawValue: format),
                BankStatementWriter.writableFormats.contains(fileFormat)
            else { throw ValidationError("--format must be mt940, camt.053, camt.054, ofx1, ofx2 or csv.") }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "benta-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            var config = AppConfig()
            config.dataDirectory = directory.path
            config.databaseURL = databaseURL
            config.services.bcryptCost = 4
            let (lineCount, invoiceCount) = (lines, invoices)
            do {
                let figures = try await withServices(config) { services in
                    try await MatchingBench(
                        services: services, lines: lineCount, invoices: invoiceCount, format: fileFormat,
                        progress: { say($0) }
                    ).run()
                }
                say(
                    String(
                        format: """
                            Generated %d invoices (%d open for the statement) in %.1f s.
                            %d lines, %@, %d KiB:
                              read the file                   %8.2f s
                              raw bulk insert (reference)     %8.2f s  %8.0f lines/s
                              import + matching               %8.2f s  %8.0f lines/s  (%.1f× the raw insert)
                              auto-matched %d, waiting %d, set aside (money out) %d
                            """, figures.invoices, figures.openInvoices, figures.loadSeconds, figures.lines,
                        figures.format.rawValue, figures.fileBytes / 1024, figures.readSeconds,
                        figures.rawInsertSeconds, Double(figures.lines) / max(figures.rawInsertSeconds, 0.000_001),
                        figures.importSeconds, Double(figures.lines) / max(figures.importSeconds, 0.000_001),
                        figures.ratio, figures.autoMatched, figures.waiting, figures.setAside))
                say(figures.json)
            } catch { throw failing(error) }
        }
    }
}

/// The rows `bench import-csv` prints and `bench bulk-insert` writes: how many, and the tag that makes a run's emails
/// new (give both commands the same).
struct ScaleRowsOptions: ParsableArguments {
    @Option(help: "Rows.") var rows = 10_000
    @Option(help: "A word that makes this run's emails new (the same for import-csv and bulk-insert).") var tag = "run"

    /// The rows' source, once the count is in range.
    func source() throws -> ScaleImportRows {
        guard rows > 0, rows <= 2_000_000 else { throw ValidationError("--rows must be from 1 to 2,000,000.") }
        return ScaleImportRows(rows: rows, tag: tag)
    }
}
