using Ambient.Bench.Measurements;

namespace Ambient.Bench.Reporting;

/// <summary>Every repeat of every phase for one system under test.</summary>
internal sealed class SystemResults(string name)
{
    public string Name => name;

    /// <summary>Why the system was not measured, or null when it was.</summary>
    public string? Skipped { get; init; }

    public List<ThroughputResult> Produce { get; } = [];

    public List<ConsumeResult> Consume { get; } = [];

    public List<LatencyResult> Latency { get; } = [];
}
