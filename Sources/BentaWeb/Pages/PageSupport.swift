import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// What most pages need about the viewer's company: its users (for owner names and pickers), teams, time zone.
struct PageDirectory {
    let company: Company
    let users: [User]
    let teams: [Team]
    let language: LanguageCode

    static func load(_ services: Services, context: AuthenticatedContext) async throws -> PageDirectory {
        async let company = services.companies.company(context.viewer.companyID)
        async let users = services.users.all(companyID: context.viewer.companyID)
        async let teams = services.users.teams(companyID: context.viewer.companyID)
        return PageDirectory(
            company: try await company, users: try await users, teams: try await teams,
            language: context.user.language)
    }

    func userName(_ id: User.ID) -> String { users.first { $0.id == id }?.name ?? "" }

    func dateTime(_ instant: Date) -> String {
        DateFormatting.displayDateTime(instant, timeZone: company.settings.timeZone, language: language)
    }

    /// The company's teams a form may offer; marks the selected one.
    func teamChoices(selected: String) -> [PageOption] {
        teams.map { PageOption(id: $0.id.description, name: $0.name, selected: $0.id.description == selected) }
    }
}

/// Query strings for links that keep the current filters.
enum QueryString {
    static func make(_ pairs: [(String, String?)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let parts = pairs.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
