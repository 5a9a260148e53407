import BentaTestSupport
import BentaTestTools
import Testing

/// The text `pdftotext -layout` (Debian poppler-utils) extracts from a PDF: what a viewer shows.
enum PDFText {
    /// nil when pdftotext is not installed and `BENTA_REQUIRE_PDFTOTEXT` is unset (scripts/test sets it, so the
    /// check never skips there); the extracted text otherwise.
    static func extract(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await Poppler.text(of: bytes, sourceLocation: sourceLocation)
    }
}
