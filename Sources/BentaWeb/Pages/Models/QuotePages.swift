import BentaCore
import BentaServices
import Foundation

/// The quote list: the filters as submitted, one row per quote on this page, the next page's link.
/// Property names are the template's (`quotes_list.mustache`).
struct QuotesListPage: PageModel {
    struct Row {
        var url: String
        var number: String
        var account: String
        var status: String
        var status_label: String
        var valid_until: String
        var total: String
        var owner: String
    }

    var quotes: [Row]
    var has_quotes: Bool
    var statuses: [PageChoice]
    var owners: [PageOption]
    var show_owner_filter: Bool
    var has_next: Bool
    var next_url: String?

    static func make(
        _ page: Page<Quote>, filter: QuoteFilter, today: CalendarDate, names: [Account.ID: String],
        directory: PageDirectory, role: Role, strings: [String: String], language: LanguageCode
    ) -> QuotesListPage {
        let money = MoneyFormatter(language: language)
        let status = filter.status?.rawValue ?? ""
        let filters: [(String, String?)] = [("status", status), ("owner_id", filter.ownerID?.description)]
        let rows = page.items.map { quote in
            let display = quote.displayStatus(today: today)
            return Row(
                url: Paths.quote(quote.id), number: quote.number ?? (strings["quote_draft"] ?? "Draft"),
                account: names[quote.accountID] ?? "", status: display.rawValue,
                status_label: strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
                valid_until: DateFormatting.display(quote.fields.validUntil, language: language),
                total: (try? quote.totals()).map { money.format($0.totalWithTax) } ?? "",
                owner: directory.userName(quote.ownerID))
        }
        return QuotesListPage(
            quotes: rows, has_quotes: !rows.isEmpty,
            statuses: QuoteDisplayStatus.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["quote_status_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == status)
            },
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, has_next: page.nextCursor != nil,
            next_url: page.nextCursor.map { Paths.quotes() + QueryString.make(filters + [("cursor", $0)]) })
    }
}

/// The printable quotation: parties, references, lines and totals, the same as the PDF.
/// Property names are the template's (`quote_print.mustache`); a part the quote does not have is nil.
struct QuotePrintPage: PageModel {
    var number: String
    var has_number: Bool
    var issue_date: String
    var valid_until: String
    var seller_name: String
    var seller_address: String?
    var seller_tin: String?
    var buyer_name: String
    var buyer_address: String?
    var buyer_tin: String?
    /// The contact the quote is addressed to, with their position.
    var attention: String?
    var lines: [LineRow]
    var vatable: String
    var zero_rated: String
    var exempt: String
    var has_zero_rated: Bool
    var has_exempt: Bool
    var without_tax: String
    var vat: String
    var total: String
    var amount_in_words: String?
    var terms: String?
    var notes: String?
    var prices_include_tax: Bool

    static func make(_ document: QuoteService.Document, strings: [String: String]) -> QuotePrintPage {
        let quote = document.quote
        let money = MoneyFormatter()
        let totals = document.totals
        let account = document.account.fields
        let seller = document.seller
        return QuotePrintPage(
            number: quote.number ?? (strings["quote_draft"] ?? "Draft"), has_number: quote.number != nil,
            issue_date: quote.issueDate?.iso8601String ?? "", valid_until: quote.fields.validUntil.iso8601String,
            seller_name: seller.registeredName, seller_address: nonEmpty(seller.registeredAddress),
            seller_tin: seller.tin.map {
                InvoiceParty.printedTIN($0.formatted, isVATRegistered: seller.isVATRegistered)
            },
            buyer_name: account.registeredName ?? account.name, buyer_address: nonEmpty(account.billingAddress),
            buyer_tin: account.tin?.formatted,
            attention: document.contact.map { $0.fields.name + ($0.fields.position.map { ", \($0)" } ?? "") },
            lines: quote.fields.lines.map { LineRow.make($0.line, currency: quote.fields.currency, strings: strings) },
            vatable: money.format(totals.vatableSales), zero_rated: money.format(totals.zeroRatedSales),
            exempt: money.format(totals.exemptSales), has_zero_rated: !totals.zeroRatedSales.isZero,
            has_exempt: !totals.exemptSales.isZero, without_tax: money.format(totals.totalWithoutTax),
            vat: money.format(totals.totalTax), total: money.format(totals.totalWithTax),
            amount_in_words: quote.fields.currency.code == "PHP" ? AmountInWords.pesos(totals.totalWithTax) : nil,
            terms: nonEmpty(quote.fields.terms), notes: nonEmpty(quote.fields.notes),
            prices_include_tax: quote.fields.pricesIncludeTax)
    }
}

