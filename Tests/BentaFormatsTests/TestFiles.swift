import BentaTestTools
import Foundation

/// Paths of the project's own test input files and the tools the validator tests run.
///
/// Third-party samples are not read from here: conformance tests find them through `Samples` in BentaTestSupport.
enum TestFiles {
    /// `Tests/BentaFormatsTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }

    /// Every regular file below a folder, sorted.
    static func files(in folder: URL, withExtensions extensions: Set<String>) -> [URL] {
        RepositoryPaths.files(below: folder, withExtensions: extensions)
    }

    /// A Python interpreter with the validators (icalendar, vobject) installed by `scripts/test`, if any.
    static var python: String? {
        let value = ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? ""
        return value.isEmpty ? nil : value
    }

    /// True when `BENTA_REQUIRE_VALIDATORS=1`: a validator test without `BENTA_PYTHON` fails instead of skipping.
    static var requiresValidators: Bool {
        ProcessInfo.processInfo.environment["BENTA_REQUIRE_VALIDATORS"] == "1"
    }

    /// Whether the Python validator tests run: a Python is named, or it is required (they then fail, saying so).
    static var runsPythonValidators: Bool { python != nil || requiresValidators }

    /// The Python named by `BENTA_PYTHON`; throws, naming the variable, when there is none.
    static func requirePython() throws -> String {
        guard let python else {
            throw MissingValidator(
                description: "BENTA_PYTHON is not set, and BENTA_REQUIRE_VALIDATORS=1 requires the Python validators "
                    + "(scripts/test creates .venv-test with icalendar and vobject)")
        }
        return python
    }

    struct MissingValidator: Error, CustomStringConvertible {
        let description: String
    }
}
