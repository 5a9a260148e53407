import ArgumentParser
import BentaFormats
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `benta fuzz` (hidden): feeds mutations of real samples to every reader of outside files (issue 15, "Hostile
/// input"). Findings (unclear errors, broken output rules, slow inputs) are written to the findings folder and the
/// command exits 1. A crash (a Swift trap or a stack overflow) or a hang cannot be caught in-process: the input that
/// caused it is saved before the process ends, its path printed, and the exit is by the signal (crash) or 3 (hang).
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the file readers (bank files, CSV, vCard, mail, multipart) and the iCalendar writer.",
        shouldDisplay: false)

    @Option(help: "Run for about this many seconds in all, shared among the targets (default: --iterations).")
    var seconds: Int?

    @Option(help: "Inputs per target, seeds first (ignored with --seconds).")
    var iterations = 500

    @Option(help: "The generator's seed: the same seed and samples give the same inputs.")
    var seed: UInt64 = 1

    @Option(name: .customLong("target"), help: "Only these targets (repeatable): \(FuzzCommand.targetNames).")
    var targets: [String] = []

    @Option(
        name: .customLong("samples"),
        help: "Folders of sample files (repeatable); default: Tests/BentaFormatsTests/Fixtures and the shared samples.")
    var sampleFolders: [String] = []

    @Option(help: "Where inputs that broke a rule are written.")
    var findings = "fuzz-findings"

    @Option(help: "The largest input fed to a parser, in bytes.")
    var maxInputBytes = 256 * 1024

    @Option(help: "An input slower than this many seconds is a finding.")
    var slowSeconds = 2.0

    @Option(help: "An input still running after this many seconds is a hang: saved, and the process exits 3.")
    var hangSeconds = 10.0

    @Option(help: "Fail when the peak resident memory passes this many MiB.")
    var maxMemoryMb = 1024

    @Option(help: .hidden)
    var inject: Injection?

    enum Injection: String, ExpressibleByArgument {
        /// Trap on the first mutated input, to prove a crash is reported with its input.
        case crash
        /// Hang on the first mutated input, to prove the watchdog.
        case hang
    }

    static var targetNames: String { FuzzTarget.all.map(\.name).joined(separator: ", ") }

    func validate() throws {
        for name in targets where FuzzTarget.named(name) == nil {
            throw ValidationError("Unknown target \"\(name)\"; the targets are \(Self.targetNames).")
        }
        if let seconds, seconds < 1 { throw ValidationError("--seconds must be at least 1.") }
        guard iterations > 0, maxInputBytes > 0, slowSeconds > 0, hangSeconds > 0 else {
            throw ValidationError(
                "--iterations, --max-input-bytes, --slow-seconds and --hang-seconds must be positive.")
        }
    }

    func run() throws {
        let folders =
            sampleFolders.isEmpty ? Self.defaultSampleFolders() : sampleFolders.map(URL.init(fileURLWithPath:))
        let corpus = FuzzCorpus(folders: folders)
        print("samples: \(corpus.files.count) files from \(folders.map(\.path).joined(separator: ", "))")
        try FileManager.default.createDirectory(atPath: findings, withIntermediateDirectories: true)
        let chosen = targets.isEmpty ? FuzzTarget.all : targets.compactMap(FuzzTarget.named)
        let fuzzer = ParserFuzzer(
            configuration: .init(seed: seed, maximumInputBytes: maxInputBytes, slowInput: .seconds(slowSeconds)))
        FuzzGuard.install(maximumInputBytes: maxInputBytes, hangLimit: hangSeconds)

        // The parsers run on a thread of their own, whose alternate signal stack lets a stack overflow be reported.
        let outcome = FuzzThreadResult()
        let thread = Thread {
            FuzzGuard.prepareThread()
            outcome.set(self.fuzz(chosen, corpus: corpus, fuzzer: fuzzer))
        }
        thread.stackSize = 8 * 1024 * 1024
        thread.start()
        outcome.wait()
        let totals = outcome.reports
        let found = totals.flatMap(\.findings)
        for finding in found {
            let path = (findings as NSString).appendingPathComponent("\(finding.target)-\(finding.iteration).bin")
            FileManager.default.createFile(atPath: path, contents: Data(finding.input))
            print("FINDING \(finding.target) input \(finding.iteration): \(finding.reason) (input saved in \(path))")
        }
        let peak = FuzzGuard.peakMemoryMiB()
        let inputs = totals.reduce(0) { $0 + $1.iterations }
        print("total: \(inputs) inputs, \(found.count) findings, peak memory \(peak.map { "\($0) MiB" } ?? "unknown")")
        if let peak, peak > maxMemoryMb {
            print("FINDING memory: the peak of \(peak) MiB is above the limit of \(maxMemoryMb) MiB")
            throw ExitCode(1)
        }
        if !found.isEmpty { throw ExitCode(1) }
    }

    private func fuzz(_ chosen: [FuzzTarget], corpus: FuzzCorpus, fuzzer: ParserFuzzer) -> [ParserFuzzer.Report] {
        var reports: [ParserFuzzer.Report] = []
        let clock = ContinuousClock()
        let started = clock.now
        for (index, target) in chosen.enumerated() {
            let seeds = target.seeds(from: corpus)
            var deadline: ContinuousClock.Instant?
            if let seconds {
                // Each target gets an equal share of what is left, so an early fast target leaves time for the rest.
                let left = Duration.seconds(seconds) - (clock.now - started)
                deadline = clock.now + left / (chosen.count - index)
            }
            FuzzGuard.begin(target: target.name, findings: findings)
            var count = 0
            let report = fuzzer.run(
                target, seeds: seeds, iterations: seconds == nil ? iterations : Int.max, deadline: deadline
            ) { input in
                FuzzGuard.willRun(input)
                count += 1
                if let inject, count == seeds.count + 1 { Self.misbehave(inject) }
            }
            FuzzGuard.finished()
            print(report.summary)
            for (message, times) in report.messages.sorted(by: { $0.value > $1.value }).prefix(5) {
                print("  \(times)× \(message)")
            }
            fflush(nil)
            reports.append(report)
        }
        return reports
    }

    private static func misbehave(_ injection: Injection) {
        switch injection {
        case .crash: fatalError("injected crash")
        case .hang: while true { sleep(1) }
        }
    }

    /// The repository's fixtures (when run from its root) and the shared samples (`BENTA_SAMPLES_DIR`, else a
    /// `shared/testdata` beside the working folder or one of its parents).
    static func defaultSampleFolders() -> [URL] {
        let manager = FileManager.default
        var folders: [URL] = []
        let current = URL(fileURLWithPath: manager.currentDirectoryPath)
        let fixtures = current.appendingPathComponent("Tests/BentaFormatsTests/Fixtures")
        if manager.fileExists(atPath: fixtures.path) { folders.append(fixtures) }
        if let configured = ProcessInfo.processInfo.environment["BENTA_SAMPLES_DIR"], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured))
            return folders
        }
        var folder = current
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/testdata")
            if manager.fileExists(atPath: candidate.path) {
                folders.append(candidate)
                break
            }
            folder.deleteLastPathComponent()
        }
        return folders
    }
}

/// The reports, handed from the fuzzing thread to the command.
private final class FuzzThreadResult: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private(set) var reports: [ParserFuzzer.Report] = []

    func set(_ reports: [ParserFuzzer.Report]) {
        self.reports = reports
        done.signal()
    }

    func wait() {
        done.wait()
    }
}
