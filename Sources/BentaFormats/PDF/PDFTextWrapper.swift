/// Breaks encoded text into lines that fit a width, for paragraphs and table cells.
///
/// Lines break at spaces (runs of spaces collapse to one); a word wider than the whole line is split between
/// characters. Kerning is not applied, matching how the text is drawn.
struct PDFTextWrapper: Sendable {
    /// The font the text is measured in.
    var font: PDFFont
    /// The font size in points.
    var size: Double
    /// The widest a line may be, in points.
    var maximumWidth: Double

    /// Wraps text that may hold line breaks; every break starts a new line, and a blank line stays blank.
    func lines(of text: String) -> [[UInt8]] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).flatMap { line in
            lines(ofEncoded: PDFWinAnsiEncoder.encode(String(line)))
        }
    }

    /// Wraps one line of WinAnsi bytes; returns one empty line for empty input.
    func lines(ofEncoded bytes: [UInt8]) -> [[UInt8]] {
        let space: UInt8 = 0x20
        let spaceWidth = font.width(ofEncoded: [space], size: size)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var currentWidth = 0.0
        for word in bytes.split(separator: space) {
            let wordWidth = font.width(ofEncoded: word, size: size)
            if current.isEmpty {
                // Nothing to add the word to: it starts the line, split if it is wider than the line.
            } else if currentWidth + spaceWidth + wordWidth <= maximumWidth + tolerance {
                current.append(space)
                current += word
                currentWidth += spaceWidth + wordWidth
                continue
            } else {
                lines.append(current)
            }
            var pieces = split(Array(word))
            current = pieces.removeLast()
            lines += pieces
            currentWidth = font.width(ofEncoded: current, size: size)
        }
        lines.append(current)
        return lines
    }

    /// Splits one word into pieces no wider than the line; every piece holds at least one character.
    private func split(_ word: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var piece: [UInt8] = []
        var pieceWidth = 0.0
        for byte in word {
            let width = font.width(ofEncoded: [byte], size: size)
            if !piece.isEmpty && pieceWidth + width > maximumWidth + tolerance {
                pieces.append(piece)
                piece = []
                pieceWidth = 0
            }
            piece.append(byte)
            pieceWidth += width
        }
        pieces.append(piece)
        return pieces
    }

    // Widths are sums of exact thousandths; this only absorbs floating-point noise.
    private var tolerance: Double { 0.000_1 }
}
