import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Saves the input a parser is working on when the process dies of it: a signal handler for traps and stack
/// overflows, and a watchdog thread for hangs. Everything the handler touches is prepared beforehand, and it only
/// calls async-signal-safe functions (`open`, `write`, `close`, `signal`, `raise`).
enum FuzzGuard {
    nonisolated(unsafe) private static var input: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var inputLength = 0
    nonisolated(unsafe) private static var capacity = 0
    nonisolated(unsafe) private static var crashPath: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var crashNotice: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var hangNotice: UnsafeMutablePointer<CChar>?
    /// When the current input started (uptime nanoseconds), or 0 between inputs.
    private static let startedAt = Atomic<UInt64>(0)

    static func install(maximumInputBytes: Int, hangLimit: Double) {
        capacity = maximumInputBytes
        input = .allocate(capacity: maximumInputBytes)
        for signalNumber in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = fuzzGuardHandler
            #else
                action.__sigaction_u.__sa_handler = fuzzGuardHandler
            #endif
            action.sa_flags = Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
        let limit = UInt64(hangLimit * 1_000_000_000)
        let watchdog = Thread {
            while true {
                usleep(100_000)
                let started = startedAt.load(ordering: .acquiring)
                if started != 0, DispatchTime.now().uptimeNanoseconds - started > limit {
                    saveInput()
                    if let hangNotice { _ = write(2, hangNotice, strlen(hangNotice)) }
                    _exit(3)
                }
            }
        }
        watchdog.start()
    }

    /// Gives the calling thread an alternate signal stack, so a stack overflow on it can still be reported.
    static func prepareThread() {
        let size = 256 * 1024
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
    }

    /// Names the file a crash or hang in `target` saves its input to, and the notices printed.
    static func begin(target: String, findings: String) {
        let path = (findings as NSString).appendingPathComponent("\(target)-crash.bin")
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        free(crashPath)
        free(crashNotice)
        free(hangNotice)
        crashPath = strdup(absolute)
        crashNotice = strdup("\nbenta fuzz: CRASH in \(target); the input is saved in \(absolute)\n")
        hangNotice = strdup("\nbenta fuzz: HANG in \(target); the input is saved in \(absolute)\n")
    }

    /// Records `bytes` as the input about to run.
    static func willRun(_ bytes: [UInt8]) {
        guard let input else { return }
        let count = min(bytes.count, capacity)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { input.update(from: base, count: count) }
        }
        inputLength = count
        startedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
    }

    static func finished() {
        startedAt.store(0, ordering: .releasing)
    }

    fileprivate static func crashed(_ signalNumber: Int32) {
        saveInput()
        if let crashNotice { _ = write(2, crashNotice, strlen(crashNotice)) }
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
    }

    private static func saveInput() {
        guard let crashPath, let input else { return }
        let file = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard file >= 0 else { return }
        _ = write(file, input, inputLength)
        close(file)
    }

    /// The peak resident memory of this process in MiB (`VmHWM`), where the system tells it.
    static func peakMemoryMiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }
}

private func fuzzGuardHandler(_ signalNumber: Int32) {
    FuzzGuard.crashed(signalNumber)
}
