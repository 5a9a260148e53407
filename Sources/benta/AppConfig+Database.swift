import BentaStore
import BentaWeb
import Foundation

extension AppConfig {
    /// The database this configuration points at. Opening the database is the command line's job: the web layer
    /// only carries the settings (`databaseURL`, `dataDirectory`) and never sees BentaStore.
    var databaseLocation: DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty { return .postgres(url: databaseURL) }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("benta.sqlite"))
    }
}
