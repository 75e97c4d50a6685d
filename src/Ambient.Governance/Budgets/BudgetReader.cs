using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Governance.Budgets;

/// <summary>Reads the budget topic once, whole: every agent's budget as the ledger last wrote it (what the CLI shows).</summary>
public static class BudgetReader
{
    /// <summary>The latest budget of each agent, by name.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or Kafka did not answer in time; the message says which.</exception>
    public static Task<IReadOnlyDictionary<string, AgentBudget>> ReadAsync(AmbientKafkaOptions kafka, string topic, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var reader = new TopicReader(kafka);
        var metadata = reader.Describe(topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"the budget topic {topic} does not exist ({metadata?.Error.Reason ?? "no metadata"}); `ambient topics init` creates it");
        }

        var budgets = new Dictionary<string, AgentBudget>(StringComparer.Ordinal);
        var starts = metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        if (!reader.Read(starts, record =>
        {
            if (record.Message.Value is { Length: > 0 } value && BudgetJson.TryRead<BudgetLedgerRecord>(value) is { Budget: { } budget })
            {
                budgets[budget.Agent] = budget;
            }

            return true;
        }, cancellationToken))
        {
            throw new InvalidOperationException($"Kafka did not deliver {topic} within {TopicReader.Timeout.TotalSeconds} s");
        }

        return (IReadOnlyDictionary<string, AgentBudget>)budgets;
    }, cancellationToken);
}
