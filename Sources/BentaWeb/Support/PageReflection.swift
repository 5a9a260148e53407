import Mustache
import NIOConcurrencyHelpers

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
        let mirror = Mirror(reflecting: value)
        guard let places = places(of: value, mirror) else {
            for child in mirror.children where child.label == name { return wrap(unwrapOptional(child.value)) }
            return nil
        }
        guard let place = places[name] else { return nil }
        let children = mirror.children
        return wrap(unwrapOptional(children[children.index(children.startIndex, offsetBy: place)].value))
    }

    /// `value` ready for Mustache: a plain value wrapped, an array's plain elements wrapped, anything else as it is.
    static func wrap(_ value: Any?) -> Any? {
        guard let value else { return nil }
        if let array = value as? [Any] {
            guard let first = array.first, isPlain(first) else { return value }
            return array.map { isPlain($0) ? ReflectedValue(base: $0) : $0 }
        }
        return isPlain(value) ? ReflectedValue(base: value) : value
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

    /// A struct or class Mustache would only look into by reflection.
    private static func isPlain(_ value: Any) -> Bool {
        if value is any MustacheParent || value is any MustacheSequence || value is any MustacheCustomRenderable
            || value is any MustacheCustomRepresentation || value is any MustacheTransformable
            || value is MustacheLambda
            || value is any CustomStringConvertible || value is any CustomReflectable
        {
            return false
        }
        let style = Mirror(reflecting: value).displayStyle
        return style == .struct || style == .class
    }

    private static func unwrapOptional(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// A plain value of a page's model whose names Mustache finds through ``PageReflection``.
struct ReflectedValue: MustacheParent, CustomStringConvertible {
    let base: Any

    func child(named name: String) -> Any? { PageReflection.property(name, of: base) }

    var description: String { String(describing: base) }
}
