import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// A record's input: one `Decodable` type that reads both the API's JSON body and the page's HTML form, so the two
/// paths hand the same value to the same service function and every field is mapped once, in its `init(from:)`
/// and its `apply(to:)`.
///
/// The members are named by `CodingKeys`, in camelCase as `JSONBody.decoder` matches them after converting the
/// body's snake_case names; the wire and form name of each is its snake_case form (`WireKeys.snakeCase`, the
/// conversion the responses use). The allowed JSON members are exactly those names: no list is written by hand.
protocol RecordInput: Decodable {
    associatedtype CodingKeys: CodingKey, CaseIterable, Hashable
    /// The draft the input writes into.
    associatedtype Draft: BlankDraft

    /// Members the HTML form does not send (the version, which the page reads leniently itself; lines kept on
    /// their own editor): on the form path they read as absent, so `apply(to:)` leaves them as they are.
    static var jsonOnlyFields: Set<CodingKeys> { get }

    /// How the form sends each list member; a member not named here is ``FormList/lines``.
    static var formLists: [CodingKeys: FormList] { get }

    /// Reads the members the form sends in a shape of its own (a contract's billing schedule as flat fields and
    /// a text of milestone lines), after the decoder read the others. Most inputs have none.
    mutating func readFormShapes(_ form: FormData)

    /// Writes the members this input carries into a draft; a value it cannot read (a meeting's start) is a
    /// validation error. Most inputs never throw, and their `apply` is declared without `throws`.
    func apply(to draft: inout Draft) throws
}

/// A core draft with an empty start, which a form fills completely.
protocol BlankDraft {
    init()
}

extension AccountDraft: BlankDraft {}
extension ContactDraft: BlankDraft {}
extension LeadDraft: BlankDraft {}
extension DealDraft: BlankDraft {}
extension ProductDraft: BlankDraft {}
extension ContractDraft: BlankDraft {}
extension StageDraft: BlankDraft {}
extension MeetingDraft: BlankDraft {}

extension RecordInput {
    static var jsonOnlyFields: Set<CodingKeys> { [] }
    static var formLists: [CodingKeys: FormList] { [:] }

    /// The JSON members a body may carry: the snake_case names of the coding keys.
    static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map { WireKeys.snakeCase($0.stringValue) }) }

    /// Reads the JSON body; a wrong content type, broken JSON, a wrong type or an unknown member is a 400.
    static func decode(from request: Request) async throws -> Self {
        try await JSONBody.decode(Self.self, from: request, allowedKeys: allowedKeys)
    }

    /// Reads a submitted HTML form. Every form member counts as sent, an absent one as empty (as a browser leaves
    /// out an unticked checkbox); fields the input does not name (the CSRF token, buttons, picker searches) are
    /// ignored.
    init(form: FormData) throws {
        var fields: [String: FormList] = [:]
        for key in CodingKeys.allCases where !Self.jsonOnlyFields.contains(key) {
            fields[key.stringValue] = Self.formLists[key] ?? .lines
        }
        try self.init(from: FormDecoder(form: form, fields: fields))
        readFormShapes(form)
    }

    mutating func readFormShapes(_ form: FormData) {}

    /// The draft the form or body describes on an empty start: what a new record is created from, and what a
    /// page's edit replaces the stored draft with.
    func draft() throws -> Draft {
        var draft = Draft()
        try apply(to: &draft)
        return draft
    }
}
