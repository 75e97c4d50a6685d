using System.Diagnostics;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Tracing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Reading;

/// <summary>
/// Reads events back by their coordinates (rollbacks re-execute a run on its original event) or by range (replays),
/// through a <see cref="TopicReader"/>.
/// </summary>
public sealed class EventReader(IOptions<AmbientKafkaOptions> options)
{
    /// <summary>The event at <paramref name="at"/>.</summary>
    /// <exception cref="InvalidOperationException">No record is there any more (retention) or it is not a CloudEvent.</exception>
    public Task<AmbientEvent> ReadAsync(EventCoordinates at, CancellationToken cancellationToken) => ReadAsync(at, null, cancellationToken);

    /// <summary>The event at <paramref name="at"/>, read by <paramref name="processor"/> when it reads that topic itself (A2A inboxes).</summary>
    /// <exception cref="InvalidOperationException">No record is there any more (retention) or it cannot be read.</exception>
    /// <remarks>The blocking read runs on a thread of its own, not a thread-pool thread (it may wait up to 15 s).</remarks>
    public Task<AmbientEvent> ReadAsync(EventCoordinates at, IEventProcessor? processor, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Decode(at, Read(at, cancellationToken), processor), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The event at <paramref name="at"/> with the trace it was published in (its <c>traceparent</c> header), if any.</summary>
    /// <exception cref="InvalidOperationException">No record is there any more (retention) or it is not a CloudEvent.</exception>
    public Task<(AmbientEvent Event, ActivityContext? Trace)> ReadTracedAsync(EventCoordinates at, CancellationToken cancellationToken) => Task.Factory.StartNew(() =>
    {
        var record = Read(at, cancellationToken);
        return (Decode(at, record, null), KafkaTraceContext.TryExtract(record.Message.Headers, out var trace) ? trace : (ActivityContext?)null);
    }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    // Blocking (up to 15 s): callers run it on a thread of its own.
    private ConsumeResult<string?, byte[]> Read(EventCoordinates at, CancellationToken cancellationToken)
    {
        using var reader = new TopicReader(options.Value);
        ConsumeResult<string?, byte[]>? record = null;
        reader.Read([new TopicPartitionOffset(at.Topic, at.Partition, at.Offset)], first =>
        {
            record = first;
            return false;
        }, cancellationToken);
        return record is not null && record.Offset.Value == at.Offset
            ? record
            : throw new InvalidOperationException(
                $"The event at {at} is no longer on the topic (found {(record is null ? "nothing" : $"offset {record.Offset.Value}")}); its retention may have removed it.");
    }

    private static AmbientEvent Decode(EventCoordinates at, ConsumeResult<string?, byte[]> record, IEventProcessor? processor)
    {
        try
        {
            if (processor?.TryReadRecord(record.Topic, record.Message.Key, RecordHeaders.From(record.Message.Headers), record.Message.Value) is { } own)
            {
                return own with { PartitionKey = record.Message.Key };
            }

            return CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key };
        }
        catch (Exception ex) when (ex is CloudEventFormatException or UnreadableRecordException)
        {
            throw new InvalidOperationException($"The record at {at} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The events of the window [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="topics"/> (one
    /// partition, or all), in offset order per partition; missing topics are skipped, and so are records that are not
    /// CloudEvents (they were dead-lettered when first consumed).
    /// </summary>
    public List<(AmbientEvent Event, EventCoordinates At)> ReadRange(IEnumerable<string> topics, int? partition, EventPosition from, EventPosition? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        using var reader = new TopicReader(options.Value);
        var events = new List<(AmbientEvent, EventCoordinates)>();
        foreach (var topic in topics)
        {
            var metadata = reader.Describe(topic);
            if (metadata is null || metadata.Error.IsError)
            {
                continue;
            }

            foreach (var p in metadata.Partitions.Select(p => p.PartitionId).Where(p => partition is null || p == partition))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var topicPartition = new TopicPartition(topic, p);
                var end = reader.Watermarks(topicPartition).High.Value;
                var start = Resolve(reader, topicPartition, from, 0);
                var stop = to is { } until ? Math.Min(end, Resolve(reader, topicPartition, until, end)) : end;
                if (start >= stop)
                {
                    continue;
                }

                // A poll that times out ends this partition's window where it got to, as a replay of what is there.
                reader.Read([new TopicPartitionOffset(topicPartition, start)], record =>
                {
                    if (record.Offset.Value >= stop)
                    {
                        return false;
                    }

                    try
                    {
                        events.Add((CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key }, new EventCoordinates(topic, p, record.Offset.Value)));
                    }
                    catch (CloudEventFormatException)
                    {
                        // Not a CloudEvent: it went to the dead-letter topic the first time, and would again.
                    }

                    return record.Offset.Value < stop - 1;
                }, cancellationToken);
            }
        }

        return events;
    }

    private static long Resolve(TopicReader reader, TopicPartition partition, EventPosition position, long fallback)
    {
        if (position.Offset is { } offset)
        {
            return offset;
        }

        var found = reader.OffsetsAt([partition], position.Time!.Value).Single().Offset;
        return found == Offset.End ? long.MaxValue : found.Value < 0 ? fallback : found.Value;
    }
}
