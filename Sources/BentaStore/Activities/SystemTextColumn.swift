import BentaCore
import Foundation
import SQLKit

/// The `system_text` column of tasks, activities and credit holds: a ``SystemText`` as JSON with sorted keys, or
/// NULL. A value that does not decode reads as none, so the row shows its stored English.
enum SystemTextColumn {
    static func encode(_ text: SystemText?) throws -> String? {
        guard let text else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(text), as: UTF8.self)
    }

    static func decode(_ row: any SQLRow) throws -> SystemText? {
        try row.optionalString("system_text").flatMap {
            try? StoredJSON.decode(SystemText.self, from: $0)
        }
    }
}
