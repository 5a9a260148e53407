import Foundation

/// Tasks made by Benta itself (the dunning run, the renewal sweep) keep a message key and its arguments
/// (`SystemText`, JSON) beside their English title and notes, so pages show them in the reader's language (issue 14).
/// Older rows have none and read as they were written.
struct M0035_SystemTexts: Migration {
    let number = 35
    let name = "system_texts"

    func statements(for engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE tasks ADD COLUMN system_text TEXT"]
    }
}
