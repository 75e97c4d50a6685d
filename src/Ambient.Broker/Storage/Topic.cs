namespace Ambient.Broker.Storage;

/// <summary>A topic: its id, configuration and one log per partition.</summary>
internal sealed class Topic(string name, Guid id, TopicConfig config, PartitionLog[] partitions)
{
    public string Name { get; } = name;

    public Guid Id { get; } = id;

    public TopicConfig Config { get; } = config;

    public IReadOnlyList<PartitionLog> Partitions { get; } = partitions;

    public PartitionLog? GetPartition(int partition) =>
        partition >= 0 && partition < Partitions.Count ? Partitions[partition] : null;
}
