using Ambient.Abstractions.Events;

namespace Ambient.Abstractions.Processing;

/// <summary>
/// Processes events for one consumer group (one agent). The transport calls it per record, in order
/// per partition, and stores the offset only after it returns: everything it published is then acknowledged.
/// </summary>
public interface IEventProcessor
{
    /// <summary>A name unique among processors; the consumer group is derived from it.</summary>
    string Name { get; }

    /// <summary>The consumer group, when not derived from <see cref="Name"/> (<c>ambient-agent-&lt;name&gt;</c>).</summary>
    string? ConsumerGroup => null;

    /// <summary>Topics to consume.</summary>
    IReadOnlyList<string> Topics { get; }

    /// <summary>
    /// True while the processor takes no new records (its agent is paused): its consumer pauses every partition, so
    /// records wait on their topics, and resumes them when this turns false. Nothing is skipped or committed meanwhile.
    /// </summary>
    bool IsPaused => false;

    /// <summary>The most events processed at once across partitions.</summary>
    int MaxConcurrency { get; }

    /// <summary>Processes one event. Exceptions mean "retry, then dead-letter".</summary>
    Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken);

    /// <summary>The consumer was assigned these input partitions (e.g. to restore their state ahead of their first event).</summary>
    void PartitionsAssigned(IEnumerable<(string Topic, int Partition)> partitions)
    {
    }

    /// <summary>These input partitions were revoked or lost: state kept for them is now another worker's.</summary>
    void PartitionsRevoked(IEnumerable<(string Topic, int Partition)> partitions)
    {
    }

    /// <summary>
    /// Reads a record of a topic that does not carry CloudEvents (an A2A inbox); null reads it as a CloudEvent.
    /// </summary>
    /// <exception cref="UnreadableRecordException">The record is for this processor but its bytes cannot be read.</exception>
    AmbientEvent? TryReadRecord(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value) => null;
}
