import BentaCore
import Foundation

/// Reads a bank file of any supported format: recognises camt (XML with a `BkToCstmr…` message), OFX (an
/// `OFXHEADER` or an `<OFX>` element), MT940/MT942 (`:20:` and `:61:`/`:62` tags) from the content, and CSV through
/// a profile (the one given, else one guessed from the header line).
public enum BankFileReader {
    /// What the content looks like.
    public static func detect(_ data: Data) -> BankFileFormat? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("OFXHEADER") || head.contains("<OFX>") || head.contains("<?OFX") { return .ofx1 }
        if trimmed.hasPrefix("<") {
            if head.contains("camt.052") || head.contains("BkToCstmrAcctRpt") { return .camt052 }
            if head.contains("camt.054") || head.contains("BkToCstmrDbtCdtNtfctn") { return .camt054 }
            return .camt053
        }
        if head.contains(":20:") && (head.contains(":61:") || head.contains(":60F:") || head.contains(":62F:")) {
            return .mt940
        }
        if head.contains(",") || head.contains(";") || head.contains("\t") { return .csv }
        return nil
    }

    /// Reads `data`; `profile` is used for CSV (when nil, a ready profile is chosen by the header's names).
    public static func read(_ data: Data, profile: BankCSVProfile? = nil) throws(BankFileError) -> BankFile {
        guard data.count <= BankFileRules.maximumBytes else {
            throw BankFileError(code: .tooLarge, message: "The file is larger than 50 MiB.")
        }
        switch detect(data) {
        case .ofx1, .ofx2: return try OFXReader.read(data)
        case .camt052, .camt053, .camt054: return try CamtReader.read(data)
        case .mt940, .mt942: return try MT940Reader.read(data)
        case .csv:
            if let profile { return try BankCSVReader(profile: profile).read(data) }
            guard let guessed = guessProfile(data) else {
                throw BankFileError(
                    code: .unrecognised,
                    message: "The CSV columns match no bank profile; choose the bank's profile.")
            }
            return try BankCSVReader(profile: guessed).read(data)
        case nil:
            throw BankFileError(
                code: .unrecognised,
                message: "Not a bank statement Benta reads (camt.052/053/054, MT940, OFX or CSV).")
        }
    }

    /// A ready profile whose columns appear in one of the first 30 lines.
    static func guessProfile(_ data: Data) -> BankCSVProfile? {
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline).prefix(30) {
            for separator in [",", ";", "\t"] where line.contains(separator) {
                let cells = line.split(separator: Character(separator), omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                }
                if let profile = BankCSVReader.guessProfile(headerCells: cells) { return profile }
            }
        }
        return nil
    }
}
