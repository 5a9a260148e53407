import BentaCore
import Foundation

extension FuzzTarget {
    /// Every format Benta reads from outside, plus the iCalendar feed writer fed hostile text.
    public static let all: [FuzzTarget] = [camt, mt940, ofx, bankCSV, csvImport, vCard, mail, multipart, iCalendar]

    /// The target with this name, if any.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }

    // MARK: - Bank files

    static let camt = FuzzTarget(
        name: "camt", seedsFrom: { path($0, in: "bank/camt", extensions: ["xml"]) },
        keywords: [
            "<Ntry>", "</Ntry>", "<Amt Ccy=\"PHP\">", "<CdtDbtInd>DBIT</CdtDbtInd>", "<Bal>", "<Stmt>", "<NtryDtls>",
            "<TxDtls>", "<BookgDt><Dt>2025-02-30</Dt></BookgDt>", "<!DOCTYPE a [<!ENTITY x \"y\">]>", "&x;", "&amp;",
            "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"",
            "&#0;", "&#xFFFF;",
        ],
        nesting: ("<Ntry>", "</Ntry>"), feed: bankFeed(CamtReader.read))

    static let mt940 = FuzzTarget(
        name: "mt940", seedsFrom: { path($0, in: "bank/mt940", extensions: ["sta", "txt", "940", "mt940"]) },
        keywords: [
            ":20:", ":25:", ":28C:", ":60F:C250101PHP", ":61:2501020102C1000,00NTRFNONREF//", ":62F:D", ":64:", ":86:",
            "{1:", "{4:", "-}", "\r\n", "\n:61:", "C999999999999999,99", "?20", "/REMI/",
        ],
        nesting: ("{4:", "-}"), feed: bankFeed(MT940Reader.read))

    static let ofx = FuzzTarget(
        name: "ofx", seedsFrom: { path($0, in: "bank/ofx", extensions: ["ofx", "qfx", "xml"]) },
        keywords: [
            "<STMTTRN>", "</STMTTRN>", "<TRNAMT>", "<DTPOSTED>20251301", "<BANKTRANLIST>", "<STMTRS>", "<LEDGERBAL>",
            "<CURDEF>", "OFXHEADER:100\r\n", "<?OFX OFXHEADER=\"200\"?>", "<!DOCTYPE OFX>", "&amp;", "&#x0;",
        ],
        nesting: ("<STMTTRN>", "</STMTTRN>"), feed: bankFeed(OFXReader.read))

    /// Bank CSV through the reader that picks the format and profile, or through a ready profile chosen by the input.
    static let bankCSV = FuzzTarget(
        name: "bank-csv", seedsFrom: { path($0, in: "bank/csv", extensions: ["csv"]) },
        keywords: [
            ",", ";", "\"", "\"\"", "\r\n", "\n", "Date,Description,Amount\n", "1,234.56", "(1,000.00)", "31/02/2025",
        ],
        nesting: ("\"", "\""),
        feed: { bytes in
            let profiles = BankCSVProfile.ready
            let choice = bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % (profiles.count + 1)
            let profile = choice < profiles.count ? profiles[choice] : nil
            return bankFeed { data throws(BankFileError) in try BankFileReader.read(data, profile: profile) }(bytes)
        })

    private static func bankFeed(
        _ read: @escaping @Sendable (Data) throws(BankFileError) -> BankFile
    ) -> @Sendable ([UInt8]) -> FuzzOutcome {
        { bytes in
            do throws(BankFileError) {
                let file = try read(Data(bytes))
                return accepted(warnings: file.warnings.map(\.message))
            } catch {
                return rejected(error.description)
            }
        }
    }

    // MARK: - CSV import

    /// A CRM export through the import's own path: decode, read, detect the preset, map and clean every row for
    /// every kind of record.
    static let csvImport = FuzzTarget(
        name: "csv-import", seedsFrom: { path($0, in: "crm-csv", extensions: ["csv"]) },
        keywords: [",", ";", "\t", "\"", "\"\"", "\r", "\n", "=HYPERLINK(\"x\")", "Email,Phone,Company\n", "\u{FEFF}"],
        nesting: ("\"", "\""),
        feed: { bytes in
            let table: CSVTable
            do throws(CSVError) {
                table = try CSVReader().read(Data(bytes))
            } catch {
                return rejected(error.message)
            }
            let preset = ImportMapping.detectPreset(header: table.header)
            var problems: [String] = []
            for entity in ImportEntity.allCases {
                let mapping = ImportMapping.preset(preset, entity: entity, header: table.header)
                let indexes = mapping.columnIndexes(in: table.header)
                for row in table.rows {
                    _ = mapping.record(from: row, columnIndexes: indexes)
                    if let extra = ImportRowError.extraFields(in: row, header: table.header) {
                        problems.append(extra.description)
                    }
                }
            }
            return accepted(warnings: problems)
        })

