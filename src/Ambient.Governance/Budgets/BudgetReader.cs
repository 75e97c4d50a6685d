using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;

namespace Ambient.Governance.Budgets;

/// <summary>Reads the budget topic once, whole: every agent's budget as the ledger last wrote it (what the CLI shows).</summary>
public static class BudgetReader
{
    /// <summary>The latest budget of each agent, by name.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or Kafka did not answer in time; the message says which.</exception>
    public static Task<IReadOnlyDictionary<string, AgentBudget>> ReadAsync(AmbientKafkaOptions kafka, string topic, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var budgets = new Dictionary<string, AgentBudget>(StringComparer.Ordinal);
        WholeTopic.Read(kafka, topic, record =>
        {
            if (record.Message.Value is { Length: > 0 } value && BudgetJson.TryRead<BudgetLedgerRecord>(value) is { Budget: { } budget })
            {
                budgets[budget.Agent] = budget;
            }
        }, cancellationToken);
        return (IReadOnlyDictionary<string, AgentBudget>)budgets;
    }, cancellationToken);
}
