import Foundation
import Testing

/// The text `pdftotext -layout` (Debian poppler-utils) extracts from a PDF: what a viewer shows.
enum PDFText {
    /// nil when pdftotext is not installed and `BENTA_REQUIRE_PDFTOTEXT` is unset (scripts/test sets it, so the
    /// check never skips there); the extracted text otherwise.
    static func extract(_ bytes: [UInt8]) throws -> String? {
        let tool = "/usr/bin/pdftotext"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            if ProcessInfo.processInfo.environment["BENTA_REQUIRE_PDFTOTEXT"] != nil {
                Issue.record("pdftotext is required here but missing (install poppler-utils)")
            }
            return nil
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("benta-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", file.path, "-"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(complaints.isEmpty, "pdftotext complained: \(String(decoding: complaints, as: UTF8.self))")
        return String(decoding: text, as: UTF8.self)
    }
}
