using System.Collections.Concurrent;
using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Overview;

/// <summary>
/// Every agent's budget as the ledger last wrote it (tokens and cost today, against its limits): the compacted budget
/// topic read whole when the console starts and followed, as <c>ambient budget</c> reads it once.
/// </summary>
internal sealed class BudgetBoard(IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics, ILogger<BudgetBoard> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, AgentBudget> _budgets = new(StringComparer.Ordinal);

    /// <summary>The agents' budgets, by name.</summary>
    public IReadOnlyDictionary<string, AgentBudget> Budgets => _budgets;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new TopicTail(topics.Value.Budget, fromEnd: false, kafka.Value, logger).RunAsync(record =>
        {
            // Anything else on the topic (another version's record) is not a budget this console reads: skipped.
            if (record.Value is { Length: > 0 } value && BudgetJson.TryRead<BudgetLedgerRecord>(value) is { Budget: { } budget })
            {
                _budgets[budget.Agent] = budget;
            }
        }, stoppingToken);
}
