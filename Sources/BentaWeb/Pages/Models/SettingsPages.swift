import BentaCore
import Foundation

/// A coded choice of a select (a language, a country): its code, its name and whether it is chosen.
struct PageCodeOption {
    var code: String
    var name: String
    var selected: Bool
}

/// The company settings form. Property names are the template's (`company_settings.mustache`).
struct CompanySettingsPage: PageModel {
    struct CurrencyOption {
        var code: String
        var symbol: String
        var selected: Bool
    }

    var name: String
    var registered_name: String
    var registered_address: String
    var tin: String
    var is_vat_registered: Bool
    var version: String
    var saved: Bool
    var countries: [PageCodeOption]
    var currencies: [CurrencyOption]
    var time_zone: String
    var languages: [PageCodeOption]
    var errors: [String: String]
    var has_errors: Bool

    /// The form showing `draft` at `version`; `errors` are the translated field errors.
    static func make(
        _ draft: CompanySettingsDraft, version: Int64, errors: [String: String]?, saved: Bool
    ) -> CompanySettingsPage {
        CompanySettingsPage(
            name: draft.name, registered_name: draft.registeredName, registered_address: draft.registeredAddress,
            tin: draft.tin, is_vat_registered: draft.isVATRegistered, version: String(version), saved: saved,
            countries: CountryCode.allCases.map {
                PageCodeOption(code: $0.rawValue, name: $0.displayName, selected: $0.rawValue == draft.country)
            },
            currencies: Currency.allKnown.map {
                CurrencyOption(code: $0.code, symbol: $0.symbol, selected: $0.code == draft.baseCurrency)
            },
            time_zone: draft.timeZone,
            languages: LanguageCode.allCases.map {
                PageCodeOption(
                    code: $0.rawValue, name: $0.displayName, selected: $0.rawValue == draft.defaultLanguage)
            },
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}

/// The user's own profile: language, API tokens and the calendar feed. Property names are the template's
/// (`profile.mustache`).
struct ProfilePage: PageModel {
    struct Token {
        var name: String
        var prefix: String
        var created_at: String
        var last_used_at: String
        var is_revoked: Bool
        var revoke_url: String
    }

    var languages: [PageCodeOption]
    var tokens: [Token]
    var has_tokens: Bool
    /// The secret of a token just created, shown once.
    var new_token: String?
    var calendar_feed_url: String
    var errors: [String: String]

    /// The profile of a user speaking `language` with `tokens`; `calendarFeedURL` is the feed's full address.
    static func make(
        language: LanguageCode, tokens: [APIToken], newToken: String?, calendarFeedURL: String,
        errors: [String: String]?, directory: PageDirectory
    ) -> ProfilePage {
        ProfilePage(
            languages: LanguageCode.allCases.map {
                PageCodeOption(code: $0.rawValue, name: $0.displayName, selected: $0 == language)
            },
            tokens: tokens.map { token in
                Token(
                    name: token.name, prefix: token.prefix, created_at: directory.dateTime(token.createdAt),
                    last_used_at: token.lastUsedAt.map(directory.dateTime) ?? "—", is_revoked: token.isRevoked,
                    revoke_url: Paths.revokeToken(token.id.description))
            },
            has_tokens: !tokens.isEmpty, new_token: newToken, calendar_feed_url: calendarFeedURL,
            errors: errors ?? [:])
    }
}

/// The lead routing rules (admins). Property names are the template's (`routing.mustache`).
struct RoutingPage: PageModel {
    struct Rule {
        var field: String
        var value: String
        var assignee: String
        var delete_url: String
    }

    struct Manager {
        var id: String
        var name: String
    }

    var rules: [Rule]
    var has_rules: Bool
    var fields: [PageChoice]
    var managers: [Manager]
    /// The names of the managers leads go to in turn, comma-separated.
    var round_robin: String
    var errors: [String: String]
    var has_errors: Bool

    /// The page for `rules`; `strings` translate the field names, `errors` are the translated field errors.
    static func make(
        _ rules: [RoutingRule], directory: PageDirectory, strings: [String: String], errors: [String: String]?
    ) -> RoutingPage {
        RoutingPage(
            rules: rules.map { rule in
                Rule(
                    field: strings["routing_field_\(rule.field.rawValue)"] ?? rule.field.rawValue, value: rule.value,
                    assignee: directory.userName(rule.assigneeID), delete_url: Paths.deleteRule(rule.id))
            },
            has_rules: !rules.isEmpty,
            fields: RoutingRule.Field.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["routing_field_\($0.rawValue)"] ?? $0.rawValue, selected: false)
            },
            managers: directory.users.filter { $0.isActive && $0.role.mayOwnAccounts }.map {
                Manager(id: $0.id.description, name: $0.name)
            },
            round_robin: directory.users.filter { $0.isActive && $0.role == .manager }.map(\.name)
                .joined(separator: ", "),
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}
