import Foundation

/// The before and after values an audit row carries (issue 15): a record's stored properties flattened into
/// readable field paths (`name`, `billingAddress`, `lines.0.quantity`) and the fields that differ between two
/// states of it. Read by reflection, so every record type is covered once, in the change path, without a hand-made
/// list per service. Secrets never appear: a field named in ``AuditChanges/secretFieldNames`` is left out.
public enum AuditChanges {
    /// One changed field: its value before and after (nil where the field was absent or empty).
    public struct Change: Sendable, Hashable, Codable {
        public var from: String?
        public var to: String?

        public init(from: String?, to: String?) {
            self.from = from
            self.to = to
        }

        /// Both members always, `null` for an absent value: one shape for every change.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        }
    }

    /// Field names (compared without case, on the last part of a path) whose values are never written to the
    /// audit log: password hashes, tokens and their hashes, the SMTP password, secrets and keys.
    public static let secretFieldNames: Set<String> = [
        "password", "passwordhash", "smtppassword", "encryptedpassword", "token", "tokenhash", "sessiontoken",
        "csrftoken", "secret", "secrethash", "apikey", "privatekey", "secretkey", "webhooksecret", "signingkey",
    ]

    /// Fields that change with every save and say nothing about what changed, and the record's own identity, which
    /// the audit row already carries (entity id, company, when, by whom).
    static let bookkeepingFieldNames: Set<String> = [
        "version", "updatedAt", "id", "companyID", "createdAt", "createdBy",
    ]

    /// Container properties whose name is dropped from the path (`fields.name` reads as `name`).
    static let transparentContainers: Set<String> = ["fields", "content", "draft", "settings"]

    /// Paths deeper than this are cut (the value is summarised at that depth).
    static let maxDepth = 5
    /// Elements of one collection listed before the rest are summarised by its count.
    static let maxElements = 50
    /// A value longer than this is cut, with an ellipsis.
    static let maxValueLength = 500

    /// Whether a field (a path or its last part) is a secret.
    public static func isSecret(_ path: String) -> Bool {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        let key = last.lowercased().filter { $0.isLetter || $0.isNumber }
        return secretFieldNames.contains(key) || key.hasSuffix("password") || key.hasSuffix("token")
            || key.hasSuffix("tokenhash") || key.hasSuffix("secret")
    }

    /// The record's fields as path → text, secrets and bookkeeping fields left out; absent optionals are missing.
    public static func snapshot(_ value: Any) -> [String: String] {
        var fields: [String: String] = [:]
        flatten(value, path: "", depth: 0, into: &fields)
        return fields
    }

    /// The fields that differ between `before` and `after`.
    public static func diff(before: [String: String], after: [String: String]) -> [String: Change] {
        var changes: [String: Change] = [:]
        for key in Set(before.keys).union(after.keys) where before[key] != after[key] {
            changes[key] = Change(from: before[key], to: after[key])
        }
        return changes
    }

    /// The fields that differ between two states of a record.
    public static func diff(before: Any, after: Any) -> [String: Change] {
        diff(before: snapshot(before), after: snapshot(after))
    }

    /// The fields of a created record, each from nothing to its value.
    public static func created(_ value: Any) -> [String: Change] {
        snapshot(value).mapValues { Change(from: nil, to: $0) }
    }

    /// A field path as words for people: `lines.0.unitPrice` → "Lines 1 unit price".
    public static func readableName(_ path: String) -> String {
        var words: [String] = []
        for part in path.split(separator: ".") {
            if let index = Int(part) {
                words.append(String(index + 1))
                continue
            }
            var word = ""
            var previous: Character?
            for character in part {
                // A new word where a capital follows a small letter or a digit: `ownerID` → owner, ID.
                if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                    words.append(word)
                    word = ""
                }
                word.append(character)
                previous = character
            }
            words.append(word)
        }
        let lowered = words.filter { !$0.isEmpty }.map { $0.lowercased() == "id" ? "ID" : $0.lowercased() }
        guard let first = lowered.first else { return path }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + lowered.dropFirst()).joined(separator: " ")
    }

    private static func flatten(_ value: Any, path: String, depth: Int, into fields: inout [String: String]) {
        if !path.isEmpty, isSecret(path) { return }
        if let text = leafText(value) {
            if !path.isEmpty { fields[path] = cut(text) }
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let some = mirror.children.first { flatten(some.value, path: path, depth: depth, into: &fields) }
            return
        case .enum where mirror.children.isEmpty:
            if !path.isEmpty { fields[path] = cut(String(describing: value)) }
            return
        default:
            break
        }
        if depth >= maxDepth {
            if !path.isEmpty { fields[path] = cut(String(describing: value)) }
            return
        }
        switch mirror.displayStyle {
        case .collection, .set:
            var count = 0
            for child in mirror.children {
                if count < maxElements {
                    flatten(child.value, path: join(path, String(count)), depth: depth + 1, into: &fields)
                }
                count += 1
            }
            if count > maxElements { fields[join(path, "count")] = String(count) }
        case .dictionary:
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                guard pair.count == 2 else { continue }
                let key = leafText(pair[0]) ?? String(describing: pair[0])
                flatten(pair[1], path: join(path, key), depth: depth + 1, into: &fields)
            }
        case .enum:
            // A case with values: its name, then its values under it.
            let name = String(describing: value).prefix(while: { $0 != "(" })
            if !path.isEmpty { fields[path] = String(name) }
            for (index, child) in mirror.children.enumerated() {
                flatten(
                    child.value, path: join(path, child.label ?? String(index)), depth: depth + 1, into: &fields)
            }
        default:
            for (index, child) in mirror.children.enumerated() {
                let label = child.label ?? String(index)
                if depth == 0, bookkeepingFieldNames.contains(label) { continue }
                let childPath = transparentContainers.contains(label) && depth == 0 ? path : join(path, label)
                flatten(child.value, path: childPath, depth: depth + 1, into: &fields)
            }
        }
    }

    /// The text of a value that is read as one field, or nil for a value that has fields of its own.
    private static func leafText(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        case let text as Substring: return String(text)
        case let flag as Bool: return flag ? "true" : "false"
        case let number as any BinaryInteger: return String(describing: number)
        case let number as Decimal: return number.description
        case let date as Date: return date.formatted(.iso8601)
        case let uuid as UUID: return uuid.uuidString.lowercased()
        case let money as Money: return "\(money.currency.code) \(money.decimalString)"
        case let raw as any RawRepresentable:
            return (raw.rawValue as? String) ?? (raw.rawValue as? any BinaryInteger).map { String(describing: $0) }
        case let described as any CustomStringConvertible:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .collection || mirror.displayStyle == .dictionary
                || mirror.displayStyle == .set || mirror.displayStyle == .optional
            {
                return nil
            }
            return described.description
        default: return nil
        }
    }

    private static func join(_ path: String, _ part: String) -> String {
        path.isEmpty ? part : "\(path).\(part)"
    }

    private static func cut(_ text: String) -> String {
        text.count > maxValueLength ? String(text.prefix(maxValueLength)) + "…" : text
    }
}
