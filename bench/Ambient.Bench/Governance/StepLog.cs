using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// The step checkpoints a checkpoints topic received between two snapshots of its end offsets, decoded: what the
/// workers did in that window, each step with the time it started and the time its checkpoint was made.
/// </summary>
internal static class StepLog
{
    /// <summary>The steps (heads and tombstones left out) in [<paramref name="from"/>, <paramref name="to"/>) per partition.</summary>
    public static async Task<List<Checkpoint>> ReadAsync(AmbientKafkaOptions kafka, CheckpointCodec codec, IReadOnlyList<TopicPartitionOffset> from,
        IReadOnlyList<TopicPartitionOffset> to, CancellationToken cancellationToken)
    {
        var ends = to.ToDictionary(e => e.TopicPartition, e => e.Offset.Value);
        var starts = from.Where(s => ends[s.TopicPartition] > s.Offset.Value).ToList();
        var values = new List<byte[]>();
        if (starts.Count > 0)
        {
            var complete = await Task.Run(() =>
            {
                using var reader = new TopicReader(kafka);
                return reader.Read(starts, record =>
                {
                    var end = ends[record.TopicPartition];
                    if (record.Offset.Value >= end)
                    {
                        return false;
                    }

                    if (record.Message.Value is { } value && CheckpointKeys.Parse(record.Message.Key!).StepIndex is not null)
                    {
                        values.Add(value);
                    }

                    return record.Offset.Value < end - 1;
                }, cancellationToken);
            }, cancellationToken);
            if (!complete)
            {
                throw new InvalidOperationException("The checkpoints topic was not read to the snapshot's end offsets in time.");
            }
        }

        var steps = new List<Checkpoint>(values.Count);
        foreach (var value in values)
        {
            steps.Add(await codec.DecodeStepAsync(value, cancellationToken));
        }

        return steps;
    }
}
