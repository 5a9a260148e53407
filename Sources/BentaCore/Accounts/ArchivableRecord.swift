import Foundation

/// A record that is put away rather than deleted (an account, a contact): validated fields edited through a draft,
/// a status of active or archived, and a version. The services' shared path for such records (list, read, create,
/// edit, archive, history) is written once against this protocol.
public protocol ArchivableRecord: VersionedRecord where ID == Identifier<Self> {
    /// The validated, editable content.
    associatedtype Fields: Sendable, Hashable
    /// The content as typed, before validation; an edit starts from the draft of the stored fields.
    associatedtype Draft: RecordDraft where Draft.Fields == Fields

    /// The record's name in errors, audit rows and links (`account`).
    static var entity: String { get }

    var companyID: Company.ID { get }
    var fields: Fields { get set }
    var status: RecordStatus { get set }
    var createdAt: Date { get }

    init(
        id: ID, companyID: Company.ID, fields: Fields, status: RecordStatus, createdAt: Date, updatedAt: Date,
        version: Int64)
}

extension ArchivableRecord {
    /// Whether the record is put away.
    public var isArchived: Bool { status == .archived }
}

/// A record's content as typed in a form or sent in JSON, made from its validated fields to apply an edit.
public protocol RecordDraft: Sendable {
    associatedtype Fields
    /// The draft of an existing record, used to apply a partial update and validate the result as a whole.
    init(_ fields: Fields)
    /// Checks every field; returns the typed fields or every problem at once, keyed by snake_case field name.
    /// `defaultCountry` (the company's) reads phone numbers written without a country code.
    func validated(defaultCountry: CountryCode) throws(ValidationErrors) -> Fields
}

extension Account: ArchivableRecord {
    public typealias Draft = AccountDraft
    public static var entity: String { "account" }
}

extension AccountDraft: RecordDraft {}

extension Contact: ArchivableRecord {
    public typealias Draft = ContactDraft
    public static var entity: String { "contact" }
}

extension ContactDraft: RecordDraft {}
