namespace Ambient.Kafka.Consumers;

/// <summary>How an event consumer paces, retries and stops, bound from <c>Ambient:Consumer</c>.</summary>
public sealed class EventConsumerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Consumer";

    /// <summary>
    /// Records buffered per partition before the partition is paused (it resumes once under half of this and of
    /// <see cref="MaxQueuedBytesPerPartition"/>). Deep on purpose: pausing makes librdkafka drop what it had already
    /// fetched for the partition and fetch it again on resume, and a buffer of 200 paused and resumed every partition
    /// several times a second under load.
    /// </summary>
    public int MaxQueuedPerPartition { get; set; } = 2000;

    /// <summary>
    /// Bytes (values and keys) buffered per partition before the partition is paused: bounds a worker's memory when
    /// events are large (8 MiB: about 950 GitHub issue events).
    /// </summary>
    public long MaxQueuedBytesPerPartition { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Attempts per record before it goes to the dead-letter topic (1 = no retry). Failures of a dependency (Kafka, a topic,
    /// the model endpoint, timeouts) do not count: those are retried until the dependency is back and never dead-lettered.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones double, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait between two attempts of a record whose dependency is unavailable (the partition waits meanwhile):
    /// how often a long outage is retried, and logged, per waiting record.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long revoked partitions and a stopping worker wait for runs in flight before abandoning them (they are redelivered).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What stays in order: the records of one key (default) or of a whole partition.</summary>
    public OrderingScope Ordering { get; set; } = OrderingScope.Key;

    /// <summary>Upper bound of one poll; the loop also checks for finished work and flow control this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
