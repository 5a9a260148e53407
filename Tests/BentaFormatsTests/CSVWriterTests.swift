import Foundation
import Testing

@testable import BentaFormats

@Suite struct CSVWriterTests {
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

    /// The OWASP-style sample file in shared/testdata, if present, never yields a cell that starts a formula.
    @Test func formulaInjectionSamplesAreNeutralized() throws {
        let payloads = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
        for payload in payloads {
            let cell = CSVWriter.field(payload)
            let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
            #expect(unquoted.hasPrefix("'"), "\(payload) was not neutralized")
        }
    }
}
