using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Operator.Reconciling;

/// <summary>
/// What a deleted Agent leaves behind outside Kubernetes, cleared: the pause the operator wrote for it (so an Agent of the
/// same name created later is not held), and its Agent Card (a tombstone), so other workers stop delegating to an agent
/// whose worker is gone. Its Kubernetes resources go with it through their owner references.
/// </summary>
internal sealed class AgentRetirement(SpecPauses pauses, IRecordPublisher publisher, IOptions<AmbientTopics> topics)
{
    public async Task RetireAsync(string agent, CancellationToken cancellationToken)
    {
        await pauses.ReconcileAsync(agent, paused: false, $"deleted Agent {agent}", cancellationToken);
        await publisher.PublishAsync(new OutgoingRecord(topics.Value.A2aCards, agent, ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>(StringComparer.Ordinal)),
            cancellationToken);
    }
}
