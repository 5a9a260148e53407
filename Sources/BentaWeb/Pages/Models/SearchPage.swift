import BentaCore
import Foundation

/// The search page: the text searched for and the hits, grouped by kind of record.
/// Property names are the template's (`search.mustache`).
struct SearchPage: PageModel {
    /// One kind of record and its hits.
    struct Group {
        struct Hit {
            var title: String
            var subtitle: String
            var url: String
        }

        var label: String
        var hits: [Hit]
        var has_hits: Bool
    }

    var q: String
    var groups: [Group]
    var has_query: Bool
    var has_hits: Bool
    /// A phone number no account, contact or lead has: the new-lead form with it filled in (an unknown caller).
    var new_lead_url: String?

    /// The page for the `hits` of `query`; `url` links a hit to its record.
    static func make(
        query: String, hits: [SearchHit], strings: [String: String], url: (SearchHit) -> String?
    ) -> SearchPage {
        let people: Set<SearchHit.Entity> = [.account, .contact, .lead]
        let unknownNumber = isPhoneNumber(query) && !hits.contains { people.contains($0.entity) }
        let groups = SearchHit.Entity.allCases.map { entity in
            let rows = hits.filter { $0.entity == entity }.map {
                Group.Hit(title: $0.title, subtitle: $0.subtitle ?? "", url: url($0) ?? "")
            }
            return Group(
                label: strings["search_group_\(entity.rawValue)"] ?? entity.rawValue, hits: rows,
                has_hits: !rows.isEmpty)
        }
        return SearchPage(
            q: query, groups: groups, has_query: !query.isEmpty, has_hits: !hits.isEmpty,
            new_lead_url: unknownNumber
                ? Paths.newLead()
                    + QueryString.make([
                        ("phone", query.trimmingCharacters(in: .whitespaces)),
                        ("source", LeadSource.inboundCall.rawValue),
                    ]) : nil)
    }

    /// A query that can only be a phone number: digits and the separators people type, with at least as many
    /// digits as a landline without its area code.
    static func isPhoneNumber(_ query: String) -> Bool {
        query.filter(\.isNumber).count >= 7
            && query.allSatisfy { $0.isASCII && ($0.isNumber || " -+().".contains($0)) }
    }
}
