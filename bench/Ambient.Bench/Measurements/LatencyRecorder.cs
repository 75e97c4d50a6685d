using System.Diagnostics;

namespace Ambient.Bench.Measurements;

/// <summary>
/// Collects produce→consume latencies. Producer and consumer run in this process, so both ends read
/// the same monotonic <see cref="Stopwatch"/> clock: the producer writes its timestamp into the payload
/// and the consumer subtracts it from the time the record reached the application. Records stamped
/// before <see cref="MeasureFrom"/> are warm-up and only counted.
/// </summary>
internal sealed class LatencyRecorder(int expectedSamples)
{
    private readonly List<long> _ticks = new(expectedSamples);
    private long _measureFrom = long.MaxValue;

    public long MeasureFrom
    {
        get => Volatile.Read(ref _measureFrom);
        set => Volatile.Write(ref _measureFrom, value);
    }

    /// <summary>Every record seen, warm-up included.</summary>
    public long Received { get; private set; }

    public static void Stamp(Span<byte> payload) => BitConverter.TryWriteBytes(payload, Stopwatch.GetTimestamp());

    public void Record(ReadOnlySpan<byte> payload, long receivedAt)
    {
        Received++;
        var sentAt = BitConverter.ToInt64(payload);
        if (sentAt >= MeasureFrom)
        {
            _ticks.Add(receivedAt - sentAt);
        }
    }

    public LatencyResult Summarize()
    {
        if (_ticks.Count == 0)
        {
            return new LatencyResult(0, double.NaN, double.NaN, double.NaN);
        }

        _ticks.Sort();
        return new LatencyResult(_ticks.Count, ToMs(Percentile(0.50)), ToMs(Percentile(0.99)), ToMs(_ticks[^1]));
    }

    // Nearest rank: the smallest sample with at least a fraction p of all samples at or below it.
    private long Percentile(double p) => _ticks[Math.Max(0, (int)Math.Ceiling(p * _ticks.Count) - 1)];

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