    // MARK: - vCard and mail

    static let vCard = FuzzTarget(
        name: "vcard", seedsFrom: { path($0, in: "vcard", extensions: ["vcf", "vcard"]) },
        keywords: [
            "BEGIN:VCARD\r\n", "END:VCARD\r\n", "VERSION:2.1\r\n", "FN:", "N:;;;;", "EMAIL;TYPE=INTERNET:",
            "TEL;CELL:", "ADR;HOME:;;;;;;", ";ENCODING=QUOTED-PRINTABLE:", "=\r\n", "=C3=", "\r\n ", "\\n", "\\;",
            "PHOTO;ENCODING=b:", "AGENT:BEGIN:VCARD", ";CHARSET=", "item1.",
        ],
        nesting: ("BEGIN:VCARD\r\nAGENT:", "END:VCARD\r\n"),
        feed: { bytes in
            do throws(VCardError) {
                _ = try VCardReader.read(data: Data(bytes))
                return .accepted
            } catch {
                return rejected(error.message)
            }
        })

    static let mail = FuzzTarget(
        name: "mail", seedsFrom: { path($0, in: "mail", extensions: ["eml"]) },
        keywords: [
            "From: ", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=\"b\"\r\n", "--b\r\n", "--b--", "=?UTF-8?B?",
            "=?ISO-8859-1?Q?", "?=", "Content-Transfer-Encoding: base64\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n",
            "filename*=UTF-8''", "Content-Disposition: attachment; filename=", "\r\n\t", "<>", "@", "charset=",
        ],
        nesting: ("Content-Type: multipart/mixed; boundary=\"n\"\r\n\r\n--n\r\n", ""),
        feed: { bytes in
            do throws(MailParseError) {
                _ = try MailParser().parse(bytes)
                return .accepted
            } catch {
                return rejected(error.message)
            }
        })

    // MARK: - Multipart forms

    static let multipartBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// Upload bodies as a browser sends them, each carrying one sample (CSV, vCard, statement) as its file.
    static let multipart = FuzzTarget(
        name: "multipart",
        seedsFrom: { path in
            ["csv", "vcf", "sta", "ofx"].contains { path.hasSuffix("." + $0) } && !path.contains("/xsd/")
        },
        makeSeeds: { files in
            files.prefix(40).enumerated().map { index, file in
                formBody(file: Array(file.prefix(16 * 1024)), filename: "upload-\(index).csv")
            }
        },
        keywords: [
            "--\(multipartBoundary)\r\n", "--\(multipartBoundary)--", "Content-Disposition: form-data; name=\"f\"\r\n",
            "; filename=\"../../etc/passwd\"", "; filename*=UTF-8''%E2%82%AC%00.csv", "\r\n\r\n", "\r\n \t",
            "Content-Type: text/csv\r\n", "; name=\"", "\\\"",
        ],
        nesting: ("--\(multipartBoundary)\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n", ""),
        feed: { bytes in
            let boundary = leadingBoundary(in: bytes) ?? multipartBoundary
            let form: MultipartFormData
            do throws(MultipartError) {
                form = try MultipartFormData(bytes: bytes, boundary: boundary)
            } catch {
                return rejected(error.message)
            }
            for part in form.parts {
                guard let filename = part.filename else { continue }
                if filename.contains("/") || filename.contains("\\") || filename == ".." {
                    return .failed(reason: "a file name keeps a path: \(filename.debugDescription)")
                }
                if filename.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    return .failed(reason: "a file name keeps control characters: \(filename.debugDescription)")
                }
            }
            return .accepted
        })

    static func formBody(file: [UInt8], filename: String) -> [UInt8] {
        let delimiter = "--\(multipartBoundary)\r\n"
        let head =
            delimiter + "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\nq8Zr3v1L-kP0aX9mWcT2\r\n" + delimiter
            + "Content-Disposition: form-data; name=\"entity\"\r\n\r\ncontacts\r\n" + delimiter
            + "Content-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: text/csv\r\n\r\n"
        return Array(head.utf8) + file + Array("\r\n--\(multipartBoundary)--\r\n".utf8)
    }

    /// The boundary named by the body's first line (`--boundary`), when it is a valid one.
    static func leadingBoundary(in bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("--".utf8)) else { return nil }
        let line = bytes.dropFirst(2).prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let boundary = String(decoding: line.prefix(80), as: UTF8.self)
        return MultipartFormData.isValidBoundary(boundary) ? boundary : nil
    }
}
