import Foundation

/// The sample files that seed fuzzing: every regular file below the given folders, keyed by its path inside its
/// folder (lowercased, `/`-separated), so the repository's fixtures and the shared samples (same layout) mix.
public struct FuzzCorpus: Sendable {
    public struct File: Sendable {
        /// The path inside its folder, lowercased.
        public let path: String
        public let bytes: [UInt8]
    }

    public let files: [File]

    /// Reads the folders; files larger than `maximumFileBytes` are skipped, missing folders are ignored.
    public init(folders: [URL], maximumFileBytes: Int = 1024 * 1024) {
        var files: [File] = []
        let manager = FileManager.default
        for given in folders {
            // A samples folder may be a link (`scripts/clone-check --with-samples` makes one): walk what it points
            // to, and name each file relative to that, so paths read `ical/…` either way.
            let folder = given.resolvingSymlinksInPath()
            let root = folder.standardizedFileURL.path
            guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
                continue
            }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    let data = try? Data(contentsOf: url), data.count <= maximumFileBytes
                else { continue }
                let full = url.resolvingSymlinksInPath().standardizedFileURL.path
                let relative = full.hasPrefix(root) ? String(full.dropFirst(root.count)) : full
                files.append(File(path: relative.trimmingPrefix("/").lowercased(), bytes: [UInt8](data)))
            }
        }
        self.files = files.sorted { $0.path < $1.path }
    }

    public init(files: [File]) {
        self.files = files
    }
}
