import Foundation

/// How an HTML form sends a list member.
enum FormList: Sendable {
    /// Repeated fields and the lines of a textarea, blank ones dropped (phones, e-mail addresses).
    case lines
    /// One text, split at commas (tags).
    case commas
    /// Repeated fields, every value as sent (a multiple select of ids).
    case repeated
}

/// A `Decoder` over a submitted HTML form, for a ``RecordInput``: the member `registeredName` is the form field
/// `registered_name` (its snake_case name, as on the wire).
///
/// Only the members in `fields` exist; each of them counts as sent (never null), an absent one as the empty text,
/// so a form replaces every field it names, as the pages always did. Text is read as typed, a checkbox is true
/// when sent as `on` or `true`, numbers are parsed (a value that does not parse is a decoding error), and a list is
/// read as its ``FormList`` says; a nested value (a phone) is decoded from the text of one field.
struct FormDecoder: Decoder {
    let form: FormData
    /// The members the form sends, by coding-key name, with how each sends a list.
    let fields: [String: FormList]
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FormKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "A form is a set of named fields."))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            String.self, .init(codingPath: codingPath, debugDescription: "A form is a set of named fields."))
    }
}

/// The named fields of a form.
private struct FormKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: FormDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] { decoder.fields.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.fields[key.stringValue] != nil }

    /// A form never sends null: an absent field is empty text.
    func decodeNil(forKey key: Key) throws -> Bool { false }

    /// The field's values, as one value decoder.
    private func field(_ key: Key) throws -> FormFieldDecoder {
        guard let list = decoder.fields[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "The form does not send this member."))
        }
        let name = WireKeys.snakeCase(key.stringValue)
        let values: [String]
        switch list {
        case .lines: values = decoder.form.list(name)
        case .commas: values = decoder.form[name].split(separator: ",").map(String.init)
        case .repeated: values = decoder.form.all(name)
        }
        return FormFieldDecoder(text: decoder.form[name], values: values, codingPath: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try field(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try field(key).text }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try field(key).number() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try field(key).number() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try field(key).number() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try field(key).number() }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try field(key).number() }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try field(key).number() }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try field(key).number() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try field(key).number() }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try field(key).number() }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try field(key).number() }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try field(key).number() }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try field(key).number() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: field(key)) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try field(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try field(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try field(key) }
}

/// One form field: its first value as text, and its values as a list.
private struct FormFieldDecoder: Decoder, SingleValueDecodingContainer {
    let text: String
    let values: [String]
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A checkbox: ticked when one of its values is `on` (what a browser sends for a checkbox without a value) or
    /// `true` (a checkbox valued `true`, sent after a hidden `false` that stands for it when unticked).
    func bool() -> Bool { values.contains { $0 == "on" || $0 == "true" } }

    func number<T: LosslessStringConvertible>() throws -> T {
        guard let value = T(text.trimmingCharacters(in: .whitespaces)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Not a number."))
        }
        return value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch(
            [String: Any].self, .init(codingPath: codingPath, debugDescription: "A form field is text."))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        FormListContainer(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { bool() }
    func decode(_ type: String.Type) throws -> String { text }
    func decode(_ type: Double.Type) throws -> Double { try number() }
    func decode(_ type: Float.Type) throws -> Float { try number() }
    func decode(_ type: Int.Type) throws -> Int { try number() }
    func decode(_ type: Int8.Type) throws -> Int8 { try number() }
    func decode(_ type: Int16.Type) throws -> Int16 { try number() }
    func decode(_ type: Int32.Type) throws -> Int32 { try number() }
    func decode(_ type: Int64.Type) throws -> Int64 { try number() }
    func decode(_ type: UInt.Type) throws -> UInt { try number() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}

/// The values of a list field, each decoded from its text.
private struct FormListContainer: UnkeyedDecodingContainer {
    let values: [String]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    private struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { intValue.map(String.init) ?? "" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "No more values in the form field."))
        }
        let text = values[currentIndex]
        let element = FormFieldDecoder(
            text: text, values: [text], codingPath: codingPath + [Index(intValue: currentIndex)])
        currentIndex += 1
        return try element.decode(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(
            [String: Any].self, .init(codingPath: codingPath, debugDescription: "A form field is text."))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "A form field is text."))
    }

    mutating func superDecoder() throws -> any Decoder {
        let text = isAtEnd ? "" : values[currentIndex]
        currentIndex += 1
        return FormFieldDecoder(text: text, values: [text], codingPath: codingPath)
    }
}
