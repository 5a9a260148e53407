import Foundation

/// Runs a ``FuzzTarget`` over mutations of its seeds: first each seed as it is, then mutated inputs from a seeded
/// generator, so a run is repeated exactly from its seed. Each input is timed; an input slower than `slowInput` is a
/// finding (a hang in the making), as is an unclear error or a broken output rule. A crash or a true hang ends the
/// process, so `benta fuzz` records each input before running it (see its `willRun`).
public struct ParserFuzzer: Sendable {
    public struct Configuration: Sendable {
        /// Seeds the generator; the same seed and samples give the same inputs.
        public var seed: UInt64
        /// The largest input fed to a parser, in bytes (mutations that grow past it are trimmed).
        public var maximumInputBytes: Int
        /// An input that takes longer is reported.
        public var slowInput: Duration

        public init(seed: UInt64 = 1, maximumInputBytes: Int = 256 * 1024, slowInput: Duration = .seconds(2)) {
            self.seed = seed
            self.maximumInputBytes = maximumInputBytes
            self.slowInput = slowInput
        }
    }

    /// An input that broke a rule.
    public struct Finding: Sendable {
        public var target: String
        public var iteration: Int
        public var reason: String
        public var input: [UInt8]
    }

    /// What one target's run did.
    public struct Report: Sendable {
        public var target: String
        public var seeds: Int
        public var iterations = 0
        public var accepted = 0
        public var rejected = 0
        public var findings: [Finding] = []
        public var slowest: Duration = .zero
        public var elapsed: Duration = .zero
        /// Each distinct rejection message with how often it came (numbers replaced by `#`).
        public var messages: [String: Int] = [:]

        public var summary: String {
            "\(target): \(iterations) inputs from \(seeds) seeds, \(accepted) accepted, \(rejected) rejected, "
                + "\(findings.count) findings, slowest \(Self.milliseconds(slowest)) ms, \(Self.milliseconds(elapsed)) ms"
        }

        static func milliseconds(_ duration: Duration) -> Int64 {
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Feeds `target` until `iterations` inputs have run or `deadline` has passed, whichever comes first.
    ///
    /// `willRun` is called with each input before the parser sees it.
    public func run(
        _ target: FuzzTarget, seeds: [[UInt8]], iterations: Int, deadline: ContinuousClock.Instant? = nil,
        willRun: ([UInt8]) -> Void = { _ in }
    ) -> Report {
        var report = Report(target: target.name, seeds: seeds.count)
        let clock = ContinuousClock()
        let started = clock.now
        guard !seeds.isEmpty else { return report }
        let mutator = target.mutator(maximumBytes: configuration.maximumInputBytes)
        var random = FuzzRandom(seed: configuration.seed ^ Self.hash(target.name))
        for iteration in 0..<iterations {
            if let deadline, clock.now >= deadline { break }
            let input: [UInt8]
            if iteration < seeds.count {
                input = Array(seeds[iteration].prefix(configuration.maximumInputBytes))
            } else {
                let seed = seeds[random.below(seeds.count)]
                input = mutator.mutate(seed, other: seeds[random.below(seeds.count)], using: &random)
            }
            willRun(input)
            let before = clock.now
            let outcome = target.run(input)
            var took = clock.now - before
            if took > configuration.slowInput {
                // Wall-clock time on a shared machine counts the time this process did not run (a clean-clone check
                // once saw a 2.2 s vCard that parses in milliseconds): a slow input is timed once more, and only one
                // slow both times is a finding.
                let again = clock.now
                _ = target.run(input)
                took = min(took, clock.now - again)
            }
            report.iterations += 1
            report.slowest = max(report.slowest, took)
            if took > configuration.slowInput {
                report.findings.append(
                    Finding(
                        target: target.name, iteration: iteration,
                        reason: "took \(Report.milliseconds(took)) ms (limit \(configuration.slowInput))", input: input)
                )
            }
            switch outcome {
            case .accepted:
                report.accepted += 1
            case .rejected(let message):
                report.rejected += 1
                report.messages[Self.shape(of: message), default: 0] += 1
            case .failed(let reason):
                report.findings.append(Finding(target: target.name, iteration: iteration, reason: reason, input: input))
            }
        }
        report.elapsed = clock.now - started
        return report
    }

    /// A message with its digits folded, so "line 3" and "line 40" count as one kind of rejection.
    static func shape(of message: String) -> String {
        var result = ""
        var previousWasDigit = false
        for character in message.prefix(200) {
            let isDigit = character.isASCII && character.isNumber
            if !isDigit { result.append(character) } else if !previousWasDigit { result.append("#") }
            previousWasDigit = isDigit
        }
        return result
    }

    /// FNV-1a, so each target draws its own sequence from one seed.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