/// One quote: its facts, the actions its status allows (send, accept, decline), the draft's form and the lines
/// card. Property names are the template's (`quote_detail.mustache`); a part the quote does not have is nil.
struct QuoteDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    var number: String
    var has_number: Bool
    var issue_date: String
    var valid_until: String
    var buyer_name: String
    var attention: String?
    var total: String
    var terms: String?
    var notes: String?
    var status: String
    var status_label: String
    var is_draft: Bool
    var may_decide: Bool
    var may_accept: Bool
    var version: String
    var deal_url: String
    var account_url: String
    var owner: String
    var contact_picker: RecordPickerField?
    var valid_until_value: String
    var terms_value: String
    var notes_value: String
    var errors: [String: String]
    var has_errors: Bool
    var problem: String?
    var has_problem: Bool
    var pdf_url: String
    var print_url: String
    var update_url: String
    var accept_url: String
    var decline_url: String
    /// An accepted quote's link to a contract drawn from it.
    var contract_url: String?
    var line_editor: LineEditorPart
    /// The draft's send form (recipient, subject, message); nil once sent.
    var send_form: DocumentSendPart?
    /// "Emailed to … on …", one a sending.
    var sent_to: [String]
    var has_sent_to: Bool
    /// The quote's discount approval requests, newest first ("Line 1, 15%: rejected — too deep"), for its author to
    /// see the outcome; set by the controller.
    var discount_approvals: [String] = []
    var has_discount_approvals = false

    /// The page for `document`; `draft` is the form as sent back (nil: as saved), `contactPicker` the draft's
    /// contact choice (nil once the quote is sent), `keptVersion` the version a picker search kept from the form.
    static func make(
        _ document: QuoteService.Document, draft: QuoteDraft?, contactPicker: RecordPickerField?,
        fieldErrors: [String: String], hasErrors: Bool, lineEditor: LineEditorPart, sendForm: DocumentSendPart?,
        sentTo: [DocumentEmailSent], problem: String?, keptVersion: Int64?, directory: PageDirectory,
        strings: [String: String]
    ) -> QuoteDetailPage {
        let quote = document.quote
        let facts = QuotePrintPage.make(document, strings: strings)
        let display = quote.displayStatus(today: document.today)
        let actions = quote.allowedActions(today: document.today)
        return QuoteDetailPage(
            number: facts.number, has_number: facts.has_number, issue_date: facts.issue_date,
            valid_until: facts.valid_until, buyer_name: facts.buyer_name, attention: facts.attention,
            total: facts.total, terms: facts.terms, notes: facts.notes, status: display.rawValue,
            status_label: strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
            is_draft: actions.contains(.edit), may_decide: actions.contains(.decline),
            may_accept: actions.contains(.accept), version: String(keptVersion ?? quote.version),
            deal_url: Paths.deal(quote.dealID), account_url: Paths.account(quote.accountID),
            owner: directory.userName(quote.ownerID), contact_picker: contactPicker,
            valid_until_value: draft?.validUntil ?? quote.fields.validUntil.iso8601String,
            terms_value: draft?.terms ?? quote.fields.terms ?? "",
            notes_value: draft?.notes ?? quote.fields.notes ?? "",
            errors: fieldErrors, has_errors: hasErrors, problem: problem,
            has_problem: problem != nil, pdf_url: Paths.quotePDF(quote.id), print_url: Paths.quotePrint(quote.id),
            update_url: Paths.quote(quote.id),
            accept_url: Paths.acceptQuote(quote.id), decline_url: Paths.declineQuote(quote.id),
            contract_url: quote.status == .accepted
                ? Paths.newContract() + QueryString.make([("quote_id", quote.id.description)]) : nil,
            line_editor: lineEditor, send_form: sendForm,
            sent_to: sentTo.map { DocumentSendPart.sentLine($0, directory: directory, strings: strings) },
            has_sent_to: !sentTo.isEmpty)
    }
}
