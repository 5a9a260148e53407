import Testing

@testable import BentaStore

/// A row's columns found by name through the statement's own table (issue 11), as the dictionary it replaced found
/// them: every name at its place, the first of a repeated name, nothing for another name or another case.
@Suite(.timeLimit(.minutes(20))) struct SQLiteColumnNamesTests {
    @Test func everyNameIsFoundAtItsPlaceAndTheFirstOfARepeatedOneWins() {
        let names = ["id", "company_id", "name", "id", "delivery_address", "", "ñame", "a.b", "name"]
        let columns = SQLiteColumnNames(names)
        #expect(columns.count == names.count)
        for (place, name) in names.enumerated() {
            #expect(columns.place(of: name) == names.firstIndex(of: name), "\(name) at \(place)")
        }
        for other in ["ID", "Name", "company", "company_id ", "nam", "e"] {
            #expect(columns.place(of: other) == nil, "\(other)")
        }
        #expect(SQLiteColumnNames([]).place(of: "id") == nil)
    }

    /// Many names fill the table half full, so slots are shared and probed past: each is still found.
    @Test func aWideRowFindsEachColumn() {
        let names = (0..<300).map { "column_\($0)" } + (0..<300).map { "c\($0)" }
        let columns = SQLiteColumnNames(names)
        for (place, name) in names.enumerated() { #expect(columns.place(of: name) == place) }
        #expect(columns.place(of: "column_300") == nil && columns.place(of: "c300") == nil)
    }
}
