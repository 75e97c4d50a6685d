namespace Ambient.Abstractions.Processing;

/// <summary>A record the runtime wants written: topic, key, value bytes and headers (transport-neutral).</summary>
public sealed record OutgoingRecord(string Topic, string? Key, ReadOnlyMemory<byte> Value, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The partition to write to; null lets the key choose it. Checkpoints set it to co-partition with their input.</summary>
    public int? Partition { get; init; }

    /// <summary>
    /// Whether the current trace context goes into the record's headers (the default). Checkpoints set false: they are
    /// the run's own memory, which no consumer continues a trace from, and seven of them per run would each carry it.
    /// </summary>
    public bool CarriesTraceContext { get; init; } = true;
}
