import Foundation

/// Collects the properties of one card into a ``VCardContact``.
///
/// The first `FN`, `N`, `ORG`, `TITLE`, `ROLE`, `BDAY` and `UID` win; every `TEL`, `EMAIL`, `ADR` and `URL`
/// with a value is kept; distinct notes are joined.
struct VCardContactBuilder {
    /// The properties this builder reads; the line unfolder drops the values of all others.
    static let propertyNames: Set<String> = [
        "FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "URL", "NOTE", "BDAY", "UID", "AGENT", "VERSION",
    ]

    private var contact = VCardContact()
    private var hasFormattedName = false
    private var hasName = false
    private var hasOrganization = false
    private var role: String?
    private var notes: [String] = []

    /// True once the card has a non-empty `FN` or `N`.
    var isNamed: Bool { hasFormattedName || contact.hasStructuredName }

    mutating func add(_ property: VCardProperty) {
        switch property.name {
        case "FN":
            let text = property.text
            if !hasFormattedName, !text.isEmpty {
                contact.formattedName = text
                hasFormattedName = true
            }
        case "N" where !hasName:
            hasName = true
            let parts = VCardEscaping.components(property.escapedText, count: 5)
            contact.familyName = parts[0]
            contact.givenName = parts[1]
            contact.additionalNames = parts[2]
            contact.honorificPrefix = parts[3]
            contact.honorificSuffix = parts[4]
        case "ORG" where !hasOrganization:
            hasOrganization = true
            let parts = VCardEscaping.components(property.escapedText, count: 2)
            contact.organization = parts[0].isEmpty ? nil : parts[0]
            contact.department = parts[1].isEmpty ? nil : parts[1]
        case "TITLE" where contact.title == nil: contact.title = Self.nonEmpty(property.text)
        case "ROLE" where role == nil: role = Self.nonEmpty(property.text)
        case "TEL":
            if let value = Self.nonEmpty(Self.removingScheme("tel:", from: property.text)) {
                contact.phones.append(
                    VCardValue(value: value, types: property.types, isPreferred: property.isPreferred))
            }
        case "EMAIL":
            if let value = Self.nonEmpty(Self.removingScheme("mailto:", from: property.text)) {
                contact.emails.append(
                    VCardValue(value: value, types: property.types, isPreferred: property.isPreferred))
            }
        case "ADR":
            let parts = VCardEscaping.components(property.escapedText, count: 7)
            let address = VCardAddress(
                types: property.types, poBox: parts[0], extended: parts[1], street: parts[2], locality: parts[3],
                region: parts[4], postalCode: parts[5], country: parts[6])
            if !address.isEmpty { contact.addresses.append(address) }
        case "URL": if let url = Self.nonEmpty(property.text) { contact.urls.append(url) }
        case "NOTE":
            if let note = Self.nonEmpty(property.text), !notes.contains(note) { notes.append(note) }
        case "BDAY" where contact.birthday == nil: contact.birthday = Self.nonEmpty(property.text)
        case "UID" where contact.uid == nil: contact.uid = Self.nonEmpty(property.text)
        default: break
        }
    }

    /// The finished contact, with the fallbacks for a missing `FN` and `TITLE` applied.
    func build() -> VCardContact {
        var result = contact
        if result.title == nil { result.title = role }
        result.note = notes.isEmpty ? nil : notes.joined(separator: "\n")
        if !hasFormattedName {
            result.formattedName =
                [
                    contact.nameFromComponents, contact.organization ?? "", contact.emails.first?.value ?? "",
                    contact.phones.first?.value ?? "",
                ]
                .first { !$0.isEmpty } ?? ""
        }
        return result
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    /// `tel:+63…` gives `+63…`: vCard 4.0 writes phones as URIs.
    private static func removingScheme(_ scheme: String, from text: String) -> String {
        guard text.lowercased().hasPrefix(scheme) else { return text }
        return VCardEscaping.trimmed(text.dropFirst(scheme.count))
    }
}
