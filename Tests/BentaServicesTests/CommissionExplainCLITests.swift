import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import Logging
import Testing

/// `benta commission explain` through the built debug binary (issue 13): a SQLite data folder seeded with two
/// issued invoices and a commission run, then `.build/debug/benta commission explain --data-dir … --manager …
/// --month …` prints the statement line by line — exactly `CommissionExplanation.text`, each line with its source,
/// amount, band and rate — and exits 0; a month without a run exits 1 saying so, a bad month exits non-zero.
@Suite(.timeLimit(.minutes(20))) struct CommissionExplainCLITests {
    /// The binary `swift build --build-tests` makes beside the tests.
    static var binary: String { RepositoryPaths.root.appendingPathComponent(".build/debug/benta").path }

    @Test func explainPrintsTheSeededStatementLineByLine() async throws {
        let binary = Self.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing: swift build first")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "benta-test")
        logger.logLevel = .critical
        let database = try await openDatabase(
            .sqlite(path: folder.appendingPathComponent("benta.sqlite").path), logger: logger)
        let seeded: (text: String, statement: CommissionStatement, invoices: [Invoice])
        do {
            try await Migrator().migrate(database, now: Date())
            let setup = try await CommissionServiceTests.setup(database)
            let world = setup.world
            let invoices = [
                try await CommissionServiceTests.invoice(
                    world, account: world.manager2Accounts[0], net: "2100000", owner: world.manager2),
                try await CommissionServiceTests.invoice(
                    world, account: world.manager2Accounts[1], net: "500000", owner: world.manager2),
            ]
            _ = try await setup.commission.run(month: CommissionServiceTests.november, viewer: world.head.viewer)
            let found = try #require(
                try await setup.commission.statement(
                    managerEmail: "manager2@test.ph", month: CommissionServiceTests.november,
                    viewer: world.head.viewer))
            let manager = "\(found.user.name) <\(found.user.email.value)>"
            seeded = (
                CommissionExplanation.text(found.statement.statement, manager: manager), found.statement.statement,
                invoices
            )
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
        let common = ["commission", "explain", "--data-dir", folder.path, "--manager", "manager2@test.ph"]
        let run = try await ChildProcess.run(binary, common + ["--month", "2026-11"])
        #expect(run.status == 0, "\(run.errorText)")
        #expect(run.outputText == seeded.text)
        let printed = run.outputText.split(separator: "\n").map(String.init)
        #expect(printed.first?.contains("Paolo Dos <manager2@test.ph>") == true)
        #expect(printed.first?.contains("2026-11") == true)
        #expect(seeded.statement.lines.count == 4)
        for (index, line) in seeded.statement.lines.enumerated() {
            let row = try #require(printed.first { $0.hasPrefix("\(index + 1). ") }, "line \(index + 1)")
            guard case .credit(let event) = line.source else {
                Issue.record("line \(index + 1) is not a credit")
                continue
            }
            #expect(row.contains(event.sourceID))
            #expect(row.contains("PHP \(line.amount.decimalString)"))
            #expect(row.contains("rate \(line.ratePercent)%"))
        }
        for invoice in seeded.invoices { #expect(run.outputText.contains(invoice.id.description)) }
        #expect(printed.contains("Earned: PHP 96000.00"))
        #expect(printed.contains("Commission payable: PHP 96000.00"))

        let notRun = try await ChildProcess.run(binary, common + ["--month", "2026-10"])
        #expect(notRun.status == 1)
        #expect(notRun.outputText.contains("No commission statement for manager2@test.ph in 2026-10"))
        let badMonth = try await ChildProcess.run(binary, common + ["--month", "November"])
        #expect(badMonth.status != 0)
        #expect(badMonth.errorText.contains("--month must be YYYY-MM"))
    }
}
