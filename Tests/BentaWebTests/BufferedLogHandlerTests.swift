import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import BentaWeb

/// The server's log lines (issue 11): `StreamLogHandler`'s text word for word, written by the output's own thread
/// within its interval, an error with everything before it before the call returns.
@Suite(.timeLimit(.minutes(20))) struct BufferedLogHandlerTests {
    /// What `StreamLogHandler` writes, kept.
    final class Captured: TextOutputStream, @unchecked Sendable {
        private let text = NIOLockedValueBox("")
        var value: String { text.withLockedValue { $0 } }
        func write(_ string: String) { text.withLockedValue { $0 += string } }
    }

    /// Runs `body` with a new file for an output to write to (its path and descriptor), then closes and removes it.
    private func withFile(_ body: (String, Int32) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("benta-log-\(UUID().uuidString)").path
        let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND, 0o600)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
        try await body(path, descriptor)
    }

    private func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test func itsLinesAreStreamLogHandlersWordForWord() async throws {
        try await withFile { path, descriptor in
            let output = LogOutput(descriptor: descriptor)
            let captured = Captured()
            for _ in 0..<3 {  // the two lines are written within one second, or tried again
                var ours = Logger(label: "benta") { BufferedLogHandler(label: $0, output: output) }
                var theirs = Logger(label: "benta") {
                    StreamLogHandler(label: $0, stream: captured, metadataProvider: nil)
                }
                ours[metadataKey: "request_id"] = "r-1"
                theirs[metadataKey: "request_id"] = "r-1"
                let metadata: Logger.Metadata = ["status": "200", "method": "GET", "path": "/a b", "ms": "0.4"]
                ours.info("request", metadata: metadata)
                theirs.info("request", metadata: metadata)
                ours.notice("plain")
                theirs.notice("plain")
                struct Failure: Error {}
                ours.warning("with an error", error: Failure())
                theirs.warning("with an error", error: Failure())
                output.flush()
                if contents(path) == captured.value { break }
                _ = ftruncate(descriptor, 0)
            }
            #expect(contents(path) == captured.value)
            #expect(contents(path).split(separator: "\n").count == 3)
            #expect(contents(path).contains(" info benta: method=GET ms=0.4 path=/a b request_id=r-1 status=200 ["))
        }
    }

    @Test func linesReachTheFileWithinTheIntervalAndAnErrorAtOnce() async throws {
        try await withFile { path, descriptor in
            let output = LogOutput(descriptor: descriptor)
            let logger = Logger(label: "benta") { BufferedLogHandler(label: $0, output: output) }
            logger.info("first")
            var waited = 0
            while !contents(path).contains("first"), waited < 100 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(contents(path).contains("first"), "written by the thread within its interval")
            logger.info("second")
            logger.error("broke")
            let lines = contents(path).split(separator: "\n").map { String($0.split(separator: "] ").last ?? "") }
            #expect(
                lines == ["first", "second", "broke"], "the error and what came before it, before the call returned")
        }
    }

    /// Lines written faster than the thread's interval (the buffer fills and wakes it) arrive once each, in order.
    @Test func aBurstArrivesWholeAndInOrder() async throws {
        try await withFile { path, descriptor in
            let output = LogOutput(descriptor: descriptor)
            let logger = Logger(label: "benta") { BufferedLogHandler(label: $0, output: output) }
            for number in 0..<5_000 { logger.info("line \(number)") }
            output.flush()
            let numbers = contents(path).split(separator: "\n").compactMap {
                $0.split(separator: " ").last.flatMap { Int($0) }
            }
            #expect(numbers == Array(0..<5_000))
        }
    }
}
