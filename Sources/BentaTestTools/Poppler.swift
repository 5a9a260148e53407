import Foundation
import Testing

/// Debian poppler-utils (`pdftotext`, `pdfinfo`, `pdffonts`) run on the PDFs Benta renders: what a viewer sees.
public enum Poppler {
    /// Runs a poppler tool on `pdf`; `{file}` in the arguments stands for the PDF's path. Returns the tool's standard
    /// output and error, or nil when the tool is not installed: the missing check is then recorded as a failure when
    /// `BENTA_REQUIRE_PDFTOTEXT` is set (scripts/test sets it) and printed as skipped otherwise.
    public static func run(
        _ tool: String, _ arguments: [String], on pdf: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (text: String, errors: String)? {
        let path = "/usr/bin/\(tool)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            if ProcessInfo.processInfo.environment["BENTA_REQUIRE_PDFTOTEXT"] != nil {
                Issue.record(
                    "\(path) is required here but missing (install poppler-utils)", sourceLocation: sourceLocation)
            } else {
                print(
                    "skipped: the \(tool) check at \(sourceLocation) (\(path) is not installed; scripts/test installs it)"
                )
            }
            return nil
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("benta-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await ChildProcess.run(path, arguments.map { $0 == "{file}" ? file.path : $0 })
        #expect(outcome.status == 0, "\(tool) failed: \(outcome.errorText)", sourceLocation: sourceLocation)
        return (outcome.outputText, outcome.errorText)
    }

    /// The text `pdftotext -layout` extracts, or nil when it is not installed (see ``run(_:_:on:sourceLocation:)``);
    /// records an issue when pdftotext complains about the file.
    public static func text(
        of pdf: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String? {
        guard let run = try await run("pdftotext", ["-layout", "{file}", "-"], on: pdf, sourceLocation: sourceLocation)
        else { return nil }
        #expect(run.errors.isEmpty, "pdftotext complained: \(run.errors)", sourceLocation: sourceLocation)
        return run.text
    }
}
