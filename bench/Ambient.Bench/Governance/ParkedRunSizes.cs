using Ambient.Abstractions.Checkpoints;
using Ambient.Bench.Runtime;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// What one parked run is made of on the topics, averaged over the first parked runs of each partition: its steps (their
/// states and the model's replies are JSON), of which the worker's checkpoint journal keeps the parked step whole and the
/// outline of the others, and its approval request (JSON), whose bytes the worker's approvals view keeps.
/// </summary>
/// <param name="Steps">Steps per parked run.</param>
/// <param name="StateBytes">Bytes of JSON state of all its steps together.</param>
/// <param name="ParkedStateBytes">Bytes of JSON state of its parked step, the one state held in memory.</param>
/// <param name="ReplyBytes">Bytes of the model's replies recorded in its steps.</param>
/// <param name="RequestBytes">Bytes of its approval request record.</param>
internal sealed record ParkedRunSizes(double Steps, double StateBytes, double ParkedStateBytes, double ReplyBytes, double RequestBytes)
{
    private const int Sample = 200;

    public static async Task<ParkedRunSizes> MeasureAsync(AmbientKafkaOptions kafka, CompletionWatcher watcher, AmbientTopics topics, CheckpointCodec codec,
        CancellationToken cancellationToken)
    {
        var ends = await watcher.EndOffsetsAsync(topics.Checkpoints);
        var steps = await StepLog.ReadAsync(kafka, codec, [.. ends.Select(e => new TopicPartitionOffset(e.TopicPartition, 0))],
            [.. ends.Select(e => new TopicPartitionOffset(e.TopicPartition, Math.Min(e.Offset.Value, Sample)))], cancellationToken);
        var parked = steps.GroupBy(s => s.RunId).Where(run => run.Any(s => s.Status == CheckpointStatus.Waiting)).ToList();
        if (parked.Count == 0)
        {
            throw new InvalidOperationException($"No parked run among the first {Sample} checkpoints of each partition of {topics.Checkpoints}.");
        }

        var requests = await Task.Run(() => RecordSizes(kafka, watcher.Partitions(topics.Approvals), cancellationToken), cancellationToken);
        return new ParkedRunSizes(
            parked.Average(run => run.Count()),
            parked.Average(run => run.Sum(s => s.State.Utf8.Length)),
            parked.Average(run => run.Last(s => s.Status == CheckpointStatus.Waiting).State.Utf8.Length),
            parked.Average(run => run.Sum(s => s.Exchanges.Sum(e => e.Response.Utf8.Length))),
            requests.Average());
    }

    private static List<int> RecordSizes(AmbientKafkaOptions kafka, List<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        var sizes = new List<int>();
        using var reader = new TopicReader(kafka);
        reader.Read([.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning))], record =>
        {
            sizes.Add(record.Message.Value?.Length ?? 0);
            return sizes.Count < Sample * partitions.Count;
        }, cancellationToken);
        return sizes;
    }
}
