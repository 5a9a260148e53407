import Foundation
import Testing

/// The third-party sample files and validators (real bank statements, vendor exports, vCards, the UBL 2.1 XSD, the
/// EN 16931 Schematron) that the conformance run checks Benta against.
///
/// They are not part of the repository: the everyday suite reads only its own fixtures (`Tests/*/Fixtures`). The
/// samples folder is `BENTA_SAMPLES_DIR` when set, else a folder `shared/testdata` beside the repository or beside
/// one of its parents. Conformance tests carry the ``Trait/conformance`` trait: they run when the folder is there and
/// are reported as skipped when it is not, unless `BENTA_REQUIRE_SAMPLES=1` (what `.ci/run` sets) makes a missing
/// folder fail them by name.
public enum Samples {
    /// The samples folder, or nil when there is none.
    public static let directory: URL? = find()

    /// True when `BENTA_REQUIRE_SAMPLES=1`: conformance tests fail instead of skipping when the folder is missing.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["BENTA_REQUIRE_SAMPLES"] == "1" }

    /// Whether conformance tests run: the folder exists, or it is required (they then fail, saying what is missing).
    public static var shouldRun: Bool { directory != nil || isRequired }

    /// A file or folder inside the samples folder; throws, naming where it looked, when it is missing.
    public static func url(_ relativePath: String) throws -> URL {
        guard let directory else {
            throw Missing(
                description: "the samples folder was not found (set BENTA_SAMPLES_DIR, or put shared/testdata "
                    + "beside the repository); needed: \(relativePath)")
        }
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "\(relativePath) is not in the samples folder \(directory.path)")
        }
        return url
    }

    /// Every regular file below a folder of the samples with one of the extensions, sorted by path; empty when the
    /// samples are missing (the test then fails through ``url(_:)`` or is skipped by its trait).
    public static func files(in relativePath: String, withExtensions extensions: Set<String>) -> [URL] {
        guard let folder = try? url(relativePath) else { return [] }
        return RepositoryPaths.files(below: folder, withExtensions: extensions)
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    private static func find() -> URL? {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["BENTA_SAMPLES_DIR"], !configured.isEmpty {
            var isFolder: ObjCBool = false
            let url = URL(fileURLWithPath: configured)
            return fileManager.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue ? url : nil
        }
        var folder = RepositoryPaths.root.deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("shared/testdata")
            var isFolder: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue {
                return candidate
            }
            if folder.path == "/" || folder.path.isEmpty { return nil }
            folder.deleteLastPathComponent()
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Marks a conformance test: it reads third-party samples or validators (see ``Samples``). Skipped, and named as
    /// skipped, when the samples folder is missing, unless `BENTA_REQUIRE_SAMPLES=1`.
    public static var conformance: Self {
        .enabled(
            if: Samples.shouldRun,
            "conformance: the samples folder was not found (BENTA_SAMPLES_DIR, or shared/testdata beside the repository)"
        )
    }
}

/// Folders of the repository, found from this source file.
public enum RepositoryPaths {
    /// The folder with Package.swift above this file.
    public static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/",
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
        {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// Every regular file below `folder` whose extension is one of `extensions` (lower case), sorted by path.
    public static func files(below folder: URL, withExtensions extensions: Set<String>) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { extensions.contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    /// A file of the repository, by its path from the root (`scripts/smtp_sink.py`).
    public static func file(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
