namespace Ambient.Kafka.Consumers;

/// <summary>Whose fault a processing failure is, which decides what happens to the record.</summary>
internal enum FailureKind
{
    /// <summary>The record's own (unreadable, or its processing fails deterministically): retried, then dead-lettered.</summary>
    Record,

    /// <summary>A dependency's (Kafka, a model endpoint, a timeout): the record waits for it, never dead-lettered.</summary>
    Dependency,

    /// <summary>A fatal client error: the process stops with a non-zero exit, the record stays uncommitted for the next one.</summary>
    Fatal,
}
