using Ambient.Abstractions.Processing;

namespace Ambient.Governance.Budgets;

/// <summary>Writes limits onto the budget requests topic: what <c>ambient budget set</c> does.</summary>
/// <param name="publisher">Writes and waits for the acknowledgement.</param>
/// <param name="topic">The budget requests topic.</param>
public sealed class BudgetWriter(IRecordPublisher publisher, string topic)
{
    /// <summary>
    /// Asks the ledger to change <paramref name="agent"/>'s limits (a limit left null stays as it is) and returns the
    /// request's id, which the ledger's answer on the budget topic carries.
    /// </summary>
    public async Task<string> SetAsync(string agent, BudgetLimits limits, string? by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentNullException.ThrowIfNull(limits);
        var request = new BudgetRequest(BudgetRequestKind.Set, Guid.NewGuid().ToString("N"), Limits: limits, By: by);
        await publisher.PublishAsync(new OutgoingRecord(topic, agent, BudgetJson.Encode(request),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" }), cancellationToken);
        return request.Id;
    }
}
