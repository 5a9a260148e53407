import Foundation

/// The kinds of numbered documents; each has its own gapless series per company and branch.
public enum DocumentType: String, Sendable, Hashable, Codable, CaseIterable {
    case quote
    case contract
    case contractAmendment = "contract_amendment"
    case invoice
    case creditNote = "credit_note"
    /// The supplementary receipt of a payment (DOMAIN.md §1), not valid for claim of input tax.
    case collectionReceipt = "collection_receipt"

    /// The format a new series starts with.
    public var defaultFormat: NumberFormat {
        switch self {
        case .quote: NumberFormat(validTemplate: "Q-{YYYY}-{SEQ:5}")
        case .contract: NumberFormat(validTemplate: "CTR-{YYYY}-{SEQ:5}")
        case .contractAmendment: NumberFormat(validTemplate: "AMD-{YYYY}-{SEQ:5}")
        case .invoice: NumberFormat(validTemplate: "INV-{YYYY}-{SEQ:6}")
        case .creditNote: NumberFormat(validTemplate: "CN-{YYYY}-{SEQ:6}")
        case .collectionReceipt: NumberFormat(validTemplate: "CR-{YYYY}-{SEQ:6}")
        }
    }
}

/// How a series prints its numbers: literal text with `{YYYY}`, `{YY}`, `{MM}` and exactly one `{SEQ}` or
/// `{SEQ:n}` (zero-padded to n digits, 1…12). `INV-{YYYY}-{SEQ:6}` prints sequence 123 of 2026 as `INV-2026-000123`.
///
/// The sequence never restarts: a year in the format is decoration, so numbers stay unique and gapless across years.
public struct NumberFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    public let template: String

    /// The longest template accepted.
    public static let maxLength = 40

    /// Checks a template typed by an admin.
    public init(template text: String, field: String = "format") throws(ValidationErrors) {
        var errors = ValidationErrors()
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch Self.tokens(of: trimmed) {
        case nil:
            errors.add(
                field: field, code: "invalid_format",
                message: "Use letters, digits, - / _ . and the fields {YYYY}, {YY}, {MM}, {SEQ} or {SEQ:6}.")
        case let tokens?:
            let sequences = tokens.filter { if case .sequence = $0 { true } else { false } }.count
            if sequences != 1 {
                errors.add(
                    field: field, code: "sequence_required",
                    message: "Put exactly one {SEQ} (or {SEQ:6}) in the format.")
            }
        }
        if trimmed.count > Self.maxLength {
            errors.add(field: field, code: "too_long", message: "At most \(Self.maxLength) characters.")
        }
        try errors.throwIfAny()
        template = trimmed
    }

    /// A template known to be valid (the defaults, or one read back from storage).
    init(validTemplate: String) {
        template = validTemplate
    }

    /// A stored template; falls back to the raw text for a template that no longer parses.
    public init(stored: String) {
        template = stored
    }

    public var description: String { template }

    /// The printed number for `sequence` (1, 2, …) issued on `date`.
    public func format(sequence: Int64, date: CalendarDate) -> String {
        guard let tokens = Self.tokens(of: template) else { return "\(template)\(sequence)" }
        return tokens.map { token in
            switch token {
            case .literal(let text): text
            case .year: String(format: "%04d", date.year)
            case .shortYear: String(format: "%02d", date.year % 100)
            case .month: String(format: "%02d", date.month)
            case .sequence(let width):
                String(repeating: "0", count: max(0, width - String(sequence).count)) + String(sequence)
            }
        }.joined()
    }

    private enum Token: Equatable {
        case literal(String)
        case year
        case shortYear
        case month
        case sequence(width: Int)
    }

    private static let literalCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/_.")

    /// The template's parts, or nil when it holds an unknown field or a character outside the allowed set.
    private static func tokens(of template: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = Substring(template)
        while let first = rest.first {
            if first == "{" {
                guard let close = rest.firstIndex(of: "}") else { return nil }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                switch name {
                case "YYYY": tokens.append(.year)
                case "YY": tokens.append(.shortYear)
                case "MM": tokens.append(.month)
                case "SEQ": tokens.append(.sequence(width: 1))
                default:
                    guard name.hasPrefix("SEQ:"), let width = Int(name.dropFirst(4)), (1...12).contains(width) else {
                        return nil
                    }
                    tokens.append(.sequence(width: width))
                }
            } else {
                guard literalCharacters.contains(first) else { return nil }
                if case .literal(let text) = tokens.last {
                    tokens[tokens.count - 1] = .literal(text + String(first))
                } else {
                    tokens.append(.literal(String(first)))
                }
                rest = rest.dropFirst()
            }
        }
        return tokens
    }
}

/// A number taken from a series: the position in the series and the printed form.
public struct AssignedNumber: Sendable, Hashable {
    public let sequence: Int64
    public let text: String

    public init(sequence: Int64, text: String) {
        self.sequence = sequence
        self.text = text
    }
}

/// A series as configured: its document type, branch ("" for the main office), format and next sequence.
public struct NumberSeries: Sendable, Hashable {
    public let type: DocumentType
    public let branch: String
    public let format: NumberFormat
    public let nextValue: Int64
    /// The version of the series' format (1 until the format is first changed); a change names it (issue 15).
    public let formatVersion: Int64

    public init(type: DocumentType, branch: String, format: NumberFormat, nextValue: Int64, formatVersion: Int64 = 1) {
        self.type = type
        self.branch = branch
        self.format = format
        self.nextValue = nextValue
        self.formatVersion = formatVersion
    }
}
