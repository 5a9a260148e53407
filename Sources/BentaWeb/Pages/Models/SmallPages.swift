import BentaCore
import Foundation

/// What was wrong with a quick form (log a call, add a task), with a way back. Property names are the template's
/// (`form_problem.mustache`).
struct FormProblemPage: PageModel {
    /// Each problem, translated.
    var problems: [String]
    var back_url: String

    /// The page for `errors`; `returnTo` is where the form came from (the back link when it is on this site).
    static func make(_ errors: ValidationErrors, returnTo: String, strings: [String: String]) -> FormProblemPage {
        FormProblemPage(
            problems: errors.errors.map { strings["error_\($0.code)"] ?? $0.message },
            back_url: SafeRedirect.local(returnTo) ?? Paths.myDay())
    }
}

/// The login form. Property names are the template's (`login.mustache`).
struct LoginPage: PageModel {
    /// The login form's own CSRF token (there is no session yet).
    var login_csrf: String
    /// Where to go after logging in (a local path).
    var next: String?
    var email: String
    /// Why the last attempt failed, translated.
    var error: String?
}

/// The error page: the status, what happened and the request's id for support. Property names are the template's
/// (`error.mustache`).
struct ErrorPage: PageModel {
    var status: Int
    var heading: String
    var message: String
    var request_id: String
}
