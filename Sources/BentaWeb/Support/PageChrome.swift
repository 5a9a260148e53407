import BentaCore
import Foundation
import Mustache

/// What the layout shows around every typed page: strings, language, title, links, menu and the user.
struct PageChrome {
    struct Language {
        var code: String
        var name: String
        var url: String
    }

    struct LanguageOffer {
        var code: String
        var return_to: String
    }

    struct CurrentUser {
        var name: String
        var email: String
        var role: String
        var is_admin: Bool
        /// Records money (accountant, head, admin): the payments menu entry.
        var is_finance: Bool
        /// Head or admin: the head's dashboard menu entry.
        var is_director = false
        /// The calls menu entry: hidden from a manager whose role does not make collection calls.
        var makes_calls = true
    }

    /// What the company's duties let the user's role do (``DutySettings``): the pages hide the buttons and forms of
    /// the rest (the services refuse them anyway).
    struct Duties {
        var issue_invoices = false
        var record_payments = false
        var make_collection_calls = false
        var discounts_above_limit = false
        var see_commission_estimate = false
        var change_deals = false

        init() {}

        init(_ identity: Identity) {
            issue_invoices = identity.has(.issueInvoices)
            record_payments = identity.has(.recordPayments)
            make_collection_calls = identity.has(.makeCollectionCalls)
            discounts_above_limit = identity.has(.discountsAboveLimit)
            see_commission_estimate = identity.has(.seeCommissionEstimate)
            change_deals = identity.has(.changeDeals)
        }
    }

    /// The menu entries; the page's own is marked as the current one.
    enum Section: String, CaseIterable {
        case myDay = "my_day"
        case leads, accounts, contacts, deals, quotes, contracts, invoices, products, meetings, imports, settings, users
        case payments, receivables, plans, commission, reports
        case headDashboard = "head_dashboard"
        case profile
    }

    var t: [String: String]
    var lang: String
    var title: String
    var paths: [String: String]
    var other_languages: [Language]
    var current_user: CurrentUser?
    var csrf: String?
    var duties = Duties()
    /// Seconds after which the page reloads itself (an import in progress).
    var refresh: String?
    /// `?lang=` showed the page in another language than the user's: the offer to keep it.
    var language_offer: LanguageOffer?
    var nav_my_day = false
    var nav_leads = false
    var nav_accounts = false
    var nav_contacts = false
    var nav_deals = false
    var nav_quotes = false
    var nav_contracts = false
    var nav_invoices = false
    var nav_payments = false
    var nav_receivables = false
    var nav_reports = false
    var nav_plans = false
    var nav_head_dashboard = false
    var nav_commission = false
    var nav_products = false
    var nav_meetings = false
    var nav_imports = false
    var nav_settings = false
    var nav_users = false
    var nav_profile = false

    mutating func mark(_ section: Section?) {
        switch section {
        case .myDay: nav_my_day = true
        case .leads: nav_leads = true
        case .accounts: nav_accounts = true
        case .contacts: nav_contacts = true
        case .deals: nav_deals = true
        case .quotes: nav_quotes = true
        case .contracts: nav_contracts = true
        case .invoices: nav_invoices = true
        case .payments: nav_payments = true
        case .receivables: nav_receivables = true
        case .reports: nav_reports = true
        case .plans: nav_plans = true
        case .headDashboard: nav_head_dashboard = true
        case .commission: nav_commission = true
        case .products: nav_products = true
        case .meetings: nav_meetings = true
        case .imports: nav_imports = true
        case .settings: nav_settings = true
        case .users: nav_users = true
        case .profile: nav_profile = true
        case nil: break
        }
    }
}

/// A typed page as Mustache sees it: the page's model first, then the chrome (so the page may not reuse a chrome
/// name for something else: the template check reports a nil that would fall through).
struct TypedPageContext: MustacheParent {
    let chrome: PageChrome
    let model: any PageModel

    func child(named name: String) -> Any? {
        PageReflection.property(name, of: model) ?? PageReflection.property(name, of: chrome)
    }
}
