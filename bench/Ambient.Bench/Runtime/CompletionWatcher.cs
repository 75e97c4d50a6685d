using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Bench.Runtime;

/// <summary>
/// Watches a side from outside, as KEDA and a downstream consumer would: polls the output topics' end offsets
/// until the expected number of records is there, then the group's committed offsets until they equal the
/// events topic's end offsets (lag 0). Polling every <see cref="s_interval"/> bounds the timing error.
/// </summary>
internal sealed class CompletionWatcher(IAdminClient admin)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits for <paramref name="expectedOutputs"/> records on <paramref name="outputs"/>, then for lag 0; times count from <paramref name="startedAt"/>.</summary>
    public async Task<Completion> WaitAsync(long startedAt, IReadOnlyList<TopicPartition> outputs, long expectedOutputs, string groupId,
        IReadOnlyList<TopicPartitionOffset> eventEnds, CancellationToken cancellationToken)
    {
        TimeSpan? firstOutput = null;
        long seen = 0, lastProgress = Stopwatch.GetTimestamp();
        while (true)
        {
            var count = await CountAsync(outputs);
            var now = Stopwatch.GetTimestamp();
            if (count > 0 && firstOutput is null)
            {
                firstOutput = Stopwatch.GetElapsedTime(startedAt, now);
            }

            if (count >= expectedOutputs)
            {
                break;
            }

            if (count > seen)
            {
                (seen, lastProgress) = (count, now);
            }

            ThrowIfStalled(lastProgress, $"{count:N0} of {expectedOutputs:N0} output records on {string.Join(", ", outputs.Select(p => p.Topic).Distinct())}");
            await Task.Delay(s_interval, cancellationToken);
        }

        var written = Stopwatch.GetElapsedTime(startedAt);
        lastProgress = Stopwatch.GetTimestamp();
        while (!await CommittedAllAsync(groupId, eventEnds))
        {
            ThrowIfStalled(lastProgress, $"group {groupId} has not committed the end offsets of {eventEnds[0].Topic}");
            await Task.Delay(s_interval, cancellationToken);
        }

        return new Completion(firstOutput ?? written, written, Stopwatch.GetElapsedTime(startedAt));
    }

    /// <summary>The end offset of every partition of <paramref name="topic"/> (new topics start at 0, so also its record count).</summary>
    public async Task<List<TopicPartitionOffset>> EndOffsetsAsync(string topic)
    {
        var result = await admin.ListOffsetsAsync(Partitions(topic).Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }));
        return [.. result.ResultInfos.Select(info => info.TopicPartitionOffsetError.TopicPartitionOffset).OrderBy(p => p.Partition.Value)];
    }

    public async Task<long> CountAsync(string topic) => (await EndOffsetsAsync(topic)).Sum(p => p.Offset.Value);

    private async Task<long> CountAsync(IReadOnlyList<TopicPartition> partitions)
    {
        var result = await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }));
        return result.ResultInfos.Sum(info => info.TopicPartitionOffsetError.Offset.Value);
    }

    private async Task<bool> CommittedAllAsync(string groupId, IReadOnlyList<TopicPartitionOffset> ends)
    {
        var request = new ConsumerGroupTopicPartitions(groupId, [.. ends.Select(e => e.TopicPartition)]);
        var results = await admin.ListConsumerGroupOffsetsAsync([request]);
        var committed = results.Single().Partitions.ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        return ends.All(end => committed.TryGetValue(end.TopicPartition, out var offset) && offset >= end.Offset.Value);
    }

    /// <summary>The partitions of <paramref name="topic"/>, from the broker's metadata.</summary>
    public List<TopicPartition> Partitions(string topic)
    {
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return [.. metadata.Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }

    private static void ThrowIfStalled(long lastProgress, string what)
    {
        if (Stopwatch.GetElapsedTime(lastProgress) > s_stallTimeout)
        {
            throw new TimeoutException($"No progress for {s_stallTimeout.TotalSeconds:0} s: {what}.");
        }
    }

    /// <summary>Times from the side's start: first output record seen, all output records there, and lag 0.</summary>
    public readonly record struct Completion(TimeSpan FirstOutput, TimeSpan Outputs, TimeSpan Committed);
}
