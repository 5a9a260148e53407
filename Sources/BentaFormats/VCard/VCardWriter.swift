import Foundation

/// Writes contacts as vCard 3.0 or 4.0 text that address books, Google Contacts and Outlook import.
///
/// Output is UTF-8 text with CRLF line ends, lines folded at 75 octets (between characters, never inside one),
/// and text values escaped. Each card has `FN` and `N` (both required by 3.0), then whichever of `ORG`,
/// `TITLE`, `TEL`, `EMAIL`, `ADR`, `URL`, `NOTE`, `BDAY` and `UID` the contact has.
public enum VCardWriter {
    /// The cards for `contacts`, one after another.
    public static func write(_ contacts: [VCardContact], version: VCardVersion) -> String {
        var output = ""
        for contact in contacts {
            for line in lines(for: contact, version: version) {
                output += VCardLineFolder.fold(line)
            }
        }
        return output
    }

    /// The unfolded content lines of one card.
    static func lines(for contact: VCardContact, version: VCardVersion) -> [String] {
        var lines = ["BEGIN:VCARD", "VERSION:\(version.text)"]
        let formattedName =
            [
                contact.formattedName, contact.nameFromComponents, contact.organization ?? "",
                contact.emails.first?.value ?? "", contact.phones.first?.value ?? "",
            ]
            .map(clean).first { !$0.isEmpty } ?? ""
        lines.append("FN:" + VCardEscaping.escape(formattedName))
        lines.append(
            "N:"
                + structured([
                    contact.familyName, contact.givenName, contact.additionalNames, contact.honorificPrefix,
                    contact.honorificSuffix,
                ]))
        let organization = clean(contact.organization ?? "")
        let department = clean(contact.department ?? "")
        if !organization.isEmpty || !department.isEmpty {
            lines.append("ORG:" + structured(department.isEmpty ? [organization] : [organization, department]))
        }
        if let title = contact.title.map(clean), !title.isEmpty {
            lines.append("TITLE:" + VCardEscaping.escape(title))
        }
        for phone in contact.phones where !clean(phone.value).isEmpty {
            lines.append(
                "TEL" + parameters(phone.types, isPreferred: phone.isPreferred, version) + ":"
                    + VCardEscaping.escape(clean(phone.value)))
        }
        for email in contact.emails where !clean(email.value).isEmpty {
            lines.append(
                "EMAIL" + parameters(email.types, isPreferred: email.isPreferred, version) + ":"
                    + VCardEscaping.escape(clean(email.value)))
        }
        for address in contact.addresses where !address.isEmpty {
            let components = [
                address.poBox, address.extended, address.street, address.locality, address.region, address.postalCode,
                address.country,
            ]
            lines.append("ADR" + parameters(address.types, isPreferred: false, version) + ":" + structured(components))
        }
        for url in contact.urls {
            // URLs are URIs, not text: they are written unescaped, as RFC 6350 and Google Contacts expect.
            let url = VCardEscaping.trimmed(url.filter { !$0.isNewline })
            if !url.isEmpty { lines.append("URL:" + url) }
        }
        if let note = contact.note, !clean(note).isEmpty {
            lines.append("NOTE:" + VCardEscaping.escape(clean(note)))
        }
        if let birthday = contact.birthday.map(clean), !birthday.isEmpty {
            lines.append("BDAY:" + VCardEscaping.escape(birthday))
        }
        if let uid = contact.uid.map(clean), !uid.isEmpty {
            lines.append("UID:" + VCardEscaping.escape(uid))
        }
        lines.append("END:VCARD")
        return lines
    }

    /// `;TYPE=work,voice`, with `pref` in 3.0 and `;PREF=1` in 4.0; type names are reduced to letters, digits
    /// and hyphens so a label can never break the line.
    private static func parameters(_ types: [String], isPreferred: Bool, _ version: VCardVersion) -> String {
        var names: [String] = []
        for type in types {
            let name = String(type.lowercased().unicodeScalars.filter { isTypeCharacter($0) })
            let isDropped = name.isEmpty || name == "pref" || (version == .v4 && name == "internet")
            if !isDropped, !names.contains(name) { names.append(name) }
        }
        if isPreferred, version == .v3 { names.append("pref") }
        var text = names.isEmpty ? "" : ";TYPE=" + names.joined(separator: ",")
        if isPreferred, version == .v4 { text += ";PREF=1" }
        return text
    }

    private static func isTypeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
    }

    private static func structured(_ components: [String]) -> String {
        components.map { VCardEscaping.escape(clean($0)) }.joined(separator: ";")
    }

    /// Surrounding blanks are dropped, as the reader drops them.
    private static func clean(_ text: String) -> String {
        VCardEscaping.trimmed(text)
    }
}
