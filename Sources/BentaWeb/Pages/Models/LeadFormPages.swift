import BentaCore
import Foundation

/// The web forms page (admins): each form with its public address and a snippet to paste. Property names are the
/// template's (`lead_forms.mustache`).
struct LeadFormsPage: PageModel {
    struct Form {
        var name: String
        var url: String
        var is_active: Bool
        var toggle_url: String
        /// The form's fields, translated and comma-separated.
        var fields: String
        var snippet: String
    }

    var forms: [Form]
    var has_forms: Bool
    var field_choices: [PageChoice]
    var errors: [String: String]
    var has_errors: Bool

    /// The page for `forms`, whose public addresses start with `base`; `snippet` writes a form's HTML.
    static func make(
        _ forms: [LeadForm], base: String, strings: [String: String], errors: [String: String]?,
        snippet: (LeadForm, String) -> String
    ) -> LeadFormsPage {
        LeadFormsPage(
            forms: forms.map { form in
                let url = "\(base)/forms/lead/\(form.key)"
                return Form(
                    name: form.name, url: url, is_active: form.isActive, toggle_url: Paths.leadFormActive(form.id),
                    fields: form.fields.map { strings["field_\($0.rawValue)"] ?? $0.rawValue }.joined(separator: ", "),
                    snippet: snippet(form, url))
            },
            has_forms: !forms.isEmpty,
            field_choices: LeadForm.Field.allCases.map {
                PageChoice(value: $0.rawValue, label: strings["field_\($0.rawValue)"] ?? $0.rawValue, selected: false)
            },
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}

/// A web form as the public sees it. Property names are the template's (`public_form.mustache`).
struct PublicLeadFormPage: PageModel {
    struct Field {
        var name: String
        var label: String
        var value: String
        var is_required: Bool
        var is_textarea: Bool
        var input_type: String
    }

    var form_name: String
    var action: String
    var honeypot: String
    var fields: [Field]
    var errors: [String: String]
    var has_errors: Bool

    /// The page for `form` holding `values` as typed; `honeypot` names the field only bots fill in.
    static func make(
        _ form: LeadForm, values: [String: String], honeypot: String, strings: [String: String],
        errors: [String: String]?
    ) -> PublicLeadFormPage {
        PublicLeadFormPage(
            form_name: form.name, action: Paths.leadForm(form.key), honeypot: honeypot,
            fields: form.fields.map { field in
                Field(
                    name: field.rawValue, label: strings["field_\(field.rawValue)"] ?? field.rawValue,
                    value: values[field.rawValue] ?? "", is_required: form.requiredFields.contains(field),
                    is_textarea: field == .interest,
                    input_type: field == .email ? "email" : (field == .phone ? "tel" : "text"))
            },
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}

/// The thank-you (or slow-down) page after a web form. Property names are the template's (`public_thanks.mustache`).
struct PublicThanksPage: PageModel {
    var message: String
}
