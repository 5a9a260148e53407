import Mustache
import NIOConcurrencyHelpers
@_spi(Reflection) import Swift

/// Names looked up in a page's model, fast (issue 11).
///
/// Mustache finds a name in a value by reflection: `Mirror(reflecting:)` and a filter over **every** stored property,
/// each one's type demangled and its value boxed, for every lookup, and again for every value up the context stack
/// when the name is not in the innermost one. That was 58% of an account page's CPU. Here a type's property names are
/// read once, with their places, so a lookup reads one property, and a miss reads none.
///
/// Only plain values are handled so (a struct or class that does not describe its own reflection, rendering or
/// representation to Mustache); everything else is handed to Mustache as it is, so a page renders as it did.
enum PageReflection {
    /// The value of the stored property `name` of `value` (an optional's wrapped value, nil for none), or nil when it
    /// has no such property; plain values come back wrapped in ``ReflectedValue`` so that their own names are found
    /// the same way.
    static func property(_ name: String, of value: Any) -> Any? {
        let type = Swift.type(of: value)
        // A struct seen before: its field, read in place (no mirror); a name it lacks (most lookups up the context
        // stack) costs one dictionary lookup.
        if let fields = fieldTables.withLockedValue({ $0[ObjectIdentifier(type)] }) ?? fieldTable(of: value) {
            guard let field = fields[name] else { return nil }
            return wrap(field.read(in: value))
        }
        // Anything else (a class, an enum, a value with its own mirror): by the mirror, its places kept per type.
        var mirror: Mirror?
        var places = known.withLockedValue { $0[ObjectIdentifier(type)] }
        if places == nil {
            let reflected = Mirror(reflecting: value)
            mirror = reflected
            places = Self.places(of: value, reflected)
            if places == nil {
                for child in reflected.children where child.label == name { return wrap(unwrapOptional(child.value)) }
                return nil
            }
        }
        guard let place = places?[name] else { return nil }
        let children = (mirror ?? Mirror(reflecting: value)).children
        return wrap(unwrapOptional(children[children.index(children.startIndex, offsetBy: place)].value))
    }

    /// One stored property of a struct: where it lies in the value and how to read it from there.
    ///
    /// A `Mirror` of a page row boxed and demangled every property on every lookup: about 7 µs to read one name of a
    /// ten-property row, against 60 ns here (issue 11). The places come from the runtime's own field records (the
    /// standard library's `_forEachField`, which `Mirror` itself reads), once per type.
    private struct Field {
        let offset: Int
        let type: Any.Type
        /// For an optional property: its wrapped value out of the place, nil for none.
        let unwrap: (any OptionalField.Type)?

        /// The property's value in `value` (a value of the struct this field belongs to); an optional's wrapped
        /// value.
        func read(in value: Any) -> Any? {
            func within<Struct>(_ instance: Struct) -> Any? {
                withUnsafePointer(to: instance) { pointer in
                    let place = UnsafeRawPointer(pointer).advanced(by: offset)
                    if let unwrap { return unwrap.wrapped(at: place) }
                    func load<Property>(_: Property.Type) -> Any {
                        place.assumingMemoryBound(to: Property.self).pointee
                    }
                    return _openExistential(type, do: load)
                }
            }
            return _openExistential(value, do: within)
        }
    }

    /// Each type's fields by name (nil for a type that is not a plain struct), found once.
    private static let fieldTables = NIOLockedValueBox<[ObjectIdentifier: [String: Field]?]>([:])

    /// The fields of `value`'s type by name, kept for the type; nil for a type that is not a struct (a class, an
    /// enum, a tuple) or describes its own reflection (its mirror is not its fields).
    private static func fieldTable(of value: Any) -> [String: Field]? {
        let type = Swift.type(of: value)
        var fields: [String: Field]? = nil
        if Mirror(reflecting: value).displayStyle == .struct, !(value is any CustomReflectable) {
            var table: [String: Field] = [:]
            _ = _forEachField(of: type) { name, offset, fieldType, _ in
                let label = String(cString: name)
                if table[label] == nil {
                    table[label] = Field(offset: offset, type: fieldType, unwrap: fieldType as? any OptionalField.Type)
                }
                return true
            }
            fields = table
        }
        fieldTables.withLockedValue { $0[ObjectIdentifier(type)] = .some(fields) }
        return fields
    }

