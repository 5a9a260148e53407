import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/pipelines` and `/api/v1/deals`: list, show, create, update, move between stages, history, metrics.
struct DealsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.pipelines, use: pipelines)
        group.get(Paths.API.deals, use: list)
        group.post(Paths.API.deals, use: create)
        group.get(Paths.API.dealMetrics, use: metrics)
        group.get(Paths.API.dealConversion, use: conversion)
        group.get(Paths.API.deal, use: show)
        group.patch(Paths.API.deal, use: update)
        group.post(Paths.API.dealStage, use: move)
        group.get(Paths.API.dealHistory, use: history)
    }

    @Sendable func pipelines(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: pipelines.map(PipelineResponse.init), nextCursor: nil))
    }

    static func filter(_ request: Request) throws -> DealFilter {
        var filter = DealFilter(ownerID: try ListQuery.owner(request), query: request.query("q"))
        switch request.query("status") {
        case nil: filter.status = .open
        case "all": filter.status = nil
        case let text?:
            guard let status = DealStatus(rawValue: text) else {
                throw RequestError.invalidParameter(name: "status", message: "must be open, won, lost or all.")
            }
            filter.status = status
        }
        filter.accountID = try ListQuery.id(request, "account_id", message: "must be an account id.")
        filter.stageID = try ListQuery.id(request, "stage_id", message: "must be a stage id.")
        for (name, keyPath) in [("close_from", \DealFilter.closeFrom), ("close_to", \DealFilter.closeTo)] {
            guard let text = request.query(name), !text.isEmpty else { continue }
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: name, message: "must be a date (YYYY-MM-DD).")
            }
            filter[keyPath: keyPath] = date
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.deals.list(
            viewer: context.viewer, filter: try Self.filter(request), page: try ListQuery.page(request))
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { DealResponse(deal: $0, pipelines: pipelines) }, nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let deal = try await services.deals.deal(try PathID.parse(context, entity: "deal"), viewer: context.viewer)
        return try await respond(deal, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await DealInput.decode(from: request)
        let draft = try body.draft()
        let pipeline: Pipeline.ID? = try (body.pipelineId ?? nil).map {
            try BodyID.parse($0, field: "pipeline_id", message: "Choose a pipeline.")
        }
        let deal = try await services.deals.create(draft, pipelineID: pipeline, viewer: context.viewer)
        return try await respond(deal, context: context, status: .created, location: Paths.API.deal(deal.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let body = try await DealInput.decode(from: request)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let deal = try await services.deals.update(id, viewer: context.viewer, expectedVersion: version) { draft in
            body.apply(to: &draft)
        }
        return try await respond(deal, context: context)
    }

    @Sendable func move(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Deal.ID = try PathID.parse(context, entity: "deal")
        let body = try await JSONBody.decode(
            StageMoveRequest.self, from: request, allowedKeys: StageMoveRequest.allowedKeys)
        let stage: Pipeline.Stage.ID = try BodyID.parse(
            body.stageId, field: "stage_id", code: "invalid_stage", message: "Choose a stage of this deal's pipeline.")
        let deal = try await services.deals.move(
            id, to: stage, lostReason: body.lostReason, viewer: context.viewer,
            expectedVersion: try VersionPrecondition.optional(body: body.version, request: request))
        return try await respond(deal, context: context)
    }

    @Sendable func history(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let changes = try await services.deals.history(
            try PathID.parse(context, entity: "deal"), viewer: context.viewer)
        return JSONResponse.make(
            ListResponse(
                data: changes.map {
                    StageChangeResponse(
                        fromStageId: $0.from?.description, toStageId: $0.to.description, changedAt: $0.at,
                        changedBy: $0.by?.description)
                }, nextCursor: nil))
    }

    /// `?month=2026-12` (default this month) and optional `owner_id`.
    @Sendable func metrics(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let zone = try await services.companies.company(context.viewer.companyID).settings.timeZone
        var start = CalendarDate.from(services.clock.now(), in: zone).firstOfMonth
        if let text = request.query("month") {
            guard let date = CalendarDate(iso8601: text + "-01") else {
                throw RequestError.invalidParameter(name: "month", message: "must be YYYY-MM.")
            }
            start = date
        }
        let end = start.adding(months: 1)
        let metrics = try await services.deals.metrics(
            viewer: context.viewer, ownerID: try ListQuery.owner(request), from: start, to: end)
        return JSONResponse.make(MetricsResponse(metrics: metrics, month: String(start.iso8601String.prefix(7))))
    }

    /// `?pipeline_id=` (default pipeline when absent) and optional `owner_id`.
    @Sendable func conversion(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let pipelineID: Pipeline.ID? = try ListQuery.id(request, "pipeline_id", message: "must be a pipeline id.")
        let (pipeline, stages) = try await services.deals.conversion(
            viewer: context.viewer, pipelineID: pipelineID, ownerID: try ListQuery.owner(request))
        return JSONResponse.make(ConversionResponse(pipeline: pipeline, stages: stages))
    }

    private func respond(
        _ deal: Deal, context: AuthenticatedContext, status: HTTPResponse.Status = .ok,
        location: String? = nil
    ) async throws
        -> Response
    {
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        return JSONResponse.record(
            DealResponse(deal: deal, pipelines: pipelines), version: deal.version, status: status, location: location)
    }
}

struct PipelineResponse: Encodable {
    struct Stage: Encodable {
        let id: String
        let name: String
        let position: Int
        let probability: Int
        let forecastCategory: String
        let outcome: String?
    }

    let id: String
    let name: String
    let isDefault: Bool
    let stages: [Stage]
    let version: Int64

    init(_ pipeline: Pipeline) {
        id = pipeline.id.description
        name = pipeline.name
        isDefault = pipeline.isDefault
        version = pipeline.version
        stages = pipeline.stages.map {
            Stage(
                id: $0.id.description, name: $0.name, position: $0.position, probability: $0.probability,
                forecastCategory: $0.forecastCategory.rawValue, outcome: $0.outcome?.rawValue)
        }
    }
}

struct DealResponse: Encodable {
    let deal: Deal
    let pipelines: [Pipeline]

    func encode(to encoder: any Encoder) throws {
        let f = deal.fields
        let pipeline = pipelines.first { $0.id == deal.pipelineID }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(deal.id.description, forKey: .id)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.accountID.description, forKey: .accountId)
        try c.encode(f.contactIDs.map(\.description), forKey: .contactIds)
        try c.encode(f.ownerID.description, forKey: .ownerId)
        try c.encode(f.amount.decimalString, forKey: .amount)
        try c.encode(f.amount.currency.code, forKey: .currency)
        try c.encode(f.expectedClose.iso8601String, forKey: .expectedClose)
        try c.encode(deal.pipelineID.description, forKey: .pipelineId)
        try c.encode(deal.stageID.description, forKey: .stageId)
        try c.encode(pipeline?.stage(deal.stageID)?.name, forKey: .stageName)
        try c.encode(pipeline.map { deal.probability(in: $0) }, forKey: .probability)
        try c.encode(pipeline.map { deal.forecastCategory(in: $0).rawValue }, forKey: .forecastCategory)
        try c.encode(f.probability, forKey: .probabilityOverride)
        try c.encode(f.sourceLeadID?.description, forKey: .sourceLeadId)
        try c.encode(f.nextStep, forKey: .nextStep)
        try c.encode(f.notes, forKey: .notes)
        try c.encode(deal.status.rawValue, forKey: .status)
        try c.encode(deal.lostReason, forKey: .lostReason)
        try c.encode(deal.closedAt, forKey: .closedAt)
        try c.encode(deal.createdAt, forKey: .createdAt)
        try c.encode(deal.updatedAt, forKey: .updatedAt)
        try c.encode(deal.version, forKey: .version)
        try c.encode(f.pricesIncludeTax, forKey: .pricesIncludeTax)
        try c.encode(f.lines.map { LineResponse(item: $0, currency: f.amount.currency) }, forKey: .lines)
        if f.lines.isEmpty {
            try c.encodeNil(forKey: .totals)
        } else {
            let totals = try DocumentTotals.compute(
                lines: f.lines.map(\.line), pricesIncludeTax: f.pricesIncludeTax, currency: f.amount.currency)
            try c.encode(TotalsResponse(totals: totals), forKey: .totals)
        }
    }

    private enum Keys: String, CodingKey {
        case id, title, accountId, contactIds, ownerId, amount, currency, expectedClose, pipelineId, stageId, stageName
        case probability, forecastCategory, probabilityOverride, sourceLeadId, nextStep, notes, status, lostReason
        case closedAt, createdAt, updatedAt, version, pricesIncludeTax, lines, totals
    }
}

struct StageMoveRequest: Decodable {
    static let allowedKeys: Set<String> = ["stage_id", "lost_reason", "version"]
    var stageId: String
    var lostReason: String?
    var version: Int64?
}

struct StageChangeResponse: Encodable {
    let fromStageId: String?
    let toStageId: String
    let changedAt: Date
    let changedBy: String?
}

struct MetricsResponse: Encodable {
    let metrics: PipelineMetrics
    let month: String

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(month, forKey: .month)
        try c.encode(metrics.openPipeline.currency.code, forKey: .currency)
        try c.encode(metrics.weightedPipeline.decimalString, forKey: .weightedPipeline)
        try c.encode(metrics.openPipeline.decimalString, forKey: .openPipeline)
        try c.encode(metrics.openDeals, forKey: .openDeals)
        try c.encode(metrics.closedWon.decimalString, forKey: .closedWon)
        try c.encode(metrics.won, forKey: .won)
        try c.encode(metrics.lost, forKey: .lost)
        try c.encode(metrics.winRatePercent.map { "\($0)" }, forKey: .winRatePercent)
        try c.encode(metrics.averageCycleDays.map { "\($0)" }, forKey: .averageCycleDays)
        try c.encode(metrics.commit.decimalString, forKey: .commit)
        try c.encode(metrics.bestCase.decimalString, forKey: .bestCase)
        // The seam for monthly plans (coming with the plans issue): coverage = open pipeline ÷ (plan − won).
        try c.encodeNil(forKey: .coverage)
    }

    private enum Keys: String, CodingKey {
        case month, currency, weightedPipeline, openPipeline, openDeals, closedWon, won, lost, winRatePercent
        case averageCycleDays, commit, bestCase, coverage
    }
}

struct ConversionResponse: Encodable {
    let pipeline: Pipeline
    let stages: [StageConversion]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(pipeline.id.description, forKey: .pipelineId)
        var list = c.nestedUnkeyedContainer(forKey: .stages)
        for stage in stages {
            var row = list.nestedContainer(keyedBy: StageKeys.self)
            try row.encode(stage.stageID.description, forKey: .stageId)
            try row.encode(stage.stageName, forKey: .stageName)
            try row.encode(stage.entered, forKey: .entered)
            try row.encode(stage.advanced, forKey: .advanced)
            try row.encode(stage.won, forKey: .won)
            try row.encode(stage.lost, forKey: .lost)
            try row.encode(stage.advanceRatePercent.map { "\($0)" }, forKey: .advanceRatePercent)
            try row.encode(stage.winRatePercent.map { "\($0)" }, forKey: .winRatePercent)
            try row.encode(stage.averageDaysInStage.map { "\($0)" }, forKey: .averageDaysInStage)
        }
    }

    private enum Keys: String, CodingKey { case pipelineId, stages }
    private enum StageKeys: String, CodingKey {
        case stageId, stageName, entered, advanced, won, lost, advanceRatePercent, winRatePercent, averageDaysInStage
    }
}
