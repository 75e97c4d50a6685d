using System.Globalization;

namespace Ambient.Kafka.Topics;

/// <summary>
/// One topic that is not as a process needs it: missing, with too few partitions for the inputs it is written by, with
/// the wrong <c>cleanup.policy</c>, or not describable by this client. What it has and what it needs, in words.
/// </summary>
/// <param name="Definition">The topic as the layout creates it.</param>
/// <param name="Exists">Whether the topic exists.</param>
/// <param name="Partitions">Its partitions (0 when missing).</param>
/// <param name="CleanupPolicy">Its <c>cleanup.policy</c>; null when missing or not readable.</param>
/// <param name="Records">Records it holds (high minus low watermark, all partitions); null when missing.</param>
/// <param name="NeededPartitions">The partitions it needs when it has too few; null otherwise.</param>
/// <param name="PartitionsReason">Why it needs them (the input with the most partitions).</param>
/// <param name="NeededCleanupPolicy">The policy it needs when its own is wrong; null otherwise.</param>
/// <param name="Denied">Why this client may not describe it (an authorization error); null otherwise.</param>
public sealed record TopicProblem(TopicDefinition Definition, bool Exists, int Partitions, string? CleanupPolicy, long? Records,
    int? NeededPartitions = null, string? PartitionsReason = null, string? NeededCleanupPolicy = null, string? Denied = null)
{
    /// <summary>The topic's name.</summary>
    public string Topic => Definition.Name;

    /// <summary>What the topic has, e.g. <c>1 partition, cleanup.policy=delete, 0 records</c>, or <c>no such topic</c> (read after "has").</summary>
    public string Has => Denied is not null ? $"no metadata for this client ({Denied})"
        : !Exists ? "no such topic"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Plural(Partitions, "partition")}, cleanup.policy={CleanupPolicy ?? "unknown"}, {Plural(Records ?? 0, "record")}");

    /// <summary>What the topic needs, e.g. <c>at least 6 partitions, ... and cleanup.policy=compact</c>.</summary>
    public string Needs
    {
        get
        {
            if (Denied is not null)
            {
                return "this client to be allowed to describe, read and write it";
            }

            var policy = Policy(NeededCleanupPolicy ?? Definition.Configs.GetValueOrDefault(TopicRequirements.CleanupPolicy) ?? "delete");
            return !Exists
                ? string.Create(CultureInfo.InvariantCulture, $"{Plural(Math.Max(Definition.Partitions, NeededPartitions ?? 0), "partition")} and {policy}")
                : string.Join(" and ", new[]
                {
                    NeededPartitions is { } needed ? string.Create(CultureInfo.InvariantCulture, $"at least {Plural(needed, "partition")} ({PartitionsReason})") : null,
                    NeededCleanupPolicy is not null ? policy : null,
                }.OfType<string>());
        }
    }

    /// <summary>How to fix it, with <paramref name="repairCommand"/> where the repair is safe.</summary>
    public string Fix(string repairCommand, string bootstrapServers) => this switch
    {
        { Denied: not null } => "Grant this client's principal Describe, Read and Write on it.",
        { Exists: false } => $"`{repairCommand}` creates it.",
        { Records: 0 } => $"It is empty: `{repairCommand}` deletes it and creates it again as needed.",
        _ => string.Join(" ", new[]
        {
            NeededPartitions is { } partitions
                ? string.Create(CultureInfo.InvariantCulture,
                    $"`{repairCommand}` adds the partitions where the brokers support it (CreatePartitions; the records it holds stay where they belong, since Ambient names the partition of each), or: kafka-topics.sh --bootstrap-server {bootstrapServers} --alter --topic {Topic} --partitions {partitions}.")
                : null,
            NeededCleanupPolicy is { } policy
                ? $"`{repairCommand}` sets cleanup.policy where the brokers support it (IncrementalAlterConfigs), or: kafka-configs.sh --bootstrap-server {bootstrapServers} --alter --entity-type topics --entity-name {Topic} --add-config cleanup.policy={policy}."
                : null,
        }.OfType<string>()),
    };

    private static string Policy(string policy) => policy.Contains("compact", StringComparison.Ordinal)
        ? $"cleanup.policy={policy} (only a run's newest records need keeping)"
        : $"cleanup.policy={policy} (compaction would keep only the newest record of each key)";

    private static string Plural(long count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
