import Foundation
import Testing

/// The official validators of UBL invoices, run on the files the tests write: the UBL 2.1 XSD through `xmllint`
/// (Debian libxml2-utils) and the EN 16931 Schematron, precompiled to XSLT, through Saxon-HE (`saxonche` in the
/// Python that `BENTA_PYTHON` names) with `scripts/validate-en16931.py`, which compiles the stylesheet once for all
/// files.
///
/// The XSD and the Schematron are third-party files of the samples folder (``Samples``, `einvoice/`), so the tests
/// that use them are conformance tests, marked with the ``Trait/ublValidation`` trait: skipped, and named as skipped,
/// when the samples or a tool are missing, unless `BENTA_REQUIRE_SAMPLES=1` or `BENTA_REQUIRE_VALIDATORS=1`
/// (scripts/test sets the latter, .ci/run both) makes them run and fail.
public struct UBLValidators: Sendable {
    let xmllint: String
    let python: String
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

    /// The validators for a test carrying ``Trait/ublValidation``; throws, naming what is missing, when it runs
    /// without them (only when they are required).
    public static func required() async throws -> UBLValidators {
        try await locate().get()
    }

    /// The validators, or what is missing; touches no test state.
    public static func locate() async -> Result<UBLValidators, Failure> {
        var missing: [String] = []
        let xmllint = executable(named: "xmllint")
        if xmllint == nil {
            missing.append("xmllint is not installed (apt-get install libxml2-utils)")
        }
        let pythonPath = ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? ""
        var python: String?
        if pythonPath.isEmpty {
            missing.append("BENTA_PYTHON is not set (a Python with saxonche)")
        } else if let check = try? await ChildProcess.run(pythonPath, ["-c", "import saxonche"]), check.status == 0 {
            python = pythonPath
        } else {
            missing.append("\(pythonPath) cannot import saxonche (pip install saxonche)")
        }
        var einvoice: URL?
        do {
            einvoice = try Samples.url("einvoice")
        } catch {
            missing.append("\(error)")
        }
        let script = RepositoryPaths.file("scripts/validate-en16931.py")
        guard let xmllint, let python, let einvoice, missing.isEmpty else {
            return .failure(Failure(description: missing.joined(separator: "; ")))
        }
        return .success(UBLValidators(xmllint: xmllint, python: python, einvoice: einvoice, schematronScript: script))
    }

    /// Validates documents (name → XML text) in one xmllint run per schema and one Saxon run for all.
    public func validate(_ documents: [String: String]) async throws -> [String: Outcome] {
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
            let run = try await ChildProcess.run(xmllint, ["--noout", "--schema", xsd] + files.sorted())
            let errors = run.errorText
            // xmllint prints "<file> validates" or "<file> fails to validate", and each error as "<file>:<line>: …".
            for line in errors.split(separator: "\n").map(String.init) {
                guard let path = files.first(where: { line.hasPrefix($0) }), let name = nameByPath[path] else {
                    continue
                }
                if !line.hasSuffix(" validates") {
                    outcomes[name]?.schemaErrors.append(String(line.dropFirst(path.count)))
                }
            }
            for path in files where !errors.contains(path + " validates") {
                if let name = nameByPath[path], outcomes[name]?.schemaErrors.isEmpty == true {
                    outcomes[name]?.schemaErrors.append("xmllint did not report that the file validates")
                }
            }
        }
        let stylesheet = einvoice.appendingPathComponent("en16931/xslt/EN16931-UBL-validation.xslt").path
        let paths = nameByPath.keys.sorted()
        let run = try await ChildProcess.run(python, [schematronScript.path, stylesheet] + paths)
        guard run.status == 0 || run.status == 1 else {
            throw Failure(description: "validate-en16931.py failed (\(run.status)): \(run.errorText)")
        }
        let report = try JSONDecoder().decode([String: [Assertion]].self, from: Data(run.output))
        for (path, assertions) in report {
            if let name = nameByPath[path] {
                outcomes[name]?.assertions = assertions
            }
        }
        return outcomes
    }

    private static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate.path
            }
        }
        return nil
    }
}

extension Trait where Self == ConditionTrait {
    /// Marks a conformance test that validates UBL with the XSD and the EN 16931 Schematron (see ``UBLValidators``).
    public static var ublValidation: Self {
        .enabled("conformance: UBL validation needs the samples folder (einvoice) and xmllint and saxonche") {
            guard Samples.directory != nil else { return Samples.isRequired }
            if UBLValidators.isRequired { return true }
            if case .success = await UBLValidators.locate() { return true }
            return false
        }
    }
}
