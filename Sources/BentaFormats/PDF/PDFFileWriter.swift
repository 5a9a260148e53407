/// Assembles numbered objects into a PDF 1.4 file with a cross-reference table and trailer.
///
/// Objects must be added as 1, 2, 3 … in order; the writer records each one's byte offset for the `xref`.
struct PDFFileWriter: Sendable {
    /// The file so far.
    private(set) var bytes: [UInt8] = []
    /// The byte offset of object `n` at index `n - 1`.
    private var offsets: [Int] = []

    /// Starts the file: the version line, then a comment of high bytes that marks the file as binary.
    init() {
        bytes += Array("%PDF-1.4\n".utf8)
        bytes += [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    }

    /// The number the next added object gets.
    var nextObjectNumber: Int { offsets.count + 1 }

    /// Adds an object whose body is `body`, e.g. a dictionary.
    mutating func addObject(_ body: String) {
        beginObject()
        bytes += Array(body.utf8)
        bytes += Array("\nendobj\n".utf8)
    }

    /// Adds a stream object; `/Length` is the exact byte count of `data`.
    mutating func addStream(_ data: [UInt8]) {
        beginObject()
        bytes += Array("<< /Length \(data.count) >>\nstream\n".utf8)
        bytes += data
        bytes += Array("\nendstream\nendobj\n".utf8)
    }

    /// Appends the cross-reference table and the trailer, and returns the finished file.
    func finish(root: Int, info: Int) -> [UInt8] {
        var output = bytes
        let xrefOffset = output.count
        let size = offsets.count + 1
        var table = "xref\n0 \(size)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(size) /Root \(root) 0 R /Info \(info) 0 R >>\n"
        table += "startxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(table.utf8)
        return output
    }

    private mutating func beginObject() {
        offsets.append(bytes.count)
        bytes += Array("\(offsets.count) 0 obj\n".utf8)
    }
}
