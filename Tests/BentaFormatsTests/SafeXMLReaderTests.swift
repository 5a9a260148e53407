import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct SafeXMLReaderTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: TestFiles.fixture("bank/camt/\(name)"))
    }

    static func error<Value>(_ body: () throws(BankFileError) -> Value) -> BankFileError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Refused for safety

    @Test func externalEntityIsRefusedAndNeverResolved() throws {
        let data = try Self.fixture("xxe-external-entity.xml")
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse(data) }
        #expect(error?.code == .forbidden)
        #expect(error?.position == "line 2")
        #expect(error?.message.contains("DOCTYPE") == true)
        // The camt reader refuses it the same way, so no text of /etc/passwd can reach a statement.
        let camtError = Self.error { () throws(BankFileError) in try CamtReader.read(data) }
        #expect(camtError?.code == .forbidden)
    }

    @Test func billionLaughsIsRefusedBeforeAnyExpansion() throws {
        let data = try Self.fixture("billion-laughs.xml")
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse(data) }
        #expect(error?.code == .forbidden)
        #expect(error?.position == "line 2")
    }

    @Test func anEntityThatWasNeverDeclaredIsMalformedNotExpanded() {
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse("<a>\n&ha9;</a>") }
        #expect(error?.code == .malformed)
        #expect(error?.position == "line 2")
        #expect(error?.message.contains("&ha9;") == true)
    }

    @Test func anEntityDeclarationWithoutDoctypeIsRefused() {
        let error = Self.error { () throws(BankFileError) in
            try SafeXMLReader().parse("<a><!ENTITY x \"y\"></a>")
        }
        #expect(error?.code == .forbidden)
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse(deep) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("64") == true)
        let allowed = String(repeating: "<a>", count: 64) + "x" + String(repeating: "</a>", count: 64)
        var element = try? SafeXMLReader().parse(allowed)
        var depth = 0
        while let current = element {
            depth += 1
            element = current.children.first
        }
        #expect(depth == 64)
    }

    @Test func tooManyElementsAndTooManyBytesAreRefused() {
        let many = "<r>" + String(repeating: "<e/>", count: 10) + "</r>"
        let countError = Self.error { () throws(BankFileError) in
            try SafeXMLReader(maximumElements: 10).parse(many)
        }
        #expect(countError?.code == .tooLarge)
        #expect(Self.error { () throws(BankFileError) in try SafeXMLReader(maximumElements: 11).parse(many) } == nil)
        let sizeError = Self.error { () throws(BankFileError) in try SafeXMLReader(maximumBytes: 10).parse(many) }
        #expect(sizeError?.code == .tooLarge)
    }

    @Test func tooManyAttributesAreRefused() {
        let attributes = (0..<257).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse("<r \(attributes)/>") }
        #expect(error?.code == .tooLarge)
        let repeated = Self.error { () throws(BankFileError) in try SafeXMLReader().parse("<r a=\"1\" a=\"2\"/>") }
        #expect(repeated?.code == .malformed)
    }

    // MARK: - Malformed input names its line

    @Test func mismatchedEndTagNamesBothLines() throws {
        let data = try Self.fixture("mismatched-tags.xml")
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse(data) }
        #expect(error?.code == .malformed)
        #expect(error?.position == "line 6")
        #expect(error?.message == "the end tag </Statement> does not match <Stmt> opened on line 4")
    }

    @Test(arguments: [
        ("<a>\n<b>\n</a>", "line 3"),
        ("<a>\n<b>text", "line 2"),
        ("<a x=1></a>", "line 1"),
        ("<a>\n</a>\n<b/>", "line 3"),
        ("text<a/>", "line 1"),
        ("<a><![CDATA[open</a>", "line 1"),
        ("<a>&#0;</a>", "line 1"),
        ("<a>&#xD800;</a>", "line 1"),
        ("<a>AT&T</a>", "line 1"),
        ("", "line 1"),
    ])
    func malformedInputIsMalformedWithALine(input: String, position: String) {
        let error = Self.error { () throws(BankFileError) in try SafeXMLReader().parse(input) }
        #expect(error?.code == .malformed)
        #expect(error?.position == position)
    }

    @Test func unclosedElementNamesWhereItOpened() {
        let error = Self.error { () throws(BankFileError) in
            try SafeXMLReader().parse("<Document>\n  <Stmt>\n    <Id>1</Id>\n</Document>")
        }
        #expect(error?.message == "the end tag </Document> does not match <Stmt> opened on line 2")
        let unclosed = Self.error { () throws(BankFileError) in try SafeXMLReader().parse("<a>\n<b></b>\n") }
        #expect(unclosed?.message == "the element <a> opened on line 1 is never closed")
    }

    // MARK: - What is decoded

    @Test func predefinedAndNumericEntitiesAndCDATADecode() throws {
        let root = try SafeXMLReader().parse(
            "<r a=\"&quot;Tala&quot; &amp; &#241;\">&lt;x&gt; &apos;&#8369;&#x20B1;&apos;"
                + "<![CDATA[<b>&amp;</b>]]></r>")
        #expect(root.attribute("a") == "\"Tala\" & ñ")
        #expect(root.text == "<x> '₱₱'<b>&amp;</b>")
    }

    @Test func byteOrderMarkDeclarationCommentsAndInstructionsAreSkipped() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(
            Data(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a <comment> -->\n<?pi data?>\n<r><!-- x -->Peñafrancia</r>\n"
                    .utf8))
        let root = try SafeXMLReader().parse(data)
        #expect(root.name == "r")
        #expect(root.text == "Peñafrancia")
        #expect(root.line == 4)
    }

    @Test func latin1DeclaredFilesAreTranscoded() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>Pe".utf8)
        data.append(0xF1)  // ñ in ISO-8859-1
        data.append(Data("a</r>".utf8))
        #expect(try SafeXMLReader().parse(data).text == "Peña")
    }

    @Test func prefixesAreStrippedAndNamespacesKept() throws {
        let root = try SafeXMLReader().parse(
            """
            <c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:x="urn:other">
              <c:Stmt x:kind="test"><c:Acct><c:Id><c:IBAN> PH00 </c:IBAN></c:Id></c:Acct></c:Stmt>
              <Plain xmlns="urn:default"/>
            </c:Document>
            """)
        #expect(root.name == "Document")
        #expect(root.namespace == "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08")
        #expect(root.child("Stmt")?.attribute("kind") == "test")
        #expect(root.path("Stmt", "Acct", "Id", "IBAN")?.text == " PH00 ")
        #expect(root.string("Stmt", "Acct", "Id", "IBAN") == "PH00")
        #expect(root.child("Plain")?.namespace == "urn:default")
        #expect(root.children("Stmt").count == 1)
        #expect(root.path("Stmt", "Missing") == nil)
        #expect(root.child("Stmt")?.line == 2)
    }

    @Test func lineEndsAreNormalised() throws {
        let root = try SafeXMLReader().parse("<r>a\r\nb\rc</r>")
        #expect(root.text == "a\nb\nc")
    }
}
