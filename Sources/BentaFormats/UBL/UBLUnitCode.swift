import Foundation

/// Maps Benta's free-text units of measure to UN/ECE Recommendation 20 unit codes (EN 16931 BT-130, BR-CL-23).
public enum UBLUnitCode {
    /// "One" (a piece, an item): the fallback for any unit not in the table.
    public static let fallback = "C62"

    /// The UN/ECE Recommendation 20 code for a unit as typed on a line: "pc" → "C62", "hour" → "HUR",
    /// "month" → "MON"; case, surrounding spaces, a trailing period and plural forms are ignored, and an unknown or
    /// empty unit gives `fallback`.
    public static func code(forUnit unit: String) -> String {
        var key = unit.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if key.hasSuffix(".") {
            key.removeLast()
        }
        return table[key] ?? fallback
    }

    private static let table: [String: String] = {
        let groups: [(code: String, names: [String])] = [
            ("C62", ["pc", "pcs", "piece", "pieces", "unit", "units", "ea", "each", "item", "items", "piraso"]),
            ("C62", ["license", "licenses", "licence", "licences", "seat", "seats", "user", "users"]),
            ("HUR", ["hour", "hours", "hr", "hrs", "oras"]),
            ("DAY", ["day", "days", "araw"]),
            ("WEE", ["week", "weeks", "wk", "wks", "linggo"]),
            ("MON", ["month", "months", "mo", "mos", "buwan"]),
            ("ANN", ["year", "years", "yr", "yrs", "taon"]),
            ("MIN", ["minute", "minutes", "min", "mins"]),
            ("SET", ["set", "sets"]),
            ("XBX", ["box", "boxes", "bx", "kahon"]),
            ("KGM", ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"]),
            ("GRM", ["gram", "grams"]),
            ("LTR", ["liter", "liters", "litre", "litres"]),
            ("MTR", ["meter", "meters", "metre", "metres"]),
            ("LO", ["lot", "lots"]),
        ]
        var table: [String: String] = [:]
        for group in groups {
            for name in group.names {
                table[name] = group.code
            }
        }
        return table
    }()
}
