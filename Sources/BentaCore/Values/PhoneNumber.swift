import Foundation

/// A phone number normalized to E.164 ("+639171234567"), with an optional extension kept apart.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The E.164 form: "+", calling code, national significant number; no spaces.
    public let e164: String
    /// The extension digits ("ext. 123", "x123", "loc 12" → "123"), not part of `e164`.
    public let `extension`: String?

    /// Normalizes a number as typed by a person.
    ///
    /// "+" or "00" starts an international number. Otherwise digits that begin with the default country's
    /// calling code and have the right length are read as international without "+"; anything else is a
    /// national number whose trunk prefix ("0" in PH) is replaced by the calling code.
    public init(parsing input: String, defaultCountry: CountryCode) throws(PhoneNumberError) {
        let (main, extensionDigits) = Self.splitExtension(input.trimmingCharacters(in: .whitespacesAndNewlines))
        var digits = ""
        var hasPlus = false
        var sawContent = false
        for scalar in main.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.unicodeScalars.append(scalar)
                sawContent = true
            case "+":
                guard !sawContent, !hasPlus else { throw .invalidCharacters }
                hasPlus = true
            case " ", "-", ".", "(", ")", "/", "\t", "\u{00A0}":
                continue
            default:
                throw .invalidCharacters
            }
        }
        guard !digits.isEmpty else { throw hasPlus ? .tooShort : .empty }

        var international: String
        if hasPlus {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else if digits.hasPrefix(defaultCountry.callingCode),
            defaultCountry.nationalNumberLengths.contains(digits.count - defaultCountry.callingCode.count)
        {
            international = digits
        } else {
            var national = Substring(digits)
            if let trunk = defaultCountry.trunkPrefix, national.hasPrefix(trunk) {
                national = national.dropFirst(trunk.count)
            }
            international = defaultCountry.callingCode + national
        }

        // People often write "+63 (0) 917 …"; the trunk "0" never belongs after the calling code.
        if let country = CountryCode.matching(internationalDigits: international), country.trunkPrefix == "0" {
            let national = international.dropFirst(country.callingCode.count)
            if national.hasPrefix("0") {
                international = country.callingCode + national.dropFirst()
            }
        }

        guard international.count >= 8 else { throw .tooShort }
        guard international.count <= 15 else { throw .tooLong }
        guard !international.hasPrefix("0") else { throw .invalidForCountry }
        if let country = CountryCode.matching(internationalDigits: international) {
            let national = international.dropFirst(country.callingCode.count)
            guard Self.isPlausible(national: national, in: country) else { throw .invalidForCountry }
        }
        e164 = "+" + international
        self.extension = extensionDigits
    }

    /// A number normalized when it was stored (`e164` starts with "+"), read back without parsing it again.
    public init(storedE164 e164: String, extension: String? = nil) {
        self.e164 = e164
        self.extension = `extension`
    }

    /// The calling-code country of the number, when it is one Benta knows (US for the shared "+1").
    public var country: CountryCode? {
        CountryCode.matching(internationalDigits: String(e164.dropFirst()))
    }

    /// The digits after the calling code.
    public var nationalSignificantNumber: String {
        guard let country else { return String(e164.dropFirst()) }
        return String(e164.dropFirst(1 + country.callingCode.count))
    }

    /// A readable international form: "+63 917 123 4567", "+63 2 8123 4567", otherwise "+<cc> <rest>".
    public var display: String {
        // Every phone of every row of a list is displayed (issue 11): a stored "+" and ASCII digits is formatted
        // from its bytes; anything else by characters, as it always was.
        let base = Self.displayFromBytes(e164) ?? displayByCharacters
        guard let `extension` else { return base }
        return base + " ext. " + `extension`
    }

    /// The display form without the extension, worked out on characters (any text `e164` may hold).
    var displayByCharacters: String {
        guard let country else { return e164 }
        let national = String(e164.dropFirst(1 + country.callingCode.count))
        return "+" + country.callingCode + " " + Self.group(national, in: country)
    }

    /// The display form without the extension of an `e164` of "+" and ASCII digits, written byte by byte: the
    /// text of ``displayByCharacters``. Nil for any other text, and for a Philippine number too short to group.
    static func displayFromBytes(_ e164: String) -> String? {
        var text = e164
        return text.withUTF8 { bytes -> String? in
            guard bytes.count >= 2, bytes[0] == UInt8(ascii: "+") else { return nil }
            let digits = UnsafeBufferPointer(rebasing: bytes[1...])
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            guard let (country, code) = CountryCode.matching(internationalDigits: digits) else { return e164 }
            let national = UnsafeBufferPointer(rebasing: digits[code.count...])
            // Where the spaces go inside the national number (the grouping of `group(_:in:)`).
            let breaks: [Int]
            switch (country, national.count, national.first) {
            case (.PH, 10, _): breaks = [3, 6]
            // Five digits or fewer after a "2" group with a trailing space or not at all: left to the characters.
            case (.PH, let count, UInt8(ascii: "2")?): if count > 5 { breaks = [1, 5] } else { return nil }
            case (.PH, 9, _): breaks = [2, 5]
            default: breaks = []
            }
            return String(unsafeUninitializedCapacity: bytes.count + 1 + breaks.count) { output in
                var written = 0
                func put(_ byte: UInt8) {
                    output[written] = byte
                    written += 1
                }
                put(UInt8(ascii: "+"))
                code.forEach(put)
                put(UInt8(ascii: " "))
                for (index, byte) in national.enumerated() {
                    if breaks.contains(index) { put(UInt8(ascii: " ")) }
                    put(byte)
                }
                return written
            }
        }
    }

    /// The E.164 form, with ";ext=…" when there is an extension (RFC 3966 style).
    public var description: String {
        guard let `extension` else { return e164 }
        return e164 + ";ext=" + `extension`
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard raw.hasPrefix("+") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Phone number must start with +")
        }
        do {
            self = try PhoneNumber(parsing: raw, defaultCountry: .PH)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid phone number: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isPlausible(national: Substring, in country: CountryCode) -> Bool {
        guard country.nationalNumberLengths.contains(national.count), let first = national.first else { return false }
        switch country {
        case .PH:
            // Mobiles are 9XX XXX XXXX; landlines are area code + number, 9 digits, starting 2–8.
            return national.count == 10 ? first == "9" : ("2"..."8").contains(first)
        case .US, .CA:
            return first != "0" && first != "1"
        default:
            return true
        }
    }

    private static func group(_ national: String, in country: CountryCode) -> String {
        guard country == .PH else { return national }
        let characters = Array(national)
        if characters.count == 10 {
            return String(characters[0..<3]) + " " + String(characters[3..<6]) + " " + String(characters[6...])
        }
        if characters.first == "2" {
            return "2 " + String(characters[1..<5]) + " " + String(characters[5...])
        }
        guard characters.count == 9 else { return national }
        return String(characters[0..<2]) + " " + String(characters[2..<5]) + " " + String(characters[5...])
    }

    /// Splits a trailing extension ("ext. 123", "x123", "loc 12", "#5", ";ext=9") off the number.
    private static func splitExtension(_ input: String) -> (main: String, extension: String?) {
        let characters = Array(input)
        var end = characters.count
        while end > 0, characters[end - 1].isASCII, characters[end - 1].isNumber { end -= 1 }
        let extensionDigits = String(characters[end...])
        guard !extensionDigits.isEmpty else { return (input, nil) }
        var markerEnd = end
        while markerEnd > 0, [" ", ".", ":", "=", "\t"].contains(characters[markerEnd - 1]) { markerEnd -= 1 }
        for marker in ["extension", "ext", "local", "loc", "x", "#"] where markerEnd >= marker.count {
            let start = markerEnd - marker.count
            guard String(characters[start..<markerEnd]).lowercased() == marker else { continue }
            if marker == "x", start > 0, characters[start - 1].isLetter { continue }
            let main = String(characters[..<start]).trimmingCharacters(in: CharacterSet(charactersIn: " ,;\t"))
            guard main.contains(where: \.isNumber) else { continue }
            return (main, extensionDigits)
        }
        return (input, nil)
    }
}
