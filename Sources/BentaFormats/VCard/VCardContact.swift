import Foundation

/// The fields of one vCard that a CRM keeps; everything else in the card (photos, `X-` properties) is dropped.
public struct VCardContact: Sendable, Hashable {
    /// `FN`; when the card has none, built from `N`, else the organization, else the first e-mail or phone.
    public var formattedName: String
    /// `N` component 1 (surname).
    public var familyName: String
    /// `N` component 2.
    public var givenName: String
    /// `N` component 3 (middle names), as written: a 3.0 list stays comma-separated.
    public var additionalNames: String
    /// `N` component 4 ("Mr.").
    public var honorificPrefix: String
    /// `N` component 5 ("Jr.").
    public var honorificSuffix: String
    /// The first component of the first `ORG`.
    public var organization: String?
    /// The second component of the first `ORG`.
    public var department: String?
    /// `TITLE`, else `ROLE`.
    public var title: String?
    public var phones: [VCardValue]
    public var emails: [VCardValue]
    public var addresses: [VCardAddress]
    public var urls: [String]
    /// `NOTE`; several distinct notes are joined with a line break.
    public var note: String?
    /// `BDAY` as written (`1980-03-22`, `19800322`, `--0203`); not parsed because vCards allow partial dates.
    public var birthday: String?
    public var uid: String?

    public init(
        formattedName: String = "", familyName: String = "", givenName: String = "", additionalNames: String = "",
        honorificPrefix: String = "", honorificSuffix: String = "", organization: String? = nil,
        department: String? = nil, title: String? = nil, phones: [VCardValue] = [], emails: [VCardValue] = [],
        addresses: [VCardAddress] = [], urls: [String] = [], note: String? = nil, birthday: String? = nil,
        uid: String? = nil
    ) {
        self.formattedName = formattedName
        self.familyName = familyName
        self.givenName = givenName
        self.additionalNames = additionalNames
        self.honorificPrefix = honorificPrefix
        self.honorificSuffix = honorificSuffix
        self.organization = organization
        self.department = department
        self.title = title
        self.phones = phones
        self.emails = emails
        self.addresses = addresses
        self.urls = urls
        self.note = note
        self.birthday = birthday
        self.uid = uid
    }

    /// The `N` components in display order (prefix, given, additional, family, suffix), empty ones left out.
    var nameFromComponents: String {
        [honorificPrefix, givenName, additionalNames, familyName, honorificSuffix]
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// True when the card has `N` data.
    var hasStructuredName: Bool {
        ![familyName, givenName, additionalNames, honorificPrefix, honorificSuffix].allSatisfy { $0.isEmpty }
    }
}
