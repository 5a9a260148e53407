import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/leads`, `/api/v1/calls/inbound`, `/api/v1/activities`, timelines and `/api/v1/routing-rules`.
struct LeadsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.leads, use: list)
        group.post(Paths.API.leads, use: create)
        group.get(Paths.API.lead, use: show)
        group.patch(Paths.API.lead, use: update)
        group.post(Paths.API.leadStatus, use: setStatus)
        group.post(Paths.API.convertLead, use: convert)
        group.get(Paths.API.leadTimeline, use: leadTimeline)
        group.get(Paths.API.accountTimeline, use: accountTimeline)
        group.get(Paths.API.contactTimeline, use: contactTimeline)
        group.post(Paths.API.activities, use: logActivity)
        group.post(Paths.API.inboundCall, use: inboundCall)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try Self.filter(request)
        let page = try await services.leads.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let names = try await services.users.names(
            Set(page.items.map(\.fields.ownerID)), companyID: context.viewer.companyID)
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { LeadResponse(lead: $0, ownerName: names[$0.fields.ownerID]) },
                nextCursor: page.nextCursor))
    }

    static func filter(_ request: Request) throws -> LeadFilter {
        var statuses: [LeadStatus]?
        if let text = request.query("status"), text != "open" {
            if text == "all" {
                statuses = LeadStatus.allCases
            } else {
                let parsed = text.split(separator: ",").map { LeadStatus(rawValue: String($0)) }
                guard !parsed.contains(where: { $0 == nil }) else {
                    throw RequestError.invalidParameter(
                        name: "status", message: "must be open, all, or statuses such as new,contacted.")
                }
                statuses = parsed.compactMap { $0 }
            }
        }
        var source: LeadSource?
        if let text = request.query("source") {
            guard let parsed = LeadSource(rawValue: text) else {
                throw RequestError.invalidParameter(name: "source", message: "is not a lead source.")
            }
            source = parsed
        }
        return LeadFilter(
            ownerID: try ListQuery.owner(request), statuses: statuses, source: source,
            query: try ListQuery.search(request))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let lead = try await services.leads.lead(try PathID.parse(context, entity: "lead"), viewer: context.viewer)
        return try await respond(lead, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await LeadInput.decode(from: request)
        let made = try await services.leads.create(
            body.draft(), viewer: context.viewer, companyID: context.viewer.companyID)
        return try await respond(made.lead, context: context, status: .created, location: Paths.API.lead(made.lead.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let body = try await LeadInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let lead = try await services.leads.update(id, viewer: context.viewer, expectedVersion: version) { draft in
            body.apply(to: &draft)
        }
        return try await respond(lead, context: context)
    }

    @Sendable func setStatus(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let body = try await JSONBody.decode(
            LeadStatusRequest.self, from: request, allowedKeys: LeadStatusRequest.allowedKeys)
        guard let status = LeadStatus(rawValue: body.status) else {
            var errors = ValidationErrors()
            errors.add(
                field: "status", code: "invalid_choice", message: "Use new, contacted, qualified or disqualified.")
            throw errors
        }
        let version = try VersionPrecondition.optional(body: body.version, request: request)
        let lead = try await services.leads.setStatus(
            status, reason: body.reason, of: id, viewer: context.viewer, expectedVersion: version)
        return try await respond(lead, context: context)
    }

    @Sendable func convert(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let body = try await JSONBody.decode(
            LeadConvertRequest.self, from: request, allowedKeys: LeadConvertRequest.allowedKeys)
        let account: Account.ID? = try body.accountId.flatMap { $0.isEmpty ? nil : $0 }.map {
            try BodyID.parse($0, field: "account_id", message: "Choose an account.")
        }
        let result = try await services.leads.convert(
            id, viewer: context.viewer,
            expectedVersion: try VersionPrecondition.optional(body: body.version, request: request),
            intoAccount: account, accountName: body.accountName, dealTitle: body.dealTitle)
        let names = try await userNames(context)
        let pipelines = result.deal == nil ? [] : try await services.deals.pipelines(viewer: context.viewer)
        return JSONResponse.make(
            LeadConversionResponse(
                lead: LeadResponse(lead: result.lead, ownerName: names[result.lead.fields.ownerID]),
                account: AccountResponse(result.account, ownerName: names[result.account.fields.ownerID]),
                contact: result.contact.map { ContactResponse($0, accountName: result.account.fields.name) },
                joinedExistingAccount: result.joinedExistingAccount,
                deal: result.deal.map { DealResponse(deal: $0, pipelines: pipelines) }), status: .created)
    }

    @Sendable func leadTimeline(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await timeline(.lead(try PathID.parse(context, entity: "lead")), request: request, context: context)
    }

    @Sendable func accountTimeline(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await timeline(.account(try PathID.parse(context, entity: "account")), request: request, context: context)
    }

    @Sendable func contactTimeline(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await timeline(.contact(try PathID.parse(context, entity: "contact")), request: request, context: context)
    }

    private func timeline(
        _ owner: TimelineOwner, request: Request, context: AuthenticatedContext
    ) async throws
        -> Response
    {
        // Timelines page by time, with their own cursor (422 `invalid_cursor` for one no timeline made).
        let page = try ListQuery.timelinePage(request)
        let entries = try await services.activities.timeline(
            owner, viewer: context.viewer, limit: page.limit, cursor: page.cursor)
        let names = try await userNames(context)
        return JSONResponse.make(
            ListResponse(
                data: entries.items.map { ActivityResponse(activity: $0, userName: $0.userID.flatMap { names[$0] }) },
                nextCursor: entries.nextCursor))
    }

    @Sendable func logActivity(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            ActivityRequest.self, from: request, allowedKeys: ActivityRequest.allowedKeys)
        let logged = try await services.activities.log(try body.draft(), viewer: context.viewer)
        return JSONResponse.make(
            ActivityResponse(activity: logged.activity, userName: context.user.name), status: .created)
    }

    /// The PBX webhook: who is calling, answered from the database in one transaction.
    @Sendable func inboundCall(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            InboundCallRequest.self, from: request, allowedKeys: InboundCallRequest.allowedKeys)
        let result = try await services.inboundCalls.receive(
            from: body.from, to: body.to, callID: body.callId, viewer: context.viewer)
        let names = try await userNames(context)
        return JSONResponse.make(InboundCallResponse(result: result, ownerNames: names))
    }

    private func respond(
        _ lead: Lead, context: AuthenticatedContext, status: HTTPResponse.Status = .ok,
        location: String? = nil
    ) async throws
        -> Response
    {
        let names = try await services.users.names([lead.fields.ownerID], companyID: context.viewer.companyID)
        return JSONResponse.record(
            LeadResponse(lead: lead, ownerName: names[lead.fields.ownerID]), version: lead.version, status: status,
            location: location)
    }

    private func userNames(_ context: AuthenticatedContext) async throws -> [User.ID: String] {
        let users = try await services.users.all(companyID: context.viewer.companyID)
        return Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The screen-pop answer: who is calling, their open leads, the lead made for an unknown caller.
struct InboundCallResponse: Encodable {
    let result: InboundCallResult
    let ownerNames: [User.ID: String]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(
            PhoneOutput(number: result.number.raw, e164: result.number.e164, display: result.number.display),
            forKey: .number)
        try c.encode(
            result.matches.map { Match(match: $0, ownerNames: ownerNames, pipelines: result.pipelines) },
            forKey: .matches)
        try c.encode(
            result.openLeads.map { LeadResponse(lead: $0, ownerName: ownerNames[$0.fields.ownerID]) },
            forKey: .openLeads)
        try c.encode(
            result.createdLead.map { LeadResponse(lead: $0, ownerName: ownerNames[$0.fields.ownerID]) }, forKey: .lead)
        try c.encode(result.activity.id.description, forKey: .activityId)
    }

    private enum Keys: String, CodingKey { case number, matches, openLeads, lead, activityId }

    struct Match: Encodable {
        let match: CallerMatch
        let ownerNames: [User.ID: String]
        let pipelines: [Pipeline]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(
                match.contact.map { Person(id: $0.id.description, name: $0.fields.name, position: $0.fields.position) },
                forKey: .contact)
            try c.encode(Named(id: match.account.id.description, name: match.account.fields.name), forKey: .account)
            try c.encode(match.owner.map { Named(id: $0.id.description, name: $0.name) }, forKey: .owner)
            try c.encode(
                match.openLeads.map { LeadResponse(lead: $0, ownerName: ownerNames[$0.fields.ownerID]) },
                forKey: .openLeads)
            try c.encode(match.openDeals.map { DealResponse(deal: $0, pipelines: pipelines) }, forKey: .openDeals)
        }

        private enum Keys: String, CodingKey { case contact, account, owner, openLeads, openDeals }
    }

    struct Named: Encodable {
        let id: String
        let name: String
    }

    struct Person: Encodable {
        let id: String
        let name: String
        let position: String?
    }
}
