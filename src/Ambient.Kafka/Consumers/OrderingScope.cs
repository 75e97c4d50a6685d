namespace Ambient.Kafka.Consumers;

/// <summary>What a consumer keeps in order while it processes records in parallel.</summary>
public enum OrderingScope
{
    /// <summary>
    /// Records with the same key are processed one after another, in offset order; different keys of a
    /// partition run in parallel. Ambient keys records by the entity they are about, so this keeps every
    /// entity's events in order (the default).
    /// </summary>
    Key,

    /// <summary>A partition's records are processed strictly one at a time, in offset order.</summary>
    Partition,
}
