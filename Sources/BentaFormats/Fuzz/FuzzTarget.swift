import Foundation

/// What one input did to a parser.
public enum FuzzOutcome: Sendable, Hashable {
    /// The input was read.
    case accepted
    /// The input was refused with the parser's own error and a clear message.
    case rejected(message: String)
    /// Something a user must never see: an unclear error message, or output that breaks the format's rules.
    case failed(reason: String)
}

/// One parser under fuzzing: which samples seed it, the format's keywords and nesting, and how an input is fed to it.
public struct FuzzTarget: Sendable {
    /// A short name (`camt`, `vcard`), used on the command line and in file names.
    public let name: String
    /// Whether a sample file (its path inside the samples folder, `/`-separated, lowercased) seeds this target.
    let seedsFrom: @Sendable (String) -> Bool
    /// Turns the chosen sample files into seeds (most targets use them as they are).
    let makeSeeds: @Sendable ([[UInt8]]) -> [[UInt8]]
    /// Keywords and nesting for the mutator.
    let keywords: [String]
    let nesting: (open: String, close: String)
    /// Feeds one input to the parser.
    let feed: @Sendable ([UInt8]) -> FuzzOutcome

    init(
        name: String, seedsFrom: @escaping @Sendable (String) -> Bool,
        makeSeeds: @escaping @Sendable ([[UInt8]]) -> [[UInt8]] = { $0 }, keywords: [String],
        nesting: (open: String, close: String), feed: @escaping @Sendable ([UInt8]) -> FuzzOutcome
    ) {
        self.name = name
        self.seedsFrom = seedsFrom
        self.makeSeeds = makeSeeds
        self.keywords = keywords
        self.nesting = nesting
        self.feed = feed
    }

    /// Runs the parser on `input`.
    public func run(_ input: [UInt8]) -> FuzzOutcome {
        feed(input)
    }

    /// The seeds for this target from a corpus.
    public func seeds(from corpus: FuzzCorpus) -> [[UInt8]] {
        makeSeeds(corpus.files.filter { seedsFrom($0.path) }.map(\.bytes))
    }

    /// A mutator for this target's format.
    public func mutator(maximumBytes: Int) -> FuzzMutator {
        FuzzMutator(maximumBytes: maximumBytes, keywords: keywords, nesting: nesting)
    }

    // MARK: - Judging messages

    /// Why `message` is not a clear error for a person, or nil when it is.
    ///
    /// A clear message is a sentence: not empty, not a wall of echoed input, free of control characters and of the
    /// generic texts that leak from Foundation or the Swift runtime.
    public static func unclearness(of message: String) -> String? {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "the error message is empty" }
        if message.count > 650 { return "the error message is \(message.count) characters long" }
        if message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the error message holds control characters: \(message.debugDescription)"
        }
        let generic = [
            "Error Domain", "The operation could", "Optional(", "Swift.", "NSCocoaErrorDomain", "error 0", "(null)",
        ]
        if let found = generic.first(where: { message.contains($0) }) {
            return "the error message is generic (\(found)): \(message)"
        }
        return nil
    }

    /// `.rejected`, or `.failed` when the message is unclear.
    static func rejected(_ message: String) -> FuzzOutcome {
        if let problem = unclearness(of: message) { return .failed(reason: problem) }
        return .rejected(message: message)
    }

    /// `.accepted`, or `.failed` when a message shown to the user alongside the result (a warning) is unclear.
    static func accepted(warnings: [String]) -> FuzzOutcome {
        for warning in warnings {
            if let problem = unclearness(of: warning) { return .failed(reason: "warning: " + problem) }
        }
        return .accepted
    }

    /// Whether a lowercased sample path lies in `folder` (a path component sequence such as `bank/camt`) and has one
    /// of `extensions`.
    static func path(_ path: String, in folder: String, extensions: Set<String>) -> Bool {
        let isInFolder = path.hasPrefix(folder + "/") || path.contains("/" + folder + "/")
        let fileExtension = path.split(separator: ".").last.map(String.init) ?? ""
        return isInFolder && extensions.contains(fileExtension)
    }
}
