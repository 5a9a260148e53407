import BentaCore
import Hummingbird

extension FormSubmission {
    /// ``submit(save:refused:)`` for a form that carries the version it was read at: a stale version (someone
    /// else saved first) comes back as a problem on the `version` field (`stale_version`, the page's warning), with
    /// 412 and nothing changed, so the form shows what was typed against the current version and saving again
    /// applies it knowingly.
    static func submitVersioned(
        save: () async throws -> String, refused: (ValidationErrors) async throws -> Response
    ) async throws -> Response {
        do {
            return try await submit(save: save, refused: refused)
        } catch RecordError.staleVersion {
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this while you edited.")
            var response = try await refused(stale)
            response.status = .preconditionFailed
            return response
        }
    }
}
