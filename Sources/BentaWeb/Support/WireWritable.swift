import Foundation

/// A wire type that writes its JSON object itself, member by member (issue 11): the API's writer hands it a
/// ``WireObject`` over its bytes, and each member goes in as its name's static text and its value through the
/// writer's leaf writers, with no `Encoder`, container, name conversion or dynamic cast in between (the
/// `Encodable` path of a page of 50 accounts was a fifth of the request's CPU).
///
/// ``writeMembers(to:)`` is the type's one list of members. Its `Encodable` conformance is that same list written
/// into any encoder's keyed container (the `encode(to:)` below, which takes the place of a synthesized one), so
/// the two paths cannot drift apart; `WireDirectWritingTests` holds them byte for byte. Member names are written
/// as given, so they are given in snake_case, as the API sends them.
protocol WireWritable: WireLeaf, Encodable {
    /// Writes the object's members, in order.
    func writeMembers(to object: inout WireObject) throws
}

extension WireWritable {
    /// The members through `encoder`'s keyed container: what any other encoder (and a test) sees.
    func encode(to encoder: any Encoder) throws {
        var object = WireObject(encoder.container(keyedBy: WireCodingKey.self))
        try writeMembers(to: &object)
    }

    /// The members straight into the writer's bytes.
    func write(to writer: WireWriter) throws {
        try writer.object(self)
    }

    /// Writes `elements`, whose type is this one: an array asks once, by its element type, whether its elements
    /// write themselves (a cast per element, boxing each, would cost what is saved).
    static func writeArray<Element>(_ elements: [Element], to writer: WireWriter) throws {
        precondition(Element.self == Self.self)
        try writer.array(unsafeBitCast(elements, to: [Self].self))
    }
}

/// The object a ``WireWritable`` writes its members into: straight into a ``WireWriter``'s bytes, or, for its
/// `Encodable` conformance, into an encoder's keyed container (names then converted by that encoder; a name
/// already in snake_case stays as it is).
struct WireObject {
    private let writer: WireWriter?
    private var container: KeyedEncodingContainer<WireCodingKey>?
    private var isEmpty = true

    init(writer: WireWriter) {
        self.writer = writer
        container = nil
    }

    init(_ container: KeyedEncodingContainer<WireCodingKey>) {
        writer = nil
        self.container = container
    }

    /// The writer, with the member `name` started in it; nil when the members go into a container.
    private mutating func start(_ name: StaticString) -> WireWriter? {
        guard let writer else { return nil }
        writer.member(name, first: isEmpty)
        isEmpty = false
        return writer
    }

    /// `value` (or `null`) into the container.
    private mutating func encode<T: Encodable>(_ value: T?, _ name: StaticString) throws {
        let key = WireCodingKey(name.description)
        if let value { try container?.encode(value, forKey: key) } else { try container?.encodeNil(forKey: key) }
    }

    mutating func null(_ name: StaticString) throws {
        if let writer = start(name) { return writer.null() }
        try container?.encodeNil(forKey: WireCodingKey(name.description))
    }

    mutating func string(_ name: StaticString, _ value: String) throws {
        if let writer = start(name) { return writer.string(value) }
        try encode(value, name)
    }

    mutating func string(_ name: StaticString, _ value: String?) throws {
        if let writer = start(name) { return value.map(writer.string) ?? writer.null() }
        try encode(value, name)
    }

    mutating func integer(_ name: StaticString, _ value: Int64) throws {
        if let writer = start(name) { return writer.integer(value) }
        try encode(value, name)
    }

    mutating func integer(_ name: StaticString, _ value: Int) throws {
        if let writer = start(name) { return writer.integer(Int64(value)) }
        try encode(value, name)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) throws {
        if let writer = start(name) { return writer.bool(value) }
        try encode(value, name)
    }

    mutating func date(_ name: StaticString, _ value: Date?) throws {
        if let writer = start(name) { return value.map(writer.date) ?? writer.null() }
        try encode(value, name)
    }

    mutating func strings(_ name: StaticString, _ values: [String]) throws {
        if let writer = start(name) { return writer.strings(values) }
        try encode(values, name)
    }

    /// A member that writes itself, or `null`.
    mutating func object<W: WireWritable>(_ name: StaticString, _ value: W?) throws {
        if let writer = start(name) {
            guard let value else { return writer.null() }
            return try writer.object(value)
        }
        try encode(value, name)
    }

    /// An array of members that write themselves.
    mutating func array<W: WireWritable>(_ name: StaticString, _ values: [W]) throws {
        if let writer = start(name) { return try writer.array(values) }
        try encode(values, name)
    }

    /// Any other value, as the writer writes it.
    mutating func value<T: Encodable>(_ name: StaticString, _ value: T) throws {
        if let writer = start(name) { return try writer.write(value) }
        try encode(value, name)
    }
}
