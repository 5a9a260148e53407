import Foundation

/// The `record_picker` partial's values: one record picked from a long list (see ``RecordPicker``). A page embeds
/// it under the name its template opens the partial with (`{{#account_picker}}{{> record_picker}}{{/account_picker}}`).
struct RecordPickerField {
    /// One record the picker offers.
    struct Option {
        var id: String
        var label: String
        var selected: Bool
    }

    /// The form field that carries the chosen ID; the picker's inputs are named after it.
    var field: String
    var label: String
    /// The empty choice of a select (unused for checkboxes).
    var none_label: String
    var required: Bool
    /// Checkboxes instead of a select.
    var multiple: Bool
    /// The text searched for.
    var query: String
    var shows_search: Bool
    var search_label: String
    var options: [Option]
    var has_options: Bool
    var has_more: Bool
    /// The `pick` value of the "more matches" button (`field:cursor`).
    var more_value: String
    var hint: String
    var has_hint: Bool
    var has_error: Bool
    var error: String?
    var in_search_form: Bool
    /// The id of the separate GET form the search belongs to.
    var search_form: String?

}

extension RecordPicker {
    /// The typed values for the `record_picker` partial. `noneLabel` is the empty choice of a select (ignored for
    /// checkboxes); `searchForm` is the id of a separate GET form the search field and buttons belong to, for a
    /// form that cannot be sent back (a file upload).
    func partial(
        label: String, noneLabel: String = "", isRequired: Bool = false, isMultiple: Bool = false,
        error: String? = nil, searchForm: String? = nil, strings: [String: String]
    ) -> RecordPickerField {
        var hints: [String] = []
        if isListed && !query.isEmpty && options.count == chosen.count {
            hints.append(
                (strings["picker_no_matches"] ?? "No matches for “{query}”.").replacingOccurrences(
                    of: "{query}", with: query))
        } else if isListed && !query.isEmpty {
            hints.append(
                (strings["picker_matches"] ?? "Matches for “{query}”.").replacingOccurrences(
                    of: "{query}", with: query))
        }
        if nextCursor != nil {
            hints.append(strings["picker_hint_more"] ?? "Search to find others, or show more matches.")
        } else if !isListed {
            hints.append(strings["picker_hint_search"] ?? "Search to choose another.")
        }
        // A list read whole from its start needs no search; any other needs one to reach the rest.
        let showsSearch = !isListed || nextCursor != nil || !query.isEmpty || isContinued
        return RecordPickerField(
            field: field, label: label, none_label: noneLabel, required: isRequired, multiple: isMultiple,
            query: query, shows_search: showsSearch,
            search_label: (strings["picker_search_for"] ?? "Search: {label}").replacingOccurrences(
                of: "{label}", with: label),
            options: options.map { .init(id: $0.id, label: $0.label, selected: chosen.contains($0.id)) },
            has_options: !options.isEmpty, has_more: nextCursor != nil,
            more_value: nextCursor.map { "\(field):\($0)" } ?? "", hint: hints.joined(separator: " "),
            has_hint: !hints.isEmpty, has_error: error != nil, error: error, in_search_form: searchForm != nil,
            search_form: searchForm)
    }
}
