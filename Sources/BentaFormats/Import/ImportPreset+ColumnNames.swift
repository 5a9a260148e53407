import Foundation

/// Column names per source, most specific first. Vendor names come from each product's standard export (field
/// labels for HubSpot, Zoho and Pipedrive; API names from Data Loader and labels from reports for Salesforce).
extension ImportPreset {
    /// A column name reduced to lowercase letters and digits, so "E-mail" = "Email" and "Email (2)" = "Email 2".
    static func key(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter(CharacterSet.alphanumerics.contains)))
    }

    /// Known column names per field, in the order fields claim columns.
    func columnNames(for entity: ImportEntity) -> [(ImportField, [String])] {
        switch self {
        case .hubspot: Self.hubspot(entity)
        case .salesforce: Self.salesforce(entity)
        case .pipedrive: Self.pipedrive(entity)
        case .zoho: Self.zoho(entity)
        case .benta: Self.benta(entity)
        case .generic: Self.generic(entity)
        }
    }

    // MARK: - HubSpot

    private static func hubspot(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            // Flattened exports prefix each column with its object ("Company: Company name").
            let names: [(ImportField, [String])] = [
                (.externalID, ["Record ID", "Company ID"]),
                (.name, ["Company name", "Name"]),
                (.website, ["Website URL", "Company Domain Name"]),
                (.phone, ["Phone Number"]),
                (.industry, ["Industry"]),
                (.billingStreet, ["Street Address"]),
                (.billingCity, ["City"]),
                (.billingProvince, ["State/Region"]),
                (.billingPostalCode, ["Postal Code"]),
                (.billingCountry, ["Country/Region"]),
                (.ownerEmail, ["Company owner"]),
                (.notes, ["Description", "About Us"]),
            ]
            return names.map { ($0.0, $0.1 + $0.1.map { "Company: " + $0 }) }
        case .contacts:
            let names: [(ImportField, [String])] = [
                (.externalID, ["Record ID", "Contact ID"]),
                (.firstName, ["First Name"]),
                (.lastName, ["Last Name"]),
                (.email, ["Email"]),
                (.email2, ["Additional email addresses"]),
                (.mobile, ["Mobile Phone Number"]),
                (.phone, ["Phone Number"]),
                (.position, ["Job Title"]),
                (.accountName, ["Associated Company", "Company Name"]),
                (.accountExternalID, ["Associated Company ID"]),
                (.ownerEmail, ["Contact owner"]),
            ]
            return names.map { ($0.0, $0.1 + $0.1.map { "Contact: " + $0 }) } + [
                (.accountName, ["Company: Company name", "Company: Name"]),
                (.accountExternalID, ["Company: Record ID"]),
            ]
        case .leads:
            let names: [(ImportField, [String])] = [
                (.externalID, ["Record ID", "Contact ID"]),
                (.firstName, ["First Name"]),
                (.lastName, ["Last Name"]),
                (.email, ["Email"]),
                (.mobile, ["Mobile Phone Number"]),
                (.phone, ["Phone Number"]),
                (.companyName, ["Company Name", "Associated Company"]),
                (.status, ["Lead Status"]),
                (.source, ["Original Source", "Original Traffic Source", "Latest Source"]),
                (.ownerEmail, ["Contact owner", "Lead owner"]),
                (.province, ["State/Region"]),
                (.industry, ["Industry"]),
                (.notes, ["Message"]),
            ]
            return names.map { ($0.0, $0.1 + $0.1.map { "Contact: " + $0 }) } + [
                (.companyName, ["Company: Company name", "Company: Name"])
            ]
        }
    }

    // MARK: - Salesforce

    private static func salesforce(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            [
                (.externalID, ["Id", "Account ID"]),
                (.name, ["Name", "Account Name"]),
                (.phone, ["Phone"]),
                (.website, ["Website"]),
                (.industry, ["Industry"]),
                (.billingStreet, ["BillingStreet", "Billing Street", "Billing Address Line 1"]),
                (.billingCity, ["BillingCity", "Billing City"]),
                (.billingProvince, ["BillingState", "Billing State/Province", "Billing State"]),
                (.billingPostalCode, ["BillingPostalCode", "Billing Zip/Postal Code", "Billing Postal Code"]),
                (.billingCountry, ["BillingCountry", "Billing Country"]),
                (.ownerEmail, ["Owner.Email", "Account Owner Email", "Owner.Name", "Account Owner"]),
                (.notes, ["Description"]),
            ]
        case .contacts:
            [
                (.externalID, ["Id", "Contact ID"]),
                (.firstName, ["FirstName", "First Name"]),
                (.lastName, ["LastName", "Last Name"]),
                (.fullName, ["Name", "Full Name"]),
                (.position, ["Title"]),
                (.email, ["Email"]),
                (.mobile, ["MobilePhone", "Mobile"]),
                (.phone, ["Phone"]),
                (.accountName, ["Account.Name", "Account Name"]),
                (.accountExternalID, ["AccountId", "Account ID"]),
                (.ownerEmail, ["Owner.Email", "Contact Owner Email", "Owner.Name", "Contact Owner"]),
                (.notes, ["Description"]),
            ]
        case .leads:
            [
                (.externalID, ["Id", "Lead ID"]),
                (.firstName, ["FirstName", "First Name"]),
                (.lastName, ["LastName", "Last Name"]),
                (.fullName, ["Name", "Full Name"]),
                (.companyName, ["Company", "Company / Account"]),
                (.email, ["Email"]),
                (.mobile, ["MobilePhone", "Mobile"]),
                (.phone, ["Phone"]),
                (.source, ["LeadSource", "Lead Source"]),
                (.status, ["Status", "Lead Status"]),
                (.interest, ["ProductInterest__c", "Product Interest"]),
                (.ownerEmail, ["Owner.Email", "Lead Owner Email", "Owner.Name", "Lead Owner"]),
                (.province, ["State", "State/Province"]),
                (.industry, ["Industry"]),
                (.notes, ["Description"]),
            ]
        }
    }

    // MARK: - Pipedrive

    private static func pipedrive(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            [
                (.externalID, ["Organization - ID"]),
                (.name, ["Organization - Name"]),
                (.billingAddress, ["Organization - Address", "Organization - Full/combined address of Address"]),
                (.billingCity, ["Organization - City/town/village/locality of Address"]),
                (.billingProvince, ["Organization - State/county of Address"]),
                (.billingPostalCode, ["Organization - ZIP/Postal code of Address"]),
                (.billingCountry, ["Organization - Country of Address"]),
                (.website, ["Organization - Website"]),
                (.industry, ["Organization - Industry"]),
                (.phone, ["Organization - Phone"]),
                (.ownerEmail, ["Organization - Owner"]),
                (.tags, ["Organization - Labels", "Organization - Label"]),
            ]
        case .contacts:
            [
                (.externalID, ["Person - ID"]),
                (.fullName, ["Person - Name"]),
                (.firstName, ["Person - First name"]),
                (.lastName, ["Person - Last name"]),
                (.email, ["Person - Email - Work", "Person - Email"]),
                (.email2, ["Person - Email - Home", "Person - Email - Other"]),
                (.mobile, ["Person - Phone - Mobile"]),
                (.phone, ["Person - Phone - Work", "Person - Phone"]),
                (.position, ["Person - Job title"]),
                (.accountName, ["Person - Organization", "Organization - Name"]),
                (.accountExternalID, ["Person - Organization ID", "Organization - ID"]),
                (.ownerEmail, ["Person - Owner"]),
            ]
        case .leads:
            [
                (.externalID, ["Lead - ID"]),
                (.fullName, ["Person - Name", "Lead - Contact person"]),
                (.firstName, ["Person - First name"]),
                (.lastName, ["Person - Last name"]),
                (.companyName, ["Organization - Name", "Lead - Organization", "Person - Organization"]),
                (.email, ["Person - Email - Work", "Person - Email"]),
                (.mobile, ["Person - Phone - Mobile"]),
                (.phone, ["Person - Phone - Work", "Person - Phone"]),
                (.source, ["Lead - Source", "Lead - Source channel"]),
                (.ownerEmail, ["Lead - Owner", "Person - Owner", "Deal - Owner"]),
                (.industry, ["Organization - Industry"]),
            ]
        }
    }

    // MARK: - Zoho

    private static func zoho(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            [
                (.externalID, ["Record Id", "Account ID", "Id"]),
                (.name, ["Account Name"]),
                (.phone, ["Phone"]),
                (.website, ["Website"]),
                (.industry, ["Industry"]),
                (.billingStreet, ["Billing Street"]),
                (.billingCity, ["Billing City"]),
                (.billingProvince, ["Billing State"]),
                (.billingPostalCode, ["Billing Code"]),
                (.billingCountry, ["Billing Country"]),
                (.ownerEmail, ["Account Owner"]),
                (.tags, ["Tag", "Tags"]),
                (.notes, ["Description"]),
            ]
        case .contacts:
            [
                (.externalID, ["Record Id", "Contact ID", "Id"]),
                (.firstName, ["First Name"]),
                (.lastName, ["Last Name"]),
                (.fullName, ["Full Name", "Contact Name"]),
                (.position, ["Title"]),
                (.accountName, ["Account Name"]),
                (.email, ["Email"]),
                (.email2, ["Secondary Email"]),
                (.mobile, ["Mobile"]),
                (.phone, ["Phone"]),
                (.ownerEmail, ["Contact Owner"]),
                (.notes, ["Description"]),
            ]
        case .leads:
            [
                (.externalID, ["Record Id", "Lead ID", "Id"]),
                (.firstName, ["First Name"]),
                (.lastName, ["Last Name"]),
                (.fullName, ["Full Name", "Lead Name"]),
                (.companyName, ["Company"]),
                (.email, ["Email"]),
                (.mobile, ["Mobile"]),
                (.phone, ["Phone"]),
                (.source, ["Lead Source"]),
                (.status, ["Lead Status"]),
                (.ownerEmail, ["Lead Owner"]),
                (.province, ["State"]),
                (.industry, ["Industry"]),
                (.notes, ["Description"]),
            ]
        }
    }

    // MARK: - Benta

    private static func benta(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            [
                (.externalID, ["id"]),
                (.name, ["name"]),
                (.registeredName, ["registered_name"]),
                (.tin, ["tin"]),
                (.billingAddress, ["billing_address"]),
                (.deliveryAddress, ["delivery_address"]),
                (.phone, ["phones"]),
                (.email, ["email"]),
                (.website, ["website"]),
                (.industry, ["industry"]),
                (.ownerEmail, ["owner"]),
                (.tags, ["tags"]),
            ]
        case .contacts:
            [
                (.externalID, ["id"]),
                (.fullName, ["name"]),
                (.position, ["position"]),
                (.accountExternalID, ["account_id"]),
                (.accountName, ["account"]),
                (.phone, ["phones"]),
                (.email, ["emails"]),
            ]
        case .leads:
            [
                (.externalID, ["id"]),
                (.fullName, ["name", "person_name"]),
                (.companyName, ["company", "company_name"]),
                (.phone, ["phone", "phones"]),
                (.email, ["email", "emails"]),
                (.source, ["source"]),
                (.status, ["status"]),
                (.interest, ["interest"]),
                (.province, ["province"]),
                (.industry, ["industry"]),
                (.ownerEmail, ["owner"]),
                (.notes, ["notes"]),
            ]
        }
    }

    // MARK: - Generic

    private static let phones = [
        "Phone", "Phone Number", "Phones", "Telephone", "Telephone Number", "Tel", "Tel No", "Landline",
        "Work Phone", "Business Phone", "Office Phone", "Contact Number", "Contact No",
    ]
    private static let mobiles = [
        "Mobile", "Mobile Phone", "Mobile Number", "Mobile Phone Number", "Mobile No", "Cell", "Cell Phone",
        "Cellphone", "Cellphone Number", "Cell Number",
    ]
    private static let emails = [
        "Email", "E-mail", "Email Address", "E-mail Address", "Emails", "Work Email", "Primary Email",
        "Business Email",
    ]
    private static let secondEmails = [
        "Email 2", "Secondary Email", "Other Email", "Alternate Email", "Alternative Email", "Personal Email",
        "Home Email", "Additional Email",
    ]
    private static let owners = [
        "Owner Email", "Owner", "Sales Rep", "Sales Representative", "Salesperson", "Account Manager",
        "Assigned To", "Agent",
    ]
    private static let notes = ["Notes", "Note", "Remarks", "Comments", "Comment", "Description"]
    private static let firstNames = ["First Name", "Firstname", "Given Name", "First"]
    private static let lastNames = ["Last Name", "Lastname", "Surname", "Family Name", "Last"]
    private static let fullNames = [
        "Full Name", "Contact Name", "Contact Person", "Person Name", "Person", "Contact", "Name",
    ]
    private static let companies = [
        "Company Name", "Company", "Account Name", "Account", "Organization Name", "Organisation Name",
        "Organization", "Organisation", "Business Name", "Customer Name", "Customer", "Client Name", "Client",
    ]
    private static let provinces = ["Province", "State/Province", "State", "State/Region", "Region"]
    private static let industries = ["Industry", "Sector", "Business Type", "Line of Business", "Vertical"]

    private static func generic(_ entity: ImportEntity) -> [(ImportField, [String])] {
        switch entity {
        case .accounts:
            [
                (.externalID, ["External ID", "Record ID", "ID", "Account ID", "Customer ID", "Account Number"]),
                (.registeredName, ["Registered Name", "Legal Name", "Registered Business Name", "Legal Entity Name"]),
                (.name, companies + ["Trade Name", "Name"]),
                (
                    .tin,
                    [
                        "TIN", "Tax ID", "Tax Number", "Tax Identification Number", "TIN Number", "TIN No",
                        "VAT Number",
                        "VAT ID",
                    ]
                ),
                (.mobile, mobiles),
                (.phone, phones),
                (.email, emails),
                (.website, ["Website", "Web Site", "Website URL", "URL", "Web", "Homepage", "Domain", "Domains"]),
                (.industry, industries),
                (
                    .billingAddress,
                    ["Billing Address", "Address", "Full Address", "Business Address", "Office Address"]
                ),
                (.billingStreet, ["Billing Street", "Street", "Street Address", "Address Line 1", "Address 1"]),
                (.billingCity, ["Billing City", "City", "City/Municipality", "Municipality", "Town"]),
                (.billingProvince, ["Billing Province", "Billing State"] + provinces),
                (
                    .billingPostalCode,
                    [
                        "Billing Postal Code", "Billing Zip", "Postal Code", "Zip Code", "Zip", "Postcode",
                        "ZIP/Postal Code",
                    ]
                ),
                (.billingCountry, ["Billing Country", "Country", "Country/Region"]),
                (.deliveryAddress, ["Delivery Address", "Shipping Address", "Ship To", "Ship-to Address"]),
                (.ownerEmail, owners + ["Account Owner"]),
                (.tags, ["Tags", "Tag", "Labels", "Label", "Categories", "Category"]),
                (.notes, notes),
            ]
        case .contacts:
            [
                (.externalID, ["External ID", "Contact ID", "Record ID", "ID"]),
                (.firstName, firstNames),
                (.lastName, lastNames),
                (.fullName, fullNames),
                (.position, ["Position", "Job Title", "Title", "Designation", "Role"]),
                (.accountExternalID, ["Account ID", "Company ID", "Organization ID", "Organisation ID"]),
                (.accountName, companies + ["Employer"]),
                (.mobile, mobiles),
                (.phone, phones),
                (.email, emails),
                (.email2, secondEmails),
                (.ownerEmail, owners + ["Contact Owner"]),
                (.notes, notes),
            ]
        case .leads:
            [
                (.externalID, ["External ID", "Lead ID", "Record ID", "ID"]),
                (.firstName, firstNames),
                (.lastName, lastNames),
                (.fullName, fullNames + ["Lead Name"]),
                (.companyName, companies),
                (.mobile, mobiles),
                (.phone, phones),
                (.email, emails),
                (.source, ["Lead Source", "Source", "Channel", "Origin"]),
                (.status, ["Lead Status", "Status", "Stage"]),
                (.interest, ["Interest", "Product Interest", "Interested In", "Products", "Product", "Inquiry"]),
                (.ownerEmail, owners + ["Lead Owner"]),
                (.province, provinces),
                (.industry, industries),
                (.notes, notes),
            ]
        }
    }

    // MARK: - Detection

    /// How many of the header's columns are typical of this source (case-insensitive, trimmed).
    func detectionScore(header: [String]) -> Int {
        let names = header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        switch self {
        case .pipedrive:
            let objects = ["organization - ", "person - ", "deal - ", "lead - ", "activity - ", "product - "]
            return names.filter { name in objects.contains { name.lowercased().hasPrefix($0) } }.count
        case .hubspot:
            let prefixed = names.filter { name in
                ["contact: ", "company: ", "deal: "].contains { name.lowercased().hasPrefix($0) }
            }
            return prefixed.count + Self.matches(names, Self.hubspotSignature)
        case .salesforce:
            return Self.matches(names, Self.salesforceSignature)
        case .zoho:
            return Self.matches(names, Self.zohoSignature)
        case .benta:
            // Benta writes lowercase snake_case; compared exactly so a "Phones" column elsewhere does not count.
            return names.filter(Self.bentaSignature.contains).count
        case .generic:
            return 0
        }
    }

    private static func matches(_ names: [String], _ signature: Set<String>) -> Int {
        names.filter { signature.contains($0.lowercased()) }.count
    }

    private static let hubspotSignature: Set<String> = [
        "lifecycle stage", "create date", "associated company", "associated company id", "associated contacts",
        "associated contact ids", "company domain name", "state/region", "country/region", "company owner",
        "last activity date", "original source", "website url", "mobile phone number", "association label",
    ]
    private static let salesforceSignature: Set<String> = [
        "accountid", "ownerid", "firstname", "lastname", "mobilephone", "billingstreet", "billingcity", "billingstate",
        "billingpostalcode", "billingcountry", "mailingstreet", "mailingcity", "mailingstate", "mailingpostalcode",
        "mailingcountry", "createddate", "lastmodifieddate", "numberofemployees", "annualrevenue", "leadsource",
        "isdeleted", "systemmodstamp", "account.name", "owner.email", "owner.name", "createdbyid",
        "lastmodifiedbyid", "recordtypeid", "shippingstreet", "isconverted", "created date", "last modified date",
        "mailing zip/postal code", "billing zip/postal code", "billing state/province", "mailing state/province",
        "company / account",
    ]
    private static let zohoSignature: Set<String> = [
        "created time", "modified time", "secondary email", "salutation", "mailing zip", "billing code",
        "shipping code", "created by", "modified by", "last activity time", "lead conversion time", "tag",
        "unsubscribed mode", "change log time",
    ]
    private static let bentaSignature: Set<String> = [
        "registered_name", "billing_address", "delivery_address", "preferred_channel", "account_id", "phones",
        "emails", "created_at",
    ]
}
