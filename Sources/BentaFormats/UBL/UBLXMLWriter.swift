import BentaCore
import Foundation

/// Builds indented XML text element by element; every value and attribute goes through `UBLXMLText`.
struct UBLXMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    /// Opens an element that will hold child elements.
    mutating func start(_ name: String, attributes: [(String, String?)] = []) {
        text += indentation + "<" + name + Self.render(attributes) + ">\n"
        open.append(name)
    }

    /// Closes the innermost open element.
    mutating func end() {
        guard let name = open.popLast() else { return }
        text += indentation + "</" + name + ">\n"
    }

    /// Opens an element, lets `body` write its children, and closes it.
    mutating func group(
        _ name: String, attributes: [(String, String?)] = [], _ body: (inout UBLXMLWriter) -> Void
    ) {
        start(name, attributes: attributes)
        body(&self)
        end()
    }

    /// A leaf element with text content; nothing at all when the content is nil or blank (no empty elements).
    mutating func leaf(_ name: String, _ value: String?, attributes: [(String, String?)] = []) {
        guard let content = UBLXMLText.content(value) else { return }
        let tag = name + Self.render(attributes)
        text += indentation + "<\(tag)>\(UBLXMLText.escaped(content))</\(name)>\n"
    }

    /// A leaf amount such as `<cbc:PayableAmount currencyID="PHP">1234.50</cbc:PayableAmount>`.
    mutating func amount(_ name: String, _ money: Money?) {
        guard let money else { return }
        leaf(name, money.decimalString, attributes: [("currencyID", money.currency.code)])
    }

    /// The root element's closing tag, once everything else is written.
    mutating func finish() -> String {
        while !open.isEmpty {
            end()
        }
        return text
    }

    private var indentation: String { String(repeating: "  ", count: open.count) }

    private static func render(_ attributes: [(String, String?)]) -> String {
        var result = ""
        for case (let name, let value?) in attributes {
            guard let value = UBLXMLText.content(value) else { continue }
            result += " " + name + "=\"" + UBLXMLText.escapedAttribute(value) + "\""
        }
        return result
    }
}
