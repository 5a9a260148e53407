import Foundation

/// Reads contacts from vCard 2.1, 3.0 and 4.0 files as exported by phones, mail programs and address books.
///
/// The reader is lenient where real exports are sloppy: lowercase `begin:vcard`, blank lines, text before,
/// between and after cards, CR CR LF line ends, bare 2.1 parameters, quoted-printable values in UTF-8 or Latin-1,
/// and photos are all accepted. Nested `AGENT` cards and `X-` properties are skipped.
///
/// A card with no `END:VCARD` (at the end of the file, or because another `BEGIN:VCARD` follows) is kept when
/// it has an `FN` or `N`, since a cut-off download still carries good contacts; without a name it is more likely
/// garbage than a contact, and reading fails with ``VCardError/unterminatedCard(line:)`` so the user hears
/// about the broken file rather than losing a contact silently. A complete card is always kept, even one
/// without a name (its ``VCardContact/formattedName`` then falls back to the organization, e-mail or phone).
public enum VCardReader {
    /// The contacts in `text`, in file order.
    public static func read(
        _ text: String, limits: VCardReadLimits = VCardReadLimits()
    ) throws(VCardError)
        -> [VCardContact]
    {
        guard text.utf8.count <= limits.maximumBytes else { throw .tooLarge }
        return try contacts(in: text, limits: limits)
    }

    /// The contacts in a file's bytes: UTF-8 with or without a byte order mark, UTF-16 with one, and anything
    /// else as Windows-1252. The size limit applies to the bytes as given.
    public static func read(
        data: Data, limits: VCardReadLimits = VCardReadLimits()
    ) throws(VCardError)
        -> [VCardContact]
    {
        guard data.count <= limits.maximumBytes else { throw .tooLarge }
        return try contacts(in: VCardTextDecoder.decode(data), limits: limits)
    }

    private static func contacts(in text: String, limits: VCardReadLimits) throws(VCardError) -> [VCardContact] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { !isBlank($0) }) else { throw .empty }

        let lines = try VCardLineUnfolder.lines(
            bytes, keeping: VCardContactBuilder.propertyNames, maximumLineLength: limits.maximumLineLength)
        var contacts: [VCardContact] = []
        var hasSeenCard = false
        var card: (builder: VCardContactBuilder, beginLine: Int)?
        var nestedDepth = 0
        var previousName: String?

        func finish(isTerminated: Bool) throws(VCardError) {
            guard let open = card else { return }
            card = nil
            guard isTerminated || open.builder.isNamed else { throw .unterminatedCard(line: open.beginLine) }
            guard contacts.count < limits.maximumCards else { throw .tooManyCards }
            contacts.append(open.builder.build())
        }

        for line in lines {
            let property = line.property
            let isVCard = property.name == "BEGIN" || property.name == "END" ? isVCardValue(property) : false
            switch property.name {
            case "BEGIN" where isVCard:
                hasSeenCard = true
                if card != nil, nestedDepth > 0 || previousName == "AGENT" {
                    nestedDepth += 1
                    continue
                }
                try finish(isTerminated: false)
                card = (VCardContactBuilder(), line.number)
                previousName = nil
            case "END" where isVCard:
                if nestedDepth > 0 {
                    nestedDepth -= 1
                } else {
                    try finish(isTerminated: true)
                }
            default:
                guard nestedDepth == 0, card != nil else { continue }
                card?.builder.add(property)
                previousName = property.name
            }
        }
        try finish(isTerminated: false)
        guard hasSeenCard else { throw .noCards }
        return contacts
    }

    private static func isVCardValue(_ property: VCardProperty) -> Bool {
        VCardEscaping.trimmed(String(decoding: property.rawValue, as: UTF8.self)).uppercased() == "VCARD"
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }
}
