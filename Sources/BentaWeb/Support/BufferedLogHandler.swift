import Foundation
import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's log handler: `StreamLogHandler`'s lines, word for word, written to a file descriptor in batches by a
/// thread of their own (issue 11: per-request lines are fine in a file but must not cost the request).
///
/// `StreamLogHandler` formatted its timestamp with `localtime` and `strftime` and wrote each line with a system call
/// while the request waited: a third of `/health`'s time, a few percent of a short API request's. Here a line is
/// formatted (the timestamp once a second) and appended to a ``LogOutput``'s buffer, which its thread writes out
/// every 50 ms, or at once when it holds 64 KiB. A line at `error` or above is written before the call returns, with
/// everything before it, so the last words before a failure are never left in a buffer.
public struct BufferedLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: LogOutput

    public init(label: String, output: LogOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = output.timestamp()
        line += " \(event.level)"
        if !label.isEmpty { line += " " + label }
        line += ":"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)\n"
        output.append(line, now: event.level >= .error)
    }

    @available(*, deprecated, renamed: "log(event:)")
    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        log(
            event: LogEvent(
                level: level, message: message, metadata: metadata, source: source, file: file, function: function,
                line: line))
    }
}

/// Where ``BufferedLogHandler``s write: a file descriptor, its pending bytes, and the thread that writes them.
public final class LogOutput: @unchecked Sendable {
    /// Standard error, as `StreamLogHandler.standardError` wrote.
    public static let standardError = LogOutput(descriptor: STDERR_FILENO)

    static let flushInterval: TimeInterval = 0.05
    static let flushSize = 64 * 1024

    private let descriptor: Int32
    private let condition = ConditionLock(value: false)
    private var pending: [UInt8] = []
    private let writing = NIOLock()
    private let clock = NIOLockedValueBox<(second: Int, text: String)>((-1, ""))

    /// Writes to `descriptor` (left open), from a thread started now.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        let thread = Thread { [weak self] in
            while let output = self { output.waitAndWrite() }
        }
        thread.name = "benta-log"
        thread.start()
    }

    /// Adds a line; writes everything pending before returning when `now`, else leaves it to the thread (woken at
    /// once when the buffer is full).
    func append(_ line: String, now: Bool) {
        condition.lock()
        pending.append(contentsOf: line.utf8)
        if pending.count >= Self.flushSize {
            condition.unlock(withValue: true)  // wakes the thread
        } else {
            condition.unlock()
        }
        if now { flush() }
    }

    /// Writes everything pending now (at a shutdown, after an error, in tests).
    public func flush() {
        writing.withLock {
            condition.lock()
            let bytes = pending
            pending.removeAll(keepingCapacity: true)
            condition.unlock(withValue: false)
            writeOut(bytes)
        }
    }

    private func waitAndWrite() {
        // Woken when the buffer is full, else every interval (a timed-out wait holds no lock).
        if condition.lock(whenValue: true, timeoutSeconds: Self.flushInterval) { condition.unlock() }
        flush()
    }

    private func writeOut(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return  // a closed or full descriptor: the lines are dropped, as a failing stream's were
            }
        }
    }

    /// The local time to the second, as `StreamLogHandler` wrote it (`2026-12-07T18:44:52+0000`), formatted once a
    /// second.
    func timestamp() -> String {
        var now = time(nil)
        let second = Int(now)
        if let cached = clock.withLockedValue({ $0.second == second ? $0.text : nil }) { return cached }
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return "<unknown>" }
        var buffer = [Int8](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        clock.withLockedValue { $0 = (second, text) }
        return text
    }
}
