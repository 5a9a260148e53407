import Foundation

/// Timeline entries Benta writes itself (a system-made task completed, a quote or contract emailed) and credit holds
/// the dunning ladder places keep a message key and its arguments (`SystemText`, JSON) beside their English, as tasks
/// do since migration 35, so pages show them in the reader's language (issue 14). Older rows have none and read as
/// they were written.
struct M0040_MoreSystemTexts: Migration {
    let number = 40
    let name = "more_system_texts"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE activities ADD COLUMN system_text TEXT",
            "ALTER TABLE credit_holds ADD COLUMN system_text TEXT",
        ]
    }
}
