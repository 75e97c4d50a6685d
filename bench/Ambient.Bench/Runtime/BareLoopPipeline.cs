using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Bench.Runtime;

/// <summary>
/// The baseline side: a bare Confluent.Kafka consume→produce loop (<see cref="BareLoop"/>) with the runtime's
/// delivery discipline, writing <paramref name="outputsPerEvent"/> records per event. With one output it is the
/// textbook loop; with four, three go to an actions-like topic (6 partitions) and one to an audit-like topic
/// (3 partitions), the record count and topic layout the runtime writes for github-triage.
/// </summary>
internal sealed class BareLoopPipeline(string name, string bootstrapServers, IAdminClient admin, int outputsPerEvent, int commitIntervalMs) : IPipeline
{
    public string Name => name;

    public async Task<PreparedRun> PrepareAsync(string eventsTopic, int events, string runId, CancellationToken cancellationToken)
    {
        var actions = $"{runId}.out-actions";
        var audit = $"{runId}.out-audit";
        List<TopicSpecification> topics = [new() { Name = actions, NumPartitions = 6, ReplicationFactor = 1 }];
        if (outputsPerEvent > 1)
        {
            topics.Add(new() { Name = audit, NumPartitions = 3, ReplicationFactor = 1 });
        }

        await admin.CreateTopicsAsync(topics);
        string[] destinations = outputsPerEvent > 1 ? [.. Enumerable.Repeat(actions, outputsPerEvent - 1), audit] : [actions];
        var groupId = $"bare-{runId}";
        return new PreparedRun(groupId, [.. topics.Select(t => t.Name)], (long)events * outputsPerEvent, (long)events * outputsPerEvent, actions, [.. topics.Select(t => t.Name)],
            token => Task.FromResult<IAsyncDisposable>(BareLoop.Start(bootstrapServers, groupId, eventsTopic, destinations, commitIntervalMs)));
    }
}
