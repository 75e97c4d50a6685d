using Ambient.Kafka.Topics;

namespace Ambient.Kubernetes;

/// <summary>What the rendered resources refer to outside the agent: the Kafka cluster, its topics, the worker's tools.</summary>
public sealed record RenderSettings
{
    /// <summary>Topic names, as the workers are configured (<c>Ambient:Topics</c>).</summary>
    public AmbientTopics Topics { get; init; } = new();

    /// <summary>The Strimzi <c>Kafka</c> the users and topics belong to (label <c>strimzi.io/cluster</c>).</summary>
    public string KafkaCluster { get; init; } = "ambient";

    /// <summary>Where KEDA reads the consumer groups' offsets: the cluster's TLS listener.</summary>
    public string KafkaBootstrap { get; init; } = "ambient-kafka-bootstrap.ambient.svc:9093";

    /// <summary>
    /// <c>replicas.max</c> when the spec gives none: the event topics' partitions (strimzi/common/topics.yaml), since a
    /// replica beyond them would own no partition and sit idle.
    /// </summary>
    public int DefaultMaxReplicas { get; init; } = 6;

    /// <summary>Partitions of an agent's A2A inbox topic.</summary>
    public int InboxPartitions { get; init; } = 6;

    /// <summary>
    /// The agents an agent with <c>a2a.delegate</c> may delegate to (the operator: every Agent of the namespace), since its
    /// worker has only its own agent file; null or empty for none.
    /// </summary>
    public IReadOnlySet<string>? ReachableAgents { get; init; }

    /// <summary>The worker's tools, to refuse an agent naming one it lacks; null to check only the names' syntax.</summary>
    public IReadOnlySet<string>? KnownTools { get; init; }
}
