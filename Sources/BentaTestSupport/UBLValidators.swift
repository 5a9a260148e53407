import Foundation
import Testing

/// The official validators of UBL invoices, run on the files the tests write: the UBL 2.1 XSD through `xmllint`
/// (Debian libxml2-utils) and the EN 16931 Schematron, precompiled to XSLT, through Saxon-HE (`saxonche` in the
/// Python that `BENTA_PYTHON` names) with `scripts/validate-en16931.py`, which compiles the stylesheet once for all
/// files.
///
/// The shared test data is found through `BENTA_SHARED_DIR` (the `shared` folder) or by walking up from this file
/// to a folder that holds `shared/testdata/einvoice`. When a tool or the data is missing the validation tests skip
/// with a printed note, unless `BENTA_REQUIRE_VALIDATORS=1` (scripts/test sets it) makes them fail.
public struct UBLValidators: Sendable {
    let xmllint: URL
    let python: URL
    let einvoice: URL
    let schematronScript: URL

    /// One failed Schematron assertion.
    public struct Assertion: Sendable, Decodable {
        public let id: String
        public let flag: String
        public let location: String
        public let text: String
    }

    /// What the validators said about one file.
    public struct Outcome: Sendable {
        /// xmllint's complaints; empty when the file validates against the XSD.
        public var schemaErrors: [String] = []
        /// Every failed assertion of the EN 16931 Schematron.
        public var assertions: [Assertion] = []

        public var fatalRuleIDs: [String] { assertions.filter { $0.flag == "fatal" }.map(\.id) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// True when `BENTA_REQUIRE_VALIDATORS=1`: a missing tool fails the tests instead of skipping them.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["BENTA_REQUIRE_VALIDATORS"] == "1" }

    /// The validators, or what is missing.
    public static let lookup: Result<UBLValidators, Failure> = find()

    /// The validators when present; otherwise records a failure when they are required and prints a note (once per
    /// call site run) when not, and returns nil.
    public static func required() -> UBLValidators? {
        switch lookup {
        case .success(let validators):
            return validators
        case .failure(let failure):
            if isRequired {
                Issue.record("UBL validators are required (BENTA_REQUIRE_VALIDATORS=1) but \(failure)")
            } else {
                print("note: UBL validation skipped: \(failure); scripts/test installs the tools")
            }
            return nil
        }
    }

    /// Validates documents (name → XML text) in one xmllint run per schema and one Saxon run for all.
    public func validate(_ documents: [String: String]) throws -> [String: Outcome] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-ubl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var outcomes: [String: Outcome] = [:]
        var filesBySchema: [String: [String]] = [:]
        var nameByPath: [String: String] = [:]
        for (name, xml) in documents {
            let file = folder.appendingPathComponent(name + ".xml")
            try Data(xml.utf8).write(to: file)
            let schema = xml.contains("<CreditNote ") ? "UBL-CreditNote-2.1.xsd" : "UBL-Invoice-2.1.xsd"
            filesBySchema[schema, default: []].append(file.path)
            nameByPath[file.path] = name
            outcomes[name] = Outcome()
        }
        for (schema, files) in filesBySchema.sorted(by: { $0.key < $1.key }) {
            let xsd = einvoice.appendingPathComponent("ubl-2.1/xsd/maindoc/\(schema)").path
            let run = try Self.run(xmllint, ["--noout", "--schema", xsd] + files.sorted())
            // xmllint prints "<file> validates" or "<file> fails to validate", and each error as "<file>:<line>: …".
            for line in run.errors.split(separator: "\n").map(String.init) {
                guard let path = files.first(where: { line.hasPrefix($0) }), let name = nameByPath[path] else {
                    continue
                }
                if !line.hasSuffix(" validates") {
                    outcomes[name]?.schemaErrors.append(String(line.dropFirst(path.count)))
                }
            }
            for path in files where !run.errors.contains(path + " validates") {
                if let name = nameByPath[path], outcomes[name]?.schemaErrors.isEmpty == true {
                    outcomes[name]?.schemaErrors.append("xmllint did not report that the file validates")
                }
            }
        }
        let stylesheet = einvoice.appendingPathComponent("en16931/xslt/EN16931-UBL-validation.xslt").path
        let paths = nameByPath.keys.sorted()
        let run = try Self.run(python, [schematronScript.path, stylesheet] + paths)
        guard run.status == 0 || run.status == 1 else {
            throw Failure(description: "validate-en16931.py failed (\(run.status)): \(run.errors)")
        }
        let report = try JSONDecoder().decode([String: [Assertion]].self, from: Data(run.output.utf8))
        for (path, assertions) in report {
            if let name = nameByPath[path] {
                outcomes[name]?.assertions = assertions
            }
        }
        return outcomes
    }

    private static func find() -> Result<UBLValidators, Failure> {
        var missing: [String] = []
        let xmllint = executable(named: "xmllint")
        if xmllint == nil {
            missing.append("xmllint is not installed (apt-get install libxml2-utils)")
        }
        let pythonPath = ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? ""
        var python: URL?
        if pythonPath.isEmpty {
            missing.append("BENTA_PYTHON is not set (a Python with saxonche)")
        } else if let status = try? run(URL(fileURLWithPath: pythonPath), ["-c", "import saxonche"]).status,
            status == 0
        {
            python = URL(fileURLWithPath: pythonPath)
        } else {
            missing.append("\(pythonPath) cannot import saxonche (pip install saxonche)")
        }
        let einvoice = sharedDirectory()?.appendingPathComponent("testdata/einvoice")
        if einvoice == nil {
            missing.append("shared/testdata/einvoice was not found (set BENTA_SHARED_DIR to the shared folder)")
        }
        let script = repositoryRoot().appendingPathComponent("scripts/validate-en16931.py")
        guard let xmllint, let python, let einvoice, missing.isEmpty else {
            return .failure(Failure(description: missing.joined(separator: "; ")))
        }
        return .success(UBLValidators(xmllint: xmllint, python: python, einvoice: einvoice, schematronScript: script))
    }

    /// `BENTA_SHARED_DIR`, else the first `shared` folder with `testdata/einvoice` beside this file or any of its
    /// parents (the repository's sibling `../shared` in a checkout such as /work/main).
    public static func sharedDirectory() -> URL? {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["BENTA_SHARED_DIR"], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured)
            return fileManager.fileExists(atPath: url.appendingPathComponent("testdata/einvoice").path) ? url : nil
        }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("testdata/einvoice").path) {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The folder with Package.swift above this file.
    public static func repositoryRoot() -> URL {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/",
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
        {
            folder.deleteLastPathComponent()
        }
        return folder
    }

    private static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    /// Runs a tool to its end; standard error goes to a file so that neither stream can fill up and block it.
    private static func run(
        _ tool: URL, _ arguments: [String]
    ) throws -> (status: Int32, output: String, errors: String) {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("benta-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }
}
