import BentaCore
import BentaStore
import Foundation

/// The demo catalogue: goods and services an office-solutions company sells, in every tax category, one inactive.
extension DemoLoader {
    func loadProducts(admin: User) async throws -> Int {
        // (code, name, unit, unit price, price includes VAT, tax category, active)
        let catalogue: [(String, String, String, String, Bool, TaxCategory, Bool)] = [
            ("LAP-14", "Laptop 14-inch, 16 GB", "pc", "42000.00", false, .vatable, true),
            ("LAP-16", "Laptop 16-inch, 32 GB", "pc", "68500.00", false, .vatable, true),
            ("PRN-LSR", "Laser printer, A4 duplex", "pc", "18990.00", true, .vatable, true),
            ("PRN-LEASE", "Printer lease with toner", "month", "3500.00", false, .vatable, true),
            ("POS-T1", "POS terminal with receipt printer", "set", "45000.00", false, .vatable, true),
            ("CCTV-8", "CCTV kit, 8 cameras", "set", "38500.00", false, .vatable, true),
            ("CHR-ERGO", "Ergonomic office chair", "pc", "12500.00", true, .vatable, true),
            ("SVC-INSTALL", "Installation service", "hour", "1500.00", false, .vatable, true),
            ("SVC-SUPPORT", "IT support retainer", "month", "30000.00", false, .vatable, true),
            ("SVC-BACKUP", "Cloud backup, 1 TB", "month", "5000.00", false, .vatable, true),
            ("EXP-SVC", "Remote IT support for a foreign client", "hour", "2500.00", false, .zeroRated, true),
            ("BOOK-PH", "Aklat: Pagbebenta para sa Pilipino", "pc", "450.00", false, .exempt, true),
            ("LAP-13-OLD", "Laptop 13-inch (discontinued)", "pc", "35000.00", false, .vatable, false),
        ]
        for (code, name, unit, price, includesTax, category, active) in catalogue {
            var draft = ProductDraft()
            draft.code = code
            draft.name = name
            draft.unit = unit
            draft.unitPrice = price
            draft.priceIncludesTax = includesTax
            draft.taxCategory = category.rawValue
            draft.isActive = active
            _ = try await services.products.create(draft, viewer: admin.viewer)
        }
        return catalogue.count
    }
}
