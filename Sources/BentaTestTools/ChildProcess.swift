import BentaCore
import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Child processes for tests (validators, pdftotext, openssl, the SMTP sink), through swift-subprocess.
///
/// Foundation's `Process` on Linux blocks a thread in `waitUntilExit` and `readDataToEndOfFile`, and its pipes are
/// inherited by any child spawned at the same moment on another thread: a long-lived child (the SMTP sink) then holds
/// the write end of another test's output pipe, that read never ends, and with the two cooperative threads of a
/// 2-core machine blocked the whole suite stops. swift-subprocess suspends instead of blocking, closes every other
/// descriptor in the child and watches exits through pidfd; every run here also has a time limit and kills the child
/// when it passes.
public enum ChildProcess {
    /// What a finished child printed and how it ended.
    public struct Outcome: Sendable {
        /// The exit code, or 128 + the signal number when a signal ended it.
        public let status: Int32
        public let output: [UInt8]
        public let errorOutput: [UInt8]

        public var outputText: String { String(decoding: output, as: UTF8.self) }
        public var errorText: String { String(decoding: errorOutput, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` (a path, or a name looked up in `PATH`) to its end and collects both outputs.
    ///
    /// - Throws: ``Failure`` when it cannot start or runs longer than `timeout` (it is killed then).
    public static func run(
        _ executable: String, _ arguments: [String], input: [UInt8]? = nil, timeout: Duration = .seconds(120)
    ) async throws -> Outcome {
        ignoreBrokenPipes()
        let configuration = Configuration(
            executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
            arguments: Arguments(arguments))
        let limit = 256 * 1024 * 1024
        return try await withTimeout(timeout, describing: executable) {
            let result: ExecutionResult<Void, BytesOutput, BytesOutput>
            do {
                if let input {
                    result = try await Subprocess.run(
                        configuration, input: .array(input), output: .bytes(limit: limit), error: .bytes(limit: limit))
                } else {
                    result = try await Subprocess.run(
                        configuration, input: .none, output: .bytes(limit: limit), error: .bytes(limit: limit))
                }
            } catch {
                throw Failure(description: "\(executable) could not run: \(error)")
            }
            return Outcome(
                status: status(of: result.terminationStatus), output: result.standardOutput,
                errorOutput: result.standardError)
        }
    }

    /// Starts a long-running child (a server), runs `body` while it runs, then closes its standard input and
    /// terminates it. Its outputs are discarded.
    public static func withRunning<R: Sendable>(
        _ executable: String, _ arguments: [String],
        _ body: @escaping @Sendable () async throws -> R
    ) async throws -> R {
        ignoreBrokenPipes()
        let configuration = Configuration(
            executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
            arguments: Arguments(arguments))
        let result = try await Subprocess.run(
            configuration, input: .inputWriter, output: .discarded, error: .discarded
        ) { execution in
            let outcome: Result<R, any Error>
            do {
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            try? await execution.standardInputWriter.finish()
            try? execution.send(signal: .terminate)
            return outcome
        }
        return try result.closureResult.get()
    }

    /// Runs `work`, or throws ``Failure`` naming `what` when it takes longer than `limit`: the work is cancelled and
    /// left behind, so a wait that ignores cancellation (a missed exit) cannot hang the test.
    public static func withTimeout<R: Sendable>(
        _ limit: Duration, describing what: String, _ work: @escaping @Sendable () async throws -> R
    ) async throws -> R {
        try await Deadline.run(
            limit, expired: { Failure(description: "\(what) did not finish within \(limit) and was stopped") }, work)
    }

    /// A child that exits before reading all its input would otherwise end the whole test process with SIGPIPE
    /// when its standard input is written; ignored, the write fails with EPIPE and the child's exit status tells.
    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    private static func ignoreBrokenPipes() {
        _ = brokenPipesIgnored
    }

    private static func status(of termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): return Int32(code)
        case .signaled(let signal): return 128 + Int32(signal)
        }
    }
}
