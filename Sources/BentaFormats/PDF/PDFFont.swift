/// One of the standard PDF fonts every viewer has, so nothing is embedded.
///
/// Text is drawn with `/WinAnsiEncoding` (Windows-1252): enough for English and Filipino, including ñ, Ñ and
/// accented vowels. Characters outside it are replaced by `PDFWinAnsiEncoder`, the peso sign by "PHP".
public enum PDFFont: Sendable, Hashable, CaseIterable {
    /// Helvetica, for body text.
    case helvetica
    /// Helvetica-Bold, for headings, table headers and totals.
    case helveticaBold

    /// The font's PostScript name, as written in `/BaseFont`.
    public var postScriptName: String {
        switch self {
        case .helvetica: return "Helvetica"
        case .helveticaBold: return "Helvetica-Bold"
        }
    }

    /// The name the page resources give the font in content streams.
    var resourceName: String {
        switch self {
        case .helvetica: return "F1"
        case .helveticaBold: return "F2"
        }
    }

    /// The width of `text` in points when drawn at `size`, after the same character replacement drawing does.
    public func width(of text: String, size: Double) -> Double {
        width(ofEncoded: PDFWinAnsiEncoder.encode(text), size: size)
    }

    /// The width of already encoded WinAnsi bytes at `size`, in points.
    func width(ofEncoded bytes: some Sequence<UInt8>, size: Double) -> Double {
        var units = 0
        for byte in bytes {
            units += advance(of: byte)
        }
        return Double(units) * size / 1000
    }

    /// The advance width of one WinAnsi code in 1/1000 em; 0 for control and undefined codes.
    func advance(of byte: UInt8) -> Int {
        guard byte >= PDFFontMetrics.firstCode else { return 0 }
        let index = Int(byte - PDFFontMetrics.firstCode)
        switch self {
        case .helvetica: return Int(PDFFontMetrics.helvetica[index])
        case .helveticaBold: return Int(PDFFontMetrics.helveticaBold[index])
        }
    }
}
