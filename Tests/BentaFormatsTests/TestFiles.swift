import Foundation

/// Paths of test input files: the project's own fixtures and the shared sample files beside the repository.
enum TestFiles {
    /// `Tests/BentaFormatsTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }

    /// `../shared/testdata/<name>` from the repository root.
    static func shared(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/testdata")
            .appendingPathComponent(name)
    }

    /// Every regular file below a folder, sorted.
    static func files(in folder: URL, withExtensions extensions: Set<String>) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { extensions.contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    /// A Python interpreter with the validators (icalendar, vobject) installed by `scripts/test`, if any.
    static var python: String? {
        let value = ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? ""
        return value.isEmpty ? nil : value
    }
}