    /// `value` ready for Mustache: a plain value wrapped, an array's plain elements wrapped, anything else as it is.
    static func wrap(_ value: Any?) -> Any? {
        guard let value else { return nil }
        let facts = facts(of: value)
        if facts.isArray, let array = value as? [Any] {
            guard let first = array.first, Self.facts(of: first).isPlain else { return value }
            return array.map { Self.facts(of: $0).isPlain ? ReflectedValue(base: $0) : $0 }
        }
        return facts.isPlain ? ReflectedValue(base: value) : value
    }

    /// What Mustache and this type need to know of a value's type, found once per type: the casts and the mirror
    /// that say it were a third of a page's rendering, for every value of every lookup.
    private struct TypeFacts {
        /// An `Array`.
        let isArray: Bool
        /// An `Optional`.
        let isOptional: Bool
        /// A struct or class Mustache would only look into by reflection.
        let isPlain: Bool
    }

    private static let typeFacts = NIOLockedValueBox<[ObjectIdentifier: TypeFacts]>([:])

    /// The facts of `value`'s type (its dynamic type: each holds for every value of that type but an optional's).
    private static func facts(of value: Any) -> TypeFacts {
        let type = ObjectIdentifier(Swift.type(of: value))
        if let facts = typeFacts.withLockedValue({ $0[type] }) { return facts }
        let style = Mirror(reflecting: value).displayStyle
        if style == .optional {
            // Not kept: a cast sees through an optional, so what it says depends on whether this one holds a value.
            return TypeFacts(isArray: value is [Any], isOptional: true, isPlain: false)
        }
        let facts = TypeFacts(
            isArray: value is [Any], isOptional: false,
            isPlain: (style == .struct || style == .class) && !hasOwnMustacheMeaning(value))
        typeFacts.withLockedValue { $0[type] = facts }
        return facts
    }

    private static let known = NIOLockedValueBox<[ObjectIdentifier: [String: Int]]>([:])

    /// The places of the stored properties of `value`'s type, by name; nil when the type's children are not fixed by
    /// its type (an enum's depend on the case, a custom mirror's on the value).
    private static func places(of value: Any, _ mirror: Mirror) -> [String: Int]? {
        guard mirror.displayStyle == .struct || mirror.displayStyle == .class, !(value is any CustomReflectable) else {
            return nil
        }
        let type = ObjectIdentifier(Swift.type(of: value))
        if let places = known.withLockedValue({ $0[type] }) { return places }
        var places: [String: Int] = [:]
        for (place, child) in mirror.children.enumerated() {
            if let label = child.label, places[label] == nil { places[label] = place }
        }
        known.withLockedValue { $0[type] = places }
        return places
    }

    /// Whether the value says itself how Mustache renders or reads it, or how it is described or reflected.
    private static func hasOwnMustacheMeaning(_ value: Any) -> Bool {
        value is any MustacheParent || value is any MustacheSequence || value is any MustacheCustomRenderable
            || value is any MustacheCustomRepresentation || value is any MustacheTransformable
            || value is MustacheLambda || value is any CustomStringConvertible || value is any CustomReflectable
    }

    private static func unwrapOptional(_ value: Any) -> Any? {
        guard facts(of: value).isOptional else { return value }
        return Mirror(reflecting: value).children.first?.value
    }
}

/// A plain value of a page's model whose names Mustache finds through ``PageReflection``.
struct ReflectedValue: MustacheParent, CustomStringConvertible {
    let base: Any

    func child(named name: String) -> Any? { PageReflection.property(name, of: base) }

    var description: String { String(describing: base) }
}

/// An optional property read in place: its wrapped value, nil for none.
private protocol OptionalField {
    static func wrapped(at place: UnsafeRawPointer) -> Any?
}

extension Optional: OptionalField {
    fileprivate static func wrapped(at place: UnsafeRawPointer) -> Any? {
        place.assumingMemoryBound(to: Self.self).pointee.map { $0 as Any }
    }
}
