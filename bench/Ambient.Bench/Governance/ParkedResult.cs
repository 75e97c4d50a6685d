namespace Ambient.Bench.Governance;

/// <summary>Memory with <see cref="Warm"/> runs parked and with <see cref="Parked"/>, and what setting them up took.</summary>
/// <param name="Parked">Runs parked at the end.</param>
/// <param name="Warm">Runs parked when the baseline was taken.</param>
/// <param name="Baseline">Memory with <see cref="Warm"/> runs parked.</param>
/// <param name="After">Memory with <see cref="Parked"/> runs parked.</param>
/// <param name="Publish">Time to publish the events after the baseline.</param>
/// <param name="Setup">Time from the first of those events until the last run parked.</param>
/// <param name="EventBytes">Bytes of one event's value.</param>
/// <param name="Requests">Records on the approvals topic at the end.</param>
/// <param name="Checkpoints">Records on the checkpoints topic at the end (steps and heads).</param>
/// <param name="Sizes">What one parked run is made of.</param>
/// <param name="HeapReport">The head of <c>dotnet-gcdump report</c>, when asked for.</param>
internal sealed record ParkedResult(int Parked, int Warm, MemorySnapshot Baseline, MemorySnapshot After, TimeSpan Publish, TimeSpan Setup, long EventBytes,
    long Requests, long Checkpoints, ParkedRunSizes Sizes, string? HeapReport)
{
    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>Runs parked between the two snapshots.</summary>
    public int Measured => Parked - Warm;

    public double HeapPerRun => (After.HeapBytes - Baseline.HeapBytes) / (double)Measured;

    public double LivePerRun => (After.LiveBytes - Baseline.LiveBytes) / (double)Measured;

    public double WorkingSetPerRun => (After.WorkingSetBytes - Baseline.WorkingSetBytes) / (double)Measured;

    /// <summary>
    /// The working set at 100,000 parked runs: measured when <see cref="Parked"/> is 100,000, else extrapolated at
    /// <see cref="HeapPerRun"/> (what the runs hold; the memory the GC keeps beyond it does not grow in proportion).
    /// </summary>
    public double WorkingSetAt100k => After.WorkingSetBytes + HeapPerRun * (100_000 - Parked);

    public bool FitsInOneGiB => WorkingSetAt100k <= GiB;
}
