extension PageChoice {
    /// A select's choices: one for each of `values`, in order, labelled with the text `labelKey` names for it in
    /// `strings` (the value itself where there is none), the one equal to `selected` marked. The payment form's
    /// methods and the bank CSV profile form's delimiters, amount kinds and decimal separators are built so.
    static func labelled(
        _ values: [String], selected: String, strings: [String: String], labelKey: (String) -> String
    ) -> [PageChoice] {
        values.map { PageChoice(value: $0, label: strings[labelKey($0)] ?? $0, selected: $0 == selected) }
    }
}
