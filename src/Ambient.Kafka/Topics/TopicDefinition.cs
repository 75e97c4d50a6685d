namespace Ambient.Kafka.Topics;

/// <summary>A topic as <see cref="TopicInitializer"/> creates it.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">How many partitions: the most consumers of one group that can work on it at once.</param>
/// <param name="Configs">Topic-level configs, e.g. <c>cleanup.policy</c> and <c>retention.ms</c>.</param>
public sealed record TopicDefinition(string Name, int Partitions, IReadOnlyDictionary<string, string> Configs);
