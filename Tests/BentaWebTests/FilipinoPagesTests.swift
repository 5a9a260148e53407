import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 14, item 9: a user who chose Filipino reads the main pages in Filipino. Business nouns stay English
/// (Invoice, Deal, Lead, VAT, TIN, Email, Draft, Pipeline: DOMAIN.md §6); the labels below, which were left in
/// English, must not appear as a label, a badge, a heading or a placeholder.
@Suite(.timeLimit(.minutes(20))) struct FilipinoPagesTests {
    /// English labels that a page in Filipino once showed (or could show) whole: a text node or an attribute
    /// people read (placeholder, aria-label, title) equal to one of these fails the test.
    static let englishLabels: Set<String> = [
        "Import", "Profile", "Sales manager", "Sales head", "Accountant", "Admin", "Overdue", "Due", "Due:", "Status",
        "Owner", "Source", "Billing address", "Delivery address", "Weighted pipeline", "Commit", "Best case",
        "Win rate", "Forecast category", "Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost",
        "Open", "Issued", "Paid", "Partially paid", "Cancelled", "Sent", "Accepted", "Declined", "Expired", "Signed",
        "Active", "Terminated", "Qualified", "New", "Contacted", "Timeline", "Stage", "Team", "Role", "Mga quote",
        "The invoice was not found.", "My day", "Accounts", "Contacts", "Leads", "Deals", "Quotes", "Invoices",
        "Contracts", "Payments", "Collections", "Receivables", "Search", "Save", "Cancel", "Log out", "New lead",
        "New deal", "New invoice", "Total", "Amount", "Date", "Due date", "Name", "Phone", "Company", "Month", "Actual",
        "Sales", "Tasks", "Meetings", "Log a call", "Record payment", "Yes", "No", "List", "Export (CSV)", "Clear",
        "Filters", "All", "All owners", "All sources", "Reason", "Notes", "Edit", "Delete", "Back",
    ]

    /// The readable labels of a page: its text nodes and the attributes people read, each trimmed.
    static func labels(of html: String) -> Set<String> {
        var body = html
        for tag in ["script", "style"] {
            while let start = body.range(of: "<\(tag)"),
                let end = body.range(of: "</\(tag)>", range: start.upperBound..<body.endIndex)
            {
                body.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        var found: Set<String> = []
        for match in body.matches(of: #/>([^<]+)</#) {
            found.insert(Self.unescaped(String(match.1)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for match in body.matches(of: #/(?:placeholder|aria-label|title|alt)="([^"]*)"/#) {
            found.insert(Self.unescaped(String(match.1)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return found
    }

    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
    }

    /// My day, accounts (list and page), contacts, leads, the deals board and list, quotes, invoices (list and
    /// page), contracts, payments, receivables, collections and the head dashboard, each in Filipino for the role
    /// that uses it: none shows one of `englishLabels`; the same pages in English do (so the check reads them).
    @Test(arguments: TestEngine.available)
    func theMainPagesInFilipinoShowNoEnglishLabel(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            try await AccountOverviewTests.invoiceSettings(world)
            let business = try await AccountOverviewTests.business(world, on: tala)
            var lead = LeadDraft()
            lead.personName = "Ligaya Cruz"
            lead.companyName = "Sampaguita Bakery"
            lead.phone = "0917 555 0199"
            lead.source = LeadSource.referral.rawValue
            _ = try await world.services.leads.create(
                lead, viewer: world.manager1.viewer, companyID: world.company.id)
            var task = TaskDraft()
            task.title = "Call Tala Foods about the invoice"
            task.dueAt = world.clock.now.addingTimeInterval(-3_600)
            _ = try await world.services.tasks.create(task, viewer: world.manager1.viewer)

            let pages: [(user: String, path: String)] = [
                ("manager1", "/my-day"), ("manager1", "/accounts"), ("manager1", "/accounts/\(tala.id)"),
                ("manager1", "/contacts"), ("manager1", "/contacts/\(world.manager1Contact.id)"),
                ("manager1", "/leads"), ("manager1", "/deals"), ("manager1", "/deals/list"),
                ("manager1", "/deals/\(business.deal.id)"), ("manager1", "/quotes"),
                ("manager1", "/quotes/\(business.quote.id)"), ("manager1", "/invoices"),
                ("manager1", "/invoices/\(business.invoice.id)"), ("manager1", "/contracts"),
                ("manager1", "/contracts/\(business.contract.id)"), ("manager1", "/collections/calls"),
                ("manager1", "/receivables"), ("accountant", "/payments"), ("accountant", "/my-day"),
                ("head", "/dashboard"), ("head", "/deals"),
            ]
            var seenInEnglish: Set<String> = []
            for language in [LanguageCode.english, .filipino] {
                for user in [world.manager1, world.accountant, world.head] {
                    try await world.services.users.setLanguage(language, for: user.id)
                }
                var sessions: [String: BrowserSession] = [:]
                for (user, path) in pages {
                    if sessions[user] == nil { sessions[user] = try await client.login("\(user)@test.ph") }
                    let page = try await client.browse(.get, path, as: try #require(sessions[user]))
                    #expect(page.status == .ok, "\(path) as \(user)")
                    let english = Self.labels(of: page.text).intersection(Self.englishLabels)
                    if language == .english {
                        seenInEnglish.formUnion(english)
                    } else {
                        #expect(english.isEmpty, "\(path) as \(user) in Filipino shows \(english.sorted())")
                        #expect(page.text.contains("<html lang=\"fil\""), "\(path)")
                    }
                }
                if language == .filipino {
                    let missing = try await client.browse(
                        .get, "/invoices/\(UUID())", as: try #require(sessions["manager1"]))
                    #expect(missing.status == .notFound && missing.text.contains("Hindi nahanap ang invoice."))
                }
            }
            // The check reads the pages: most of the list shows in English.
            #expect(seenInEnglish.count > 40, "\(seenInEnglish.sorted())")
        }
    }
}
