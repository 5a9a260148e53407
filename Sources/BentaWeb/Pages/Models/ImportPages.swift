import BentaCore
import BentaFormats
import BentaServices
import Foundation

/// The import page: the CSV upload, the vCard upload with its account picker, and the recent imports. Property
/// names are the template's (`imports.mustache`).
struct ImportsPage: PageModel {
    struct Job {
        var url: String
        var filename: String
        var entity: String
        var status_label: String
        var created: Int
        var rejected: Int
        var when: String
    }

    var entities: [PageChoice]
    var presets: [PageChoice]
    var account_picker: RecordPickerField
    var jobs: [Job]
    var has_jobs: Bool
    var errors: [String: String]
    var has_errors: Bool

    /// The page with the recent `jobs`; `accountPicker` is the vCard import's account, `errors` the translated field
    /// errors.
    static func make(
        jobs: [ImportJob], accountPicker: RecordPickerField, directory: PageDirectory, strings: [String: String],
        errors: [String: String]?
    ) -> ImportsPage {
        ImportsPage(
            entities: ImportEntity.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["import_entity_\($0.rawValue)"] ?? $0.rawValue, selected: false)
            },
            presets: ImportPreset.allCases.map { PageChoice(value: $0.rawValue, label: $0.label, selected: false) },
            account_picker: accountPicker,
            jobs: jobs.map { job in
                Job(
                    url: Paths.importJob(job.id), filename: job.filename,
                    entity: strings["import_entity_\(job.entity)"] ?? job.entity,
                    status_label: strings["import_status_\(job.status.rawValue)"] ?? job.status.rawValue,
                    created: job.createdRows, rejected: job.rejectedRows, when: directory.dateTime(job.createdAt))
            },
            has_jobs: !jobs.isEmpty, errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}

/// A row an import skipped, with the reason. Property names are the templates' (`import_job`, `import_vcard_result`).
struct ImportRejectedRow {
    var row: String
    var name: String
    var reason: String
}

/// One import's progress (the page reloads itself while it runs). Property names are the template's
/// (`import_job.mustache`).
struct ImportJobPage: PageModel {
    var filename: String
    var entity: String
    var status: String
    var status_label: String
    var is_running: Bool
    var total: Int
    var processed: Int
    var created: Int
    var rejected_count: Int
    var percent: Int
    var rejected: [ImportRejectedRow]
    var has_rejected: Bool

    /// The page for `job`; its report lists the rejected rows.
    static func make(_ job: ImportJob, strings: [String: String]) -> ImportJobPage {
        let report = (try? JSONDecoder().decode([[String: String]].self, from: Data(job.report.utf8))) ?? []
        let rejected = report.map {
            ImportRejectedRow(row: $0["row"] ?? "", name: $0["name"] ?? "", reason: $0["reason"] ?? "")
        }
        // Whether the job still moves (and the page refreshes) is the core's call (`ImportJob.isFinished`).
        return ImportJobPage(
            filename: job.filename, entity: strings["import_entity_\(job.entity)"] ?? job.entity,
            status: job.status.rawValue,
            status_label: strings["import_status_\(job.status.rawValue)"] ?? job.status.rawValue,
            is_running: !job.isFinished, total: job.totalRows, processed: job.processedRows,
            created: job.createdRows, rejected_count: job.rejectedRows, percent: job.percentDone,
            rejected: rejected, has_rejected: !rejected.isEmpty)
    }
}

/// What a vCard import did. Property names are the template's (`import_vcard_result.mustache`).
struct ImportVCardResultPage: PageModel {
    var created: Int
    var created_accounts: Int
    var rejected: [ImportRejectedRow]
    var has_rejected: Bool
    var back_url: String

    /// The page for `result`; `account` is the account the contacts went into (nil: by their organisation).
    static func make(_ result: VCardImportResult, account: Account.ID?) -> ImportVCardResultPage {
        ImportVCardResultPage(
            created: result.created.count, created_accounts: result.createdAccounts,
            rejected: result.rejected.map { ImportRejectedRow(row: String($0.card), name: $0.name, reason: $0.reason) },
            has_rejected: !result.rejected.isEmpty, back_url: account.map { Paths.account($0) } ?? Paths.contacts())
    }
}

/// The dry run of a CSV import: the column mapping to check, every row's outcome, problems and warnings. Property
/// names are the template's (`import_preview.mustache`).
struct ImportPreviewPage: PageModel {
    struct Row {
        var row: Int
        var name: String
        var outcome: String
        var outcome_label: String
        var reason: String
    }

    struct Mapping {
        var field: String
        var label: String
        var options: [PageChoice]
    }

    var upload_id: String
    var filename: String
    var entity: String
    var entity_label: String
    var preset: String
    var preset_label: String
    var encoding: String
    var total: Int
    var creates: Int
    var duplicates: Int
    var rejected_count: Int
    var rows: [Row]
    var has_rows: Bool
    var mapping: [Mapping]
    var problems: [String]
    var has_problems: Bool
    var warnings: [String]
    var has_warnings: Bool
    var can_run: Bool

    /// The page for `preview` of the staged upload `uploadID` read as `request` asks.
    static func make(
        _ preview: ImportPreview, uploadID: String, filename: String, request: ImportRequest,
        strings: [String: String]
    ) -> ImportPreviewPage {
        let rows = preview.rows.map { row in
            var outcome = "create"
            var reason = ""
            switch row.outcome {
            case .create: break
            case .duplicate(let why):
                outcome = "duplicate"
                reason = why
            case .rejected(let messages):
                outcome = "rejected"
                reason = messages.joined(separator: "; ")
            }
            return Row(
                row: row.rowNumber, name: row.name, outcome: outcome,
                outcome_label: strings["import_outcome_\(outcome)"] ?? outcome, reason: reason)
        }
        let mapping = request.entity.fields.map { field in
            let selected = preview.mapping.columns[field] ?? ""
            return Mapping(
                field: field.rawValue, label: field.label,
                options: [PageChoice(value: "", label: "—", selected: selected.isEmpty)]
                    + preview.header.map { PageChoice(value: $0, label: $0, selected: $0 == selected) })
        }
        return ImportPreviewPage(
            upload_id: uploadID, filename: filename, entity: request.entity.rawValue,
            entity_label: strings["import_entity_\(request.entity.rawValue)"] ?? request.entity.rawValue,
            preset: preview.preset.rawValue, preset_label: preview.preset.label, encoding: preview.encoding,
            total: preview.totalRows, creates: preview.creates, duplicates: preview.duplicates,
            rejected_count: preview.rejected, rows: rows, has_rows: !rows.isEmpty, mapping: mapping,
            problems: preview.problems, has_problems: !preview.problems.isEmpty, warnings: preview.warnings,
            has_warnings: !preview.warnings.isEmpty, can_run: preview.problems.isEmpty && preview.creates > 0)
    }
}
