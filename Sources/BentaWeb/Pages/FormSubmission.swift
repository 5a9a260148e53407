import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The POST of an HTML form, in one place: a record picker's search shows the form again with the matches and
/// saves nothing; otherwise the change runs and the browser goes to the page it names, or, when the input is
/// refused (`ValidationErrors`), the form comes back with the problems beside its fields. Other errors (403, 404,
/// a stale version) go on to the error page, unless the caller catches them around this.
enum FormSubmission {
    /// Runs `save` and redirects to the path it returns; when the service refuses the input, `refused(errors)`
    /// renders the form (or a problem page) with the problems.
    static func submit(
        save: () async throws -> String, refused: (ValidationErrors) async throws -> Response
    ) async throws -> Response {
        do {
            return .redirect(to: try await save(), type: .normal)
        } catch let errors as ValidationErrors {
            return try await refused(errors)
        }
    }

    /// ``submit(save:refused:)`` for a form with record pickers: `show(errors)` renders the form again, with nil
    /// for a picker's search (`picking`: nothing is saved), with the problems when the input was refused.
    static func submit(
        picking: PickerInput, save: () async throws -> String,
        show: (ValidationErrors?) async throws -> Response
    ) async throws -> Response {
        if picking.isSearch { return try await show(nil) }
        return try await submit(save: save) { errors in try await show(errors) }
    }

    /// A record's form (``RecordInput``): the draft it describes, and the version the form was rendered with,
    /// go to `save`; `show(draft, errors, picking)` renders the form again as in ``submit(picking:save:show:)``.
    static func record<Input: RecordInput>(
        _ input: Input.Type, context: AuthenticatedContext,
        save: (_ draft: Input.Draft, _ version: Int64?) async throws -> String,
        show: (Input.Draft, ValidationErrors?, PickerInput) async throws -> Response
    ) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = try Input(form: submitted).draft()
        let picking = PickerInput(submitted)
        return try await submit(picking: picking) {
            try await save(draft, Int64(submitted["version"]))
        } show: { errors in
            try await show(draft, errors, picking)
        }
    }
}

extension PageRenderer {
    /// The page for a small form posted from another page (log a call, add a task, place a credit hold): the
    /// problems, and a link back to `returnTo`; 422.
    func formProblem(
        _ errors: ValidationErrors, returnTo: String, section: PageChrome.Section?, context: AuthenticatedContext
    ) -> Response {
        let strings = translations.table(context.user.language)
        return render(
            "form_problem", title: strings["form_has_errors"] ?? "Please correct the form",
            model: FormProblemPage.make(errors, returnTo: returnTo, strings: strings), section: section,
            identity: context.identity, language: context.user.language, status: .unprocessableContent)
    }
}

/// A core draft with an owner, which a page's edit replaces whole: the owner changes only when the editor may
/// reassign owners and picked one; otherwise the stored owner stays.
protocol OwnedDraft {
    var ownerID: String { get set }
}

extension OwnedDraft {
    /// Replaces this draft with the form's `draft`, keeping the stored owner unless `mayReassign` and the form
    /// named one.
    mutating func replace(with draft: Self, mayReassign: Bool) {
        let owner = ownerID
        self = draft
        if !mayReassign || draft.ownerID.isEmpty { ownerID = owner }
    }
}

extension ContractDraft: OwnedDraft {}
extension DealDraft: OwnedDraft {}
extension LeadDraft: OwnedDraft {}
