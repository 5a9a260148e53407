import Foundation

/// A manager's open deals in one stage of a pipeline: how many and their amounts per currency.
public struct PipelineStageTotal: Sendable, Hashable {
    public var pipelineID: Pipeline.ID
    public var pipelineName: String
    public var stageID: Pipeline.Stage.ID
    public var stageName: String
    public var dealCount: Int
    /// One per currency, by currency code.
    public var amounts: [Money]

    public init(
        pipelineID: Pipeline.ID, pipelineName: String, stageID: Pipeline.Stage.ID, stageName: String, dealCount: Int,
        amounts: [Money]
    ) {
        self.pipelineID = pipelineID
        self.pipelineName = pipelineName
        self.stageID = stageID
        self.stageName = stageName
        self.dealCount = dealCount
        self.amounts = amounts
    }
}

/// What waits for the accountant (issue 14): bank statement lines in the review queue, payments with cash not yet
/// allocated to invoices, and customer quarters whose withholding still waits for its 2307.
public struct MoneyQueueCounts: Sendable, Hashable {
    public var statementLinesToReview: Int
    public var paymentsToAllocate: Int
    public var pendingCertificates: Int

    public init(statementLinesToReview: Int, paymentsToAllocate: Int, pendingCertificates: Int) {
        self.statementLinesToReview = statementLinesToReview
        self.paymentsToAllocate = paymentsToAllocate
        self.pendingCertificates = pendingCertificates
    }
}

/// The names of the records tasks point at, for the links that name them ("Tala Coffee" instead of "Open record");
/// only the records the viewer sees.
public struct RecordNames: Sendable, Hashable {
    public var accounts: [Account.ID: String]
    public var leads: [Lead.ID: String]

    public init(accounts: [Account.ID: String] = [:], leads: [Lead.ID: String] = [:]) {
        self.accounts = accounts
        self.leads = leads
    }
}
