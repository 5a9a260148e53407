import Foundation

/// The expected answer of every route for each role, written from what the product should do (DESIGN.md's roles,
/// the record visibility rule and `DutySettings.standard`), not read off the code. `AuthorizationMatrixTests` asks
/// every route the router registers and holds each answer against this table.
///
/// Each entry is `"public"` (anyone, signed in or not, gets an answer) or five letters, one per caller in the order
/// admin, head, accountant, A about their own record, B about A's record:
/// - `a` allowed: anything but 401, 403, 404, a redirect to the login page or a server error (a write's answer may
///   be a validation error: the minimal request reached the decision and passed it);
/// - `n` hidden: 404, as for a record that does not exist;
/// - `f` forbidden: 403;
/// - `l` sent to the login page;
/// - `v` refused as invalid input (422): the record is named in the body, not the path, and one the caller may not
///   see is refused like one that does not exist.
/// Anonymous gets 401 from the API and the login page from a page (a redirect for a GET, 401 for a POST), unless a
/// sixth letter in front says otherwise.
///
/// Reviewed route by route against the code's checks (issue 15): each group below says the rule it encodes.
///
/// The standard duties: the manager works deals, issues invoices, makes calls; the accountant and the head record
/// money; the accountant reads deals but does not change them; the admin has every duty.
enum AuthorizationMatrix {
    enum Outcome: String, Sendable, CustomStringConvertible {
        case allowed, hidden, forbidden, unauthenticated, toLogin, invalid
        var description: String { rawValue }
    }

    static func expected(_ entry: String, role: MatrixCaller.Role, route: String) -> Outcome {
        if entry == "public" { return .allowed }
        var letters = Array(entry)
        if letters.count == 6 {
            let anonymous = letters.removeFirst()
            if role == .anonymous { return outcome(anonymous) }
        }
        let index: Int
        switch role {
        case .anonymous: return route.contains(" /api/") ? .unauthenticated : .toLogin
        case .admin: index = 0
        case .head: index = 1
        case .accountant: index = 2
        case .own: index = 3
        case .other: index = 4
        }
        return outcome(letters[index])
    }

    private static func outcome(_ letter: Character) -> Outcome {
        switch letter {
        case "a": .allowed
        case "n": .hidden
        case "l": .toLogin
        case "v": .invalid
        default: .forbidden
        }
    }

    /// Whether the matrix lets `role` through `route` (a route without an entry is asked as if it did); every
    /// other answer is a refusal, which must change nothing. Logging out, which sends a signed-in caller to the login
    /// page, is that caller's success.
    static func allows(_ route: String, _ role: MatrixCaller.Role) -> Bool {
        guard let entry = entries[route] else { return true }
        switch expected(entry, role: role, route: route) {
        case .allowed: return true
        case .toLogin: return role != .anonymous
        case .hidden, .forbidden, .unauthenticated, .invalid: return false
        }
    }

