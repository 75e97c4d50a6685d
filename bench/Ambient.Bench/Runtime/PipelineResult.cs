namespace Ambient.Bench.Runtime;

/// <summary>
/// One measured run of one side: the events it processed, the records it wrote (all outputs, and those on the
/// actions topic), the times from its start, and the CPU time this process and the broker used meanwhile.
/// </summary>
internal sealed record PipelineResult(int Events, long Outputs, long Actions, CompletionWatcher.Completion Times, TimeSpan ProcessCpu, TimeSpan BrokerCpu)
{
    /// <summary>Average bytes (value + headers) of the records it wrote, from a sample across its output topics.</summary>
    public double OutputRecordBytes { get; init; }

    /// <summary>Bytes this process allocated on the managed heap during the run (worker or loop, and the watcher).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections in this process during the run, and the time they paused it.</summary>
    public GcActivity Gc { get; init; }

    /// <summary>The headline rate: from start until every event's outputs are written and its offset committed (lag 0).</summary>
    public double EventsPerSecond => Events / Times.Committed.TotalSeconds;

    /// <summary>From start until the last output record is on its topic, before the next auto-commit.</summary>
    public double EventsPerSecondToOutputs => Events / Times.Outputs.TotalSeconds;

    public double OutputsPerSecond => Outputs / Times.Outputs.TotalSeconds;

    public double ActionsPerSecond => Actions / Times.Outputs.TotalSeconds;

    public double ProcessCpuPerEventMicros => ProcessCpu.TotalMicroseconds / Events;

    public double AllocatedKibPerEvent => AllocatedBytes / 1024.0 / Events;

    public double BrokerCpuPerEventMicros => BrokerCpu.TotalMicroseconds / Events;
}

/// <summary>Collections per generation (each counts once, at its highest generation) and total pause time.</summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcActivity Now()
    {
        var (all, gen1AndUp, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        return new(all - gen1AndUp, gen1AndUp - gen2, gen2, GC.GetTotalPauseDuration());
    }

    public static GcActivity operator -(GcActivity after, GcActivity before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused);
}
