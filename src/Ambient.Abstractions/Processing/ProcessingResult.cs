namespace Ambient.Abstractions.Processing;

/// <summary>What became of an event a processor handled (failures are exceptions).</summary>
public enum ProcessingResult
{
    /// <summary>The event was processed and its outputs acknowledged.</summary>
    Completed,

    /// <summary>The event is not for this processor (type does not match); nothing was written.</summary>
    Ignored,

    /// <summary>The event was consumed without processing, with an audit record saying why (e.g. budget).</summary>
    Skipped,
}