    /// The request body of the routes whose empty request (`{}`, an empty form) stops at decoding before anything
    /// is decided (a required field or version, a content type): the same for every caller, so a refused caller's
    /// answer is the refusal itself. `<<name>>` is a seeded id (``MatrixWorld/fill(_:)``); version 999 is never
    /// current, so an allowed caller gets 412 and nothing changes.
    static let bodies: [String: MatrixBody] = [
        "PATCH /api/v1/accounts/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/contacts/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/contracts/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/deals/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/invoices/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/leads/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/meetings/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/products/:id": .json(#"{"version": 999}"#),
        "PATCH /api/v1/quotes/:id": .json(#"{"version": 999}"#),
        "PUT /api/v1/accounts/:id/withholding": .json(#"{"preset": "none", "version": 999}"#),
        "POST /api/v1/accounts/:id/credit-hold": .json(#"{"reason": "Matrix hold"}"#),
        "POST /api/v1/accounts/:id/credit-hold/release": .json(#"{"version": 999}"#),
        "POST /api/v1/accounts/:id/merge": .json(#"{"from": "<<spare-account-2>>"}"#),
        "POST /api/v1/contacts/:id/merge": .json(#"{"from": "<<spare-contact-2>>"}"#),
        "POST /api/v1/bank-statements": .text(type: "text/plain", "not a statement"),
        "PATCH /api/v1/bank-csv-profiles/:id": .json(#"{"version": 999}"#),
        "POST /api/v1/bank-csv-profiles": .json(
            #"{"name": "Matrix CSV", "date_column": "Date", "description_column": "Text", "amount": {"kind": "signed_amount", "column": "Amount"}, "date_formats": ["yyyy-MM-dd"], "currency": "PHP"}"#
        ),
        "POST /api/v1/collection-calls/:id/outcome": .json(#"{"reason": "cash_flow_problem", "version": 999}"#),
        "POST /api/v1/commission/runs": .json(#"{"month": "2026-11"}"#),
        "POST /api/v1/contracts/:id/terminate": .json(#"{"reason": "Matrix", "version": 999}"#),
        "POST /api/v1/deals/:id/stage": .json(#"{"stage_id": "<<stage>>", "version": 999}"#),
        "PUT /api/v1/deals/:id/credit-split": .json(#"{"shares": [], "version": 999}"#),
        "PUT /api/v1/dunning/policy": .json(#"{"steps": [], "version": 999}"#),
        "POST /api/v1/invoice-disputes/:id/resolution": .json(#"{"resolution": "Matrix", "version": 999}"#),
        "POST /api/v1/leads/:id/status": .json(#"{"status": "contacted", "version": 999}"#),
        "POST /api/v1/payments/:id/allocations": .json(#"{"allocations": []}"#),
        "POST /api/v1/products/import": .text(type: "text/csv", "code,name\r\n"),
        "POST /api/v1/promises": .json(
            #"{"account_id": "<<accounts>>", "promised_on": "2027-02-06", "amount": "1.00", "invoice_ids": ["<<invoices>>"]}"#
        ),
        "POST /api/v1/routing-rules": .json(
            #"{"field": "province", "value": "Cebu", "assignee_id": "<<manager3>>"}"#),
        "PUT /api/v1/settings/credit-basis": .json(#"{"credit_basis": "booked", "version": 999}"#),
        "PUT /api/v1/settings/number-series/:type": .json(#"{"format": "INV-{YYYY}-{SEQ:6}"}"#),
        "POST /accounts/:id/credit-hold": .form([("reason", "Matrix hold")]),
        "POST /approvals/discounts/:id": .form([("decision", "approve"), ("version", "999")]),
        "POST /accounts/:id/merge": .form([("from", "<<spare-account-1>>")]),
        "POST /contacts/:id/merge": .form([("from", "<<spare-contact-1>>")]),
        "POST /collections/calls/:id/outcome": .form([("reason", "cash_flow_problem"), ("version", "999")]),
        "POST /deals/:id/stage": .form([("stage_id", "<<stage>>")]),
        "POST /leads/:id/status": .form([("status", "contacted")]),
        "POST /settings/pipelines/:id/stages/:stage_id/move": .form([("direction", "up")]),
    ]

    static let entries: [String: String] = [
        // Open to anyone, signed in or not: health, readiness, the OpenAPI document, static files, the public lead
        // form, and the calendar feed (its secret file name is the credential).
        "GET /calendar/:file": "public",
        "GET /favicon.ico": "public",
        "GET /forms/lead/:key": "public",
        "GET /health": "public",
        "GET /login": "public",
        "GET /openapi.json": "public",
        "GET /ready": "public",
        "GET /static/:file": "public",
        "POST /forms/lead/:key": "public",
        // The session's own routes: every signed-in user. The login form posted without the login page's own CSRF
        // token is refused (403) to everyone, signed in or not (SessionPromisesTests covers the form with its token);
        // logging out sends to the login page.
        "GET /api/v1/me": "aaaaa",
        "GET /profile": "aaaaa",
        "POST /login": "ffffff",
        "POST /logout": "lllll",
        "POST /profile/calendar": "aaaaa",
        "POST /profile/language": "aaaaa",
        "POST /profile/tokens": "aaaaa",
        "POST /profile/tokens/:id/revoke": "aaaan",
        // Pipelines and stages (DealService.checkMayEditPipelines, DESIGN.md: the admin's pipeline stages, the head's
        // sales process): everyone reads them; the head and the admin change them. They are the company's, not a
        // manager's: others are refused by role (403), never told 404.
        "DELETE /api/v1/pipelines/:id/stages/:stage_id": "aafff",
        "GET /api/v1/pipelines": "aaaaa",
        "GET /api/v1/pipelines/:id": "aaaaa",
        "GET /settings/pipelines": "aaaaa",
        "PATCH /api/v1/pipelines/:id": "aafff",
        "PATCH /api/v1/pipelines/:id/stages/:stage_id": "aafff",
        "POST /api/v1/pipelines": "aafff",
        "POST /api/v1/pipelines/:id/stages": "aafff",
        "POST /api/v1/pipelines/:id/stages/order": "aafff",
        "POST /settings/pipelines": "aafff",
        "POST /settings/pipelines/:id": "aafff",
        "POST /settings/pipelines/:id/default": "aafff",
        "POST /settings/pipelines/:id/stages": "aafff",
        "POST /settings/pipelines/:id/stages/:stage_id": "aafff",
        "POST /settings/pipelines/:id/stages/:stage_id/delete": "aafff",
        "POST /settings/pipelines/:id/stages/:stage_id/move": "aafff",
        // The catalogue: everyone reads the list and each product (quotes and invoices pick from it); the head and the
        // admin change it and import it (the product page is its edit form).
        "GET /api/v1/products": "aaaaa",
        "GET /api/v1/products/:id": "aaaaa",
        "GET /api/v1/products/export.csv": "aaaaa",
        "GET /products": "aaaaa",
        "GET /products/:id": "aafff",
        "GET /products/export.csv": "aaaaa",
        "GET /products/new": "aafff",
        "PATCH /api/v1/products/:id": "aafff",
        "POST /api/v1/products": "aafff",
        "POST /api/v1/products/import": "aafff",
        "POST /products": "aafff",
        "POST /products/:id": "aafff",
        "POST /products/import": "aafff",
        // Company administration (DESIGN.md: the admin's users, roles, company settings, numbering, templates, email):
        // only the admin changes it (403 to the others). The readings a form needs (company, numbering, duties,
        // invoicing, templates, routing rules, users) are open to every signed-in user; the settings pages and the SMTP
        // settings are the admin's; the outbox page lists each user's own messages.
        "DELETE /api/v1/routing-rules/:id": "affff",
        "GET /api/v1/company": "aaaaa",
        "GET /api/v1/contract-settings": "aaaaa",
        "GET /api/v1/contract-templates": "aaaaa",
        "GET /api/v1/contract-templates/:id": "aaaaa",
        "GET /api/v1/routing-rules": "aaaaa",
        "GET /api/v1/settings/credit-basis": "aaaaa",
        "GET /api/v1/settings/duties": "aaaaa",
        "GET /api/v1/settings/invoicing": "aaaaa",
        "GET /api/v1/settings/number-series": "aaaaa",
        "GET /api/v1/settings/smtp": "affff",
        "GET /api/v1/users": "aaaaa",
        "GET /settings/company": "affff",
        "GET /settings/contract-templates": "affff",
        "GET /settings/duties": "affff",
        "GET /settings/email": "affff",
        "GET /settings/forms": "affff",
        "GET /settings/invoicing": "aaaaa",
        "GET /settings/outbox": "aaaaa",
        "GET /settings/routing": "affff",
        "GET /settings/users": "affff",
        "PATCH /api/v1/company": "affff",
        "PATCH /api/v1/contract-settings": "affff",
        "PATCH /api/v1/contract-templates/:id": "affff",
        "POST /api/v1/contract-templates": "affff",
        "POST /api/v1/routing-rules": "affff",
        "POST /api/v1/settings/smtp/test": "affff",
        "POST /settings/company": "affff",
        "POST /settings/contract-renewal": "affff",
        "POST /settings/contract-templates": "affff",
        "POST /settings/contract-templates/:id": "affff",
        "POST /settings/duties": "affff",
        "POST /settings/email": "affff",
        "POST /settings/email/test": "affff",
        "POST /settings/forms": "affff",
        "POST /settings/forms/:id/active": "affff",
        "POST /settings/invoicing": "affff",
        "POST /settings/routing": "affff",
        "POST /settings/routing/:id/delete": "affff",
        "POST /settings/teams": "affff",
        "POST /settings/users": "affff",
        "POST /settings/users/:id": "affff",
        "PUT /api/v1/settings/credit-basis": "aafff",
        "PUT /api/v1/settings/duties": "affff",
        "PUT /api/v1/settings/invoicing": "affff",
        "PUT /api/v1/settings/number-series/:type": "affff",
        "PUT /api/v1/settings/smtp": "affff",
        // The head's work (DESIGN.md: sets plans, ranks managers, approves commission, overrides credit holds; the
        // dunning ladder; discounts above the limit): the head and the admin set plans, quota types and credit splits,
        // run and approve commission, run dunning and decide discount requests, and read the head's dashboard. The
        // accountant reads the company plan; a manager reads their own attainment, estimate and statements (another
        // manager's statement is hidden), the leaderboard and the dunning policy, not the plan itself.
        "GET /api/v1/commission/estimate": "aaaaa",
        "GET /api/v1/commission/plans/:id": "aaaan",
        "GET /api/v1/commission/statements": "aaaaa",
        "GET /api/v1/commission/statements/:id": "aaaan",
        "GET /api/v1/commission/statements/:id/csv": "aaaan",
        "GET /api/v1/commission/statements/:id/pdf": "aaaan",
        "GET /api/v1/dashboards/head": "aafff",
        "GET /api/v1/deals/:id/credit-split": "aaaan",
        "GET /api/v1/discount-approvals": "aafff",
        "GET /api/v1/dunning/policy": "aaaaa",
        "GET /api/v1/invoices/:id/dunning": "aaaan",
        "GET /api/v1/plans/:month": "aaaff",
        "GET /api/v1/plans/:month/attainment": "aaaaa",
        "GET /api/v1/plans/:month/credits/:id": "aaaan",
        "GET /api/v1/plans/:month/leaderboard": "aaaaa",
        "GET /api/v1/plans/:month/versions": "aaaff",
        "GET /api/v1/plans/trend": "aaaaa",
        "GET /api/v1/quota-types": "aaaaa",
        "GET /api/v1/quotes/:id/discount-approvals": "aaaan",
        "GET /approvals/discounts": "aafff",
        "GET /commission": "aaaaa",
        "GET /commission/statements/:id": "aaaan",
        "GET /commission/statements/:id/csv": "aaaan",
        "GET /commission/statements/:id/pdf": "aaaan",
        "GET /dashboard": "aafff",
        "GET /dashboard/export.csv": "aafff",
        "GET /plans": "aaaaa",
        "GET /plans/:month": "aafff",
        "GET /plans/:month/attainment": "aaaaa",
        "GET /plans/:month/attainment/export.csv": "aaaaa",
        "GET /plans/:month/credits/:id": "aaaan",
        "GET /plans/:month/leaderboard": "aaaaa",
        "GET /plans/:month/leaderboard/export.csv": "aaaaa",
        "POST /api/v1/commission/runs": "aafff",
        "POST /api/v1/commission/statements/:id/approval": "aafff",
        "POST /api/v1/discount-approvals/:id/approve": "aafff",
        "POST /api/v1/discount-approvals/:id/reject": "aafff",
        "POST /api/v1/dunning/runs": "aafff",
        "POST /api/v1/plans/:month/copy-forward": "aafff",
        "POST /api/v1/quota-types": "aafff",
        "POST /approvals/discounts/:id": "aafff",
        "POST /commission/runs": "aafff",
        "POST /commission/statements/:id/approval": "aafff",
        "POST /deals/:id/credit-split": "aafff",
        "POST /plans/:month": "aafff",
        "POST /plans/:month/copy-forward": "aafff",
        "POST /quota-types": "aafff",
        "PUT /api/v1/commission/plans/:id": "aafff",
        "PUT /api/v1/deals/:id/credit-split": "aafff",
        "PUT /api/v1/dunning/policy": "aafff",
        "PUT /api/v1/plans/:month": "aafff",
        // Money and the books (DESIGN.md: the accountant imports statements, confirms matches, records payments and
        // certificates; duty record_payments: accountant, head, admin): payments, allocations, receipts, certificates
        // and bank statements are theirs (a bank account is added by the admin or the accountant); the payment pages,
        // the invoice register, the ledger and the audit log are read by them. A manager reads their own customers'
        // payments through the API and their receipts (B: 404), and is refused the rest (403).
        "GET /api/v1/audit/export": "aaaff",
        "DELETE /api/v1/bank-csv-profiles/:id": "aaaff",
        "GET /api/v1/bank-accounts": "aaaff",
        "GET /api/v1/bank-csv-profiles": "aaaff",
        "GET /api/v1/bank-csv-profiles/:id": "aaaff",
        "GET /api/v1/bank-statement-lines": "aaaff",
        "GET /api/v1/bank-statement-lines/:id/candidates": "aaaff",
        "GET /api/v1/bank-statements": "aaaff",
        "GET /api/v1/bank-statements/:id": "aaaff",
        "GET /api/v1/invoice-register": "aaaff",
        "GET /api/v1/ledger/balances": "aaaff",
        "GET /api/v1/payments": "aaaaa",
        "GET /api/v1/payments/:id": "aaaan",
        "GET /api/v1/payments/:id/collection-receipt.pdf": "aaaan",
        "GET /api/v1/withholding-certificates/pending": "aaaaa",
        "GET /audit": "aaaff",
        "GET /audit/export": "aaaff",
        "GET /bank-statements": "aaaff",
        "GET /bank-statements/profiles": "aaaff",
        "GET /bank-statements/profiles/new": "aaaff",
        "GET /bank-statements/profiles/:id": "aaaff",
        "GET /bank-statements/lines/:id/confirm": "aaaff",
        "GET /bank-statements/queue": "aaaff",
        "GET /invoices/register": "aaaff",
        "GET /invoices/register.csv": "aaaff",
        "GET /payments": "aaaff",
        "GET /payments/:id": "aaaff",
        "GET /payments/new": "aaaff",
        "POST /api/v1/allocations/:id/reversal": "aaaff",
        "POST /api/v1/bank-accounts": "afaff",
        "PATCH /api/v1/bank-csv-profiles/:id": "aaaff",
        "POST /api/v1/bank-csv-profiles": "aaaff",
        "POST /api/v1/bank-statement-lines/:id/confirm": "aaaff",
        "POST /api/v1/bank-statement-lines/:id/ignore": "aaaff",
        "POST /api/v1/bank-statement-lines/:id/unmatch": "aaaff",
        "POST /api/v1/bank-statements": "aaaff",
        "POST /api/v1/payments": "aaaff",
        "POST /api/v1/payments/:id/allocations": "aaaff",
        "POST /api/v1/payments/:id/collection-receipt": "aaaff",
        "POST /api/v1/withholding-certificates": "aaaff",
        "POST /bank-statements": "aaaff",
        "POST /bank-statements/profiles": "aaaff",
        "POST /bank-statements/profiles/:id": "aaaff",
        "POST /bank-statements/profiles/:id/archive": "aaaff",
        "POST /bank-statements/lines/:id/confirm": "aaaff",
        "POST /bank-statements/lines/:id/ignore": "aaaff",
        "POST /payments": "aaaff",
        "POST /payments/allocations/:id/reverse": "aaaff",
        // Credit holds (DESIGN.md: the head overrides holds; the dunning ladder's stop-supply step): the head, the
        // admin and the accountant place one; the head and the admin override and release it. A manager is refused by
        // role (403) before any account is read.
        "GET /api/v1/accounts/:id/credit-hold": "aaaan",
        "POST /accounts/:id/credit-hold": "aaaff",
        "POST /accounts/:id/credit-hold/overrides": "aafff",
        "POST /accounts/:id/credit-hold/release": "aafff",
        "POST /api/v1/accounts/:id/credit-hold": "aaaff",
        "POST /api/v1/accounts/:id/credit-hold/overrides": "aafff",
        "POST /api/v1/accounts/:id/credit-hold/release": "aafff",
        // Deals (duty change_deals: head, manager and admin; the accountant reads deals): A works their own deals and
        // B is told they do not exist (404); the accountant reads them and drafts a quote from one (quotes are
        // documents, like the invoices the accountant issues) but does not change or move them (403).
        "GET /api/v1/deals": "aaaaa",
        "GET /api/v1/deals/:id": "aaaan",
        "GET /api/v1/deals/:id/history": "aaaan",
        "GET /api/v1/deals/conversion": "aaaaa",
        "GET /api/v1/deals/metrics": "aaaaa",
        "GET /deals": "aaaaa",
        "GET /deals/:id": "aaaan",
        "GET /deals/export.csv": "aaaaa",
        "GET /deals/list": "aaaaa",
        "GET /deals/new": "aaaaa",
        "PATCH /api/v1/deals/:id": "aafan",
        "POST /api/v1/deals": "aafaa",
        "POST /api/v1/deals/:id/stage": "aafan",
        "POST /deals": "aafaa",
        "POST /deals/:id": "aafan",
        "POST /deals/:id/lines": "aafan",
        "POST /deals/:id/lines/:index/delete": "aafan",
        "POST /deals/:id/quotes": "aaaan",
        "POST /deals/:id/stage": "aafan",
        // A's records (DESIGN.md: a manager sees what they own or their team shares; head, admin and accountant see all,
        // by role): every role reads and works them, and B is told they do not exist (404). Lists, searches, exports,
        // reports and feeds answer everyone, each with only what they may see (the leak scan checks B's answers).
        // Within them: merging duplicates is the head's and the admin's (`Role.mayReassignOwners`); an account's
        // withholding profile is set by the accountant, the head or the admin; promises to pay are logged by the
        // account's manager, a head or an admin (B names A's account in the body: 422, as an unknown one); the inbound
        // mail and call webhooks take only an inbound token, never a personal one.
        "DELETE /api/v1/invoices/:id": "aaaan",
        "GET /": "aaaaa",
        "GET /accounts": "aaaaa",
        "GET /accounts/:id": "aaaan",
        "GET /accounts/:id/edit": "aaaan",
        "GET /accounts/:id/statement": "aaaan",
        "GET /accounts/:id/statement.pdf": "aaaan",
        "GET /accounts/export.csv": "aaaaa",
        "GET /accounts/new": "aaaaa",
        "GET /api/v1/accounts": "aaaaa",
        "GET /api/v1/accounts/:id": "aaaan",
        "GET /api/v1/accounts/:id/duplicates": "aaaan",
        "GET /api/v1/accounts/:id/statement": "aaaan",
        "GET /api/v1/accounts/:id/statement.pdf": "aaaan",
        "GET /api/v1/accounts/:id/timeline": "aaaan",
        "GET /api/v1/accounts/:id/withholding": "aaaan",
        "GET /api/v1/accounts/export": "aaaaa",
        "GET /api/v1/collection-calls": "aaaaa",
        "GET /api/v1/contacts": "aaaaa",
        "GET /api/v1/contacts/:id": "aaaan",
        "GET /api/v1/contacts/:id/duplicates": "aaaan",
        "GET /api/v1/contacts/:id/timeline": "aaaan",
        "GET /api/v1/contacts/export": "aaaaa",
        "GET /api/v1/contacts/export.vcf": "aaaaa",
        "GET /api/v1/contracts": "aaaaa",
        "GET /api/v1/contracts/:id": "aaaan",
        "GET /api/v1/contracts/:id/amendments": "aaaan",
        "GET /api/v1/contracts/:id/pdf": "aaaan",
        "GET /api/v1/contracts/:id/signed-copy": "aaaan",
        "GET /api/v1/history/:type/:id": "aaaan",
        "GET /api/v1/imports/:id": "aaaan",
        "GET /api/v1/invoices": "aaaaa",
        "GET /api/v1/invoices/:id": "aaaan",
        "GET /api/v1/invoices/:id/pdf": "aaaan",
        "GET /api/v1/invoices/:id/ubl": "aaaan",
        "GET /api/v1/leads": "aaaaa",
        "GET /api/v1/leads/:id": "aaaan",
        "GET /api/v1/leads/:id/timeline": "aaaan",
        "GET /api/v1/meetings": "aaaaa",
        "GET /api/v1/meetings/:id": "aaaan",
        "GET /api/v1/outbox": "aaaaa",
        "GET /api/v1/outbox/:id": "aaaan",
        "GET /api/v1/promises": "aaaaa",
        "GET /api/v1/quotes": "aaaaa",
        "GET /api/v1/quotes/:id": "aaaan",
        "GET /api/v1/quotes/:id/pdf": "aaaan",
        "GET /api/v1/receivables/aging": "aaaaa",
        "GET /api/v1/receivables/metrics": "aaaaa",
        "GET /api/v1/receivables/unpaid-past-term": "aaaaa",
        "GET /api/v1/receivables/unpaid-past-term.csv": "aaaaa",
        "GET /api/v1/reports/late-payments": "aaaaa",
        "GET /api/v1/search": "aaaaa",
        "GET /api/v1/tasks": "aaaaa",
        "GET /collections/calls": "aaaaa",
        "GET /collections/late-payments": "aaaaa",
        "GET /collections/late-payments.csv": "aaaaa",
        "GET /contacts": "aaaaa",
        "GET /contacts/:id": "aaaan",
        "GET /contacts/:id/edit": "aaaan",
        "GET /contacts/export.csv": "aaaaa",
        "GET /contacts/export.vcf": "aaaaa",
        "GET /contacts/new": "aaaaa",
        "GET /contracts": "aaaaa",
        "GET /contracts/:id": "aaaan",
        "GET /contracts/:id/edit": "aaaan",
        "GET /contracts/:id/pdf": "aaaan",
        "GET /contracts/:id/signed-copy": "aaaan",
        "GET /contracts/new": "aaaaa",
        "GET /history/:type/:id": "aaaan",
        "GET /imports": "aaaaa",
        "GET /imports/:id": "aaaan",
        "GET /invoices": "aaaaa",
        "GET /invoices/:id": "aaaan",
        "GET /invoices/:id/invoice.pdf": "aaaan",
        "GET /invoices/:id/print": "aaaan",
        "GET /invoices/new": "aaaaa",
        "GET /leads": "aaaaa",
        "GET /leads/:id": "aaaan",
        "GET /leads/:id/edit": "aaaan",
        "GET /leads/export.csv": "aaaaa",
        "GET /leads/new": "aaaaa",
        "GET /meetings": "aaaaa",
        "GET /meetings/:id": "aaaan",
        "GET /meetings/new": "aaaaa",
        "GET /my-day": "aaaaa",
        "GET /quotes": "aaaaa",
        "GET /quotes/:id": "aaaan",
        "GET /quotes/:id/print": "aaaan",
        "GET /quotes/:id/quote.pdf": "aaaan",
        "GET /receivables": "aaaaa",
        "GET /receivables/aging.csv": "aaaaa",
        "GET /receivables/metrics.csv": "aaaaa",
        "GET /receivables/overdue": "aaaaa",
        "GET /receivables/overdue.csv": "aaaaa",
        "GET /receivables/pending-certificates.csv": "aaaaa",
        "GET /receivables/unpaid-past-term": "aaaaa",
        "GET /receivables/unpaid-past-term.csv": "aaaaa",
        "GET /reports": "aaaaa",
        "GET /search": "aaaaa",
        "PATCH /api/v1/accounts/:id": "aaaan",
        "PATCH /api/v1/contacts/:id": "aaaan",
        "PATCH /api/v1/contracts/:id": "aaaan",
        "PATCH /api/v1/invoices/:id": "aaaan",
        "PATCH /api/v1/leads/:id": "aaaan",
        "PATCH /api/v1/meetings/:id": "aaaan",
        "PATCH /api/v1/quotes/:id": "aaaan",
        "POST /accounts": "aaaaa",
        "POST /accounts/:id": "aaaan",
        "POST /accounts/:id/archive": "aaaan",
        "POST /accounts/:id/merge": "aafff",
        "POST /accounts/:id/statement/email": "aaaan",
        "POST /accounts/:id/unarchive": "aaaan",
        "POST /activities": "aaaaa",
        "POST /api/v1/accounts": "aaaaa",
        "POST /api/v1/accounts/:id/archive": "aaaan",
        "POST /api/v1/accounts/:id/merge": "aafff",
        "POST /api/v1/accounts/:id/statement/email": "aaaan",
        "POST /api/v1/accounts/:id/unarchive": "aaaan",
        "POST /api/v1/activities": "aaaaa",
        "POST /api/v1/calls/inbound": "fffff",
        "POST /api/v1/collection-calls": "aaaaa",
        "POST /api/v1/collection-calls/:id/outcome": "aaaan",
        "POST /api/v1/contacts": "aaaaa",
        "POST /api/v1/contacts/:id/archive": "aaaan",
        "POST /api/v1/contacts/:id/merge": "aafff",
        "POST /api/v1/contacts/:id/unarchive": "aaaan",
        "POST /api/v1/contacts/import-vcard": "aaaaa",
        "POST /api/v1/contracts": "aaaaa",
        "POST /api/v1/contracts/:id/activate": "aaaan",
        "POST /api/v1/contracts/:id/amendments": "aaaan",
        "POST /api/v1/contracts/:id/amendments/:amendment/send": "aaaan",
        "POST /api/v1/contracts/:id/amendments/:amendment/sign": "aaaan",
        "POST /api/v1/contracts/:id/send": "aaaan",
        "POST /api/v1/contracts/:id/sign": "aaaan",
        "POST /api/v1/contracts/:id/signed-copy": "aaaan",
        "POST /api/v1/contracts/:id/terminate": "aaaan",
        "POST /api/v1/imports": "aaaaa",
        "POST /api/v1/inbound/email": "fffff",
        "POST /api/v1/invoice-disputes/:id/resolution": "aaaan",
        "POST /api/v1/invoices": "aaaaa",
        "POST /api/v1/invoices/:id/credit-notes": "aaaan",
        "POST /api/v1/invoices/:id/disputes": "aaaan",
        "POST /api/v1/invoices/:id/issue": "aaaan",
        "POST /api/v1/invoices/:id/send": "aaaan",
        "POST /api/v1/leads": "aaaaa",
        "POST /api/v1/leads/:id/convert": "aaaan",
        "POST /api/v1/leads/:id/status": "aaaan",
        "POST /api/v1/meetings": "aaaaa",
        "POST /api/v1/promises": "aafav",
        "POST /api/v1/quotes": "aaaaa",
        "POST /api/v1/quotes/:id/accept": "aaaan",
        "POST /api/v1/quotes/:id/decline": "aaaan",
        "POST /api/v1/quotes/:id/send": "aaaan",
        "POST /api/v1/tasks": "aaaaa",
        "POST /api/v1/tasks/:id/complete": "aaaan",
        "POST /api/v1/tasks/:id/reopen": "aaaan",
        "POST /collections/calls/:id/outcome": "aaaan",
        "POST /contacts": "aaaaa",
        "POST /contacts/:id": "aaaan",
        "POST /contacts/:id/archive": "aaaan",
        "POST /contacts/:id/merge": "aafff",
        "POST /contacts/:id/unarchive": "aaaan",
        "POST /contacts/import-vcard": "aaaaa",
        "POST /contracts": "aaaaa",
        "POST /contracts/:id": "aaaan",
        "POST /contracts/:id/activate": "aaaan",
        "POST /contracts/:id/amendments": "aaaan",
        "POST /contracts/:id/amendments/:amendment/send": "aaaan",
        "POST /contracts/:id/amendments/:amendment/sign": "aaaan",
        "POST /contracts/:id/send": "aaaan",
        "POST /contracts/:id/sign": "aaaan",
        "POST /contracts/:id/signed-copy": "aaaan",
        "POST /contracts/:id/terminate": "aaaan",
        "POST /imports/preview": "aaaaa",
        "POST /imports/run": "aaaaa",
        "POST /invoices": "aaaaa",
        "POST /invoices/:id": "aaaan",
        "POST /invoices/:id/credit-notes": "aaaan",
        "POST /invoices/:id/discard": "aaaan",
        "POST /invoices/:id/issue": "aaaan",
        "POST /invoices/:id/lines": "aaaan",
        "POST /invoices/:id/lines/:index/delete": "aaaan",
        "POST /leads": "aaaaa",
        "POST /leads/:id": "aaaan",
        "POST /leads/:id/convert": "aaaan",
        "POST /leads/:id/status": "aaaan",
        "POST /meetings": "aaaaa",
        "POST /meetings/:id": "aaaan",
        "POST /quotes/:id": "aaaan",
        "POST /quotes/:id/accept": "aaaan",
        "POST /quotes/:id/decline": "aaaan",
        "POST /quotes/:id/lines": "aaaan",
        "POST /quotes/:id/lines/:index/delete": "aaaan",
        "POST /quotes/:id/send": "aaaan",
        "POST /tasks": "aaaaa",
        "POST /tasks/:id/complete": "aaaan",
        "POST /tasks/:id/reopen": "aaaan",
        "PUT /api/v1/accounts/:id/withholding": "aaaff",
    ]
}

/// A request body of ``AuthorizationMatrix/bodies``: JSON or other text to the API, a form to a page.
enum MatrixBody: Sendable {
    case json(String)
    case text(type: String, String)
    case form([(String, String)])
}
