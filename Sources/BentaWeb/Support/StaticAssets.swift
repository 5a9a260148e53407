import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A file of `Resources/Static` that Benta serves itself: the stylesheet and the icon.
///
/// Pages link to it under its fingerprinted name (`app.3f2a9c01b7.css`: the start of the SHA-256 of its content), so
/// a browser may keep it for a year: a changed file gets a new name, and the pages link to the new one.
struct StaticAsset: Sendable {
    /// The file's name in `Resources/Static` (`app.css`); its path `/static/app.css` keeps working.
    let name: String
    let contentType: String
    let bytes: ByteBuffer
    /// The name with the content's hash (`app.3f2a9c01b7.css`), served as immutable.
    let fingerprintedName: String

    init(name: String, contentType: String, bytes: ByteBuffer) {
        self.name = name
        self.contentType = contentType
        self.bytes = bytes
        self.fingerprintedName = Self.fingerprintedName(name, content: Data(bytes.readableBytesView))
    }

    /// `name` with the first ten hex digits of the SHA-256 of `content` before its extension: `app.css` becomes
    /// `app.3f2a9c01b7.css`. The same content always gives the same name; a changed byte gives another.
    static func fingerprintedName(_ name: String, content: Data) -> String {
        let hash = SHA256.hash(data: content).prefix(5).map { String(format: "%02x", $0) }.joined()
        guard let dot = name.lastIndex(of: ".") else { return name + "." + hash }
        return name[..<dot] + "." + hash + name[dot...]
    }
}

/// Every static asset, read from the bundle once; the links the layout uses (`{{paths.stylesheet}}`,
/// `{{paths.favicon}}`) point at the fingerprinted names.
struct StaticAssets: Sendable {
    /// The files and their media types.
    static let files: [(name: String, contentType: String)] = [
        ("app.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
        ("favicon.ico", "image/x-icon"),
    ]

    /// Read at first use. `buildRouter` takes the assets from here and fails to start when a file is missing, so a
    /// running server always has them.
    static let bundled = Result { try StaticAssets() }

    /// The page links to the assets by template name; empty only when the files are missing (then no server runs).
    static var pageLinks: [String: String] {
        guard let assets = try? bundled.get() else { return [:] }
        return [
            "stylesheet": assets.path(of: "app.css"),
            "favicon": assets.path(of: "favicon.svg"),
        ]
    }

    let assets: [StaticAsset]

    /// The files of `Resources/Static` in BentaWeb's bundle.
    init() throws {
        assets = try Self.files.map { file in
            let dot = file.name.lastIndex(of: ".") ?? file.name.endIndex
            let bytes = try Resource.bytes(
                String(file.name[..<dot]), String(file.name[dot...].dropFirst()), subdirectory: "Resources/Static")
            return StaticAsset(name: file.name, contentType: file.contentType, bytes: bytes)
        }
    }

    /// The fingerprinted path of the asset `name` (`/static/app.3f2a9c01b7.css`); the plain path for a name that is
    /// not an asset.
    func path(of name: String) -> String {
        Paths.staticAsset(assets.first { $0.name == name }?.fingerprintedName ?? name)
    }

    /// The asset served at `/static/<file>` and how long it may be kept: a year and immutable under its
    /// fingerprinted name, an hour under its plain name; nil for any other file.
    func lookup(_ file: String) -> (asset: StaticAsset, cacheControl: String)? {
        if let asset = assets.first(where: { $0.fingerprintedName == file }) {
            return (asset, "public, max-age=31536000, immutable")
        }
        if let asset = assets.first(where: { $0.name == file }) {
            return (asset, "public, max-age=3600")
        }
        return nil
    }
}

/// Serves `/static/<file>` (fingerprinted or plain names) and `/favicon.ico`: no login needed.
struct StaticAssetsController {
    let assets: StaticAssets

    func addRoutes(to router: Router<BentaRequestContext>) {
        let assets = assets
        router.get(Paths.staticAsset) { (_: Request, context: BentaRequestContext) -> Response in
            let file = try context.parameters.require("file")
            guard let (asset, cacheControl) = assets.lookup(file) else { throw HTTPError(.notFound) }
            return Self.response(asset, cacheControl: cacheControl)
        }
        router.get(Paths.favicon) { (_: Request, _: BentaRequestContext) -> Response in
            guard let (asset, cacheControl) = assets.lookup("favicon.ico") else { throw HTTPError(.notFound) }
            return Self.response(asset, cacheControl: cacheControl)
        }
    }

    private static func response(_ asset: StaticAsset, cacheControl: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = cacheControl
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
