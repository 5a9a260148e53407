import Testing

@testable import BentaWeb

/// The secret of an `Authorization` header, read without Foundation (issue 11): the scheme in any case, white space
/// around the secret dropped, anything else not a bearer token; the same answers Foundation's lowercasing and
/// trimming gave.
@Suite(.timeLimit(.minutes(20))) struct BearerHeaderTests {
    @Test(arguments: [
        ("Bearer benta_abc", "benta_abc"),
        ("bearer benta_abc", "benta_abc"),
        ("BeArEr benta_abc", "benta_abc"),
        ("Bearer    benta_abc \t ", "benta_abc"),
        ("Bearer \tbenta_a b", "benta_a b"),
        ("Bearer ", ""),
        ("Bearer   ", ""),
        ("Bearer \u{00A0}benta_abc\u{3000}", "benta_abc"),
        ("Bearer bentä_ö", "bentä_ö"),
    ])
    func aBearerHeaderGivesItsSecret(header: String, secret: String) {
        #expect(AuthMiddleware.bearerSecret(header) == secret)
    }

    @Test(arguments: [
        "Basic dXNlcjpwYXNz", "Bearer", "Bearerbenta_abc", "Bearer\tbenta_abc", "", "Béarer x", "bearer\0x",
    ])
    func anotherHeaderGivesNone(header: String) {
        #expect(AuthMiddleware.bearerSecret(header) == nil)
    }
}
