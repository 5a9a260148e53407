import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+639171234567", "'+639171234567"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("Peñaflor", "Peñaflor"),
    ])
    func fieldsAreEscapedAndFormulasNeutralized(input: String, expected: String) {
        #expect(CSVWriter.field(input) == expected)
    }

    @Test func documentHasBOMHeaderAndCRLFRows() {
        var writer = CSVWriter(header: ["name", "tin"])
        writer.appendRow(["Tala Foods", "123-456-789-00000"])
        #expect(writer.text == "\u{FEFF}name,tin\r\nTala Foods,123-456-789-00000\r\n")
    }

    /// Formula payloads (the OWASP list, and every cell of the formula-injection fixture that starts with a formula
    /// character) never yield a cell that a spreadsheet would evaluate.
    @Test func formulaInjectionSamplesAreNeutralized() throws {
        var payloads = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
        let fixture = try CSVReader().read(
            Data(contentsOf: TestFiles.fixture("crm-csv/edge-cases/formula-injection.csv")))
        let fixtureCells = fixture.rows.flatMap(\.fields).filter { $0.first.map("=+-@".contains) == true }
        #expect(fixtureCells.count == 5)
        payloads += fixtureCells
        for payload in payloads {
            let cell = CSVWriter.field(payload)
            let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
            #expect(unquoted.hasPrefix("'"), "\(payload) was not neutralized")
        }
    }
}
