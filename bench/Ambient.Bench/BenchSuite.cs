using System.Diagnostics;
using System.Globalization;
using Ambient.Bench.Measurements;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;
using Ambient.Bench.Workloads;

namespace Ambient.Bench;

/// <summary>
/// Runs the phases with the systems interleaved: each repeat does every system's produce, then every
/// system's consume of what it just wrote, starting with a different system each repeat; the
/// latency phases follow the same way. Noise on a shared machine then lands on both sides alike.
/// An unmeasured warm-up round first lets the broker's JIT reach steady state and opens connections.
/// </summary>
internal sealed class BenchSuite(BenchOptions options, IReadOnlyList<BenchSuite.SystemUnderTest> systems)
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await WarmUpAsync(cancellationToken);
        var throughputSystems = systems.Where(s => !s.LatencyOnly).ToList();
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            var order = Rotate(throughputSystems, repeat);
            foreach (var system in order)
            {
                var result = await MeasureAsync(system, () => system.Workload.ProduceAsync(StreamName(system, "throughput", repeat), options, cancellationToken));
                system.Results.Produce.Add(result);
                Progress(system, repeat, "produce", $"{result.RecordsPerSecond:N0} records/s, {result.MebibytesPerSecond:N1} MiB/s");
            }

            foreach (var system in order)
            {
                var stream = StreamName(system, "throughput", repeat);
                ConsumeResult consumed = default;
                var cpu = await MeasureAsync(system, async () =>
                {
                    consumed = await system.Workload.ConsumeAsync(stream, options, cancellationToken);
                    return consumed.Throughput;
                });
                system.Results.Consume.Add(consumed with { Throughput = cpu });
                Progress(system, repeat, "consume", $"{cpu.RecordsPerSecond:N0} records/s, {cpu.MebibytesPerSecond:N1} MiB/s, first record after {consumed.TimeToFirstRecord.TotalMilliseconds:N0} ms");
                await system.Workload.DeleteAsync(stream, cancellationToken);
            }
        }

        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            foreach (var system in Rotate(systems, repeat))
            {
                var stream = StreamName(system, "latency", repeat);
                Collect();
                var latency = await system.Workload.MeasureLatencyAsync(stream, options, cancellationToken);
                system.Results.Latency.Add(latency);
                Progress(system, repeat, "latency", $"p50 {latency.P50Ms:N2} ms, p99 {latency.P99Ms:N2} ms, max {latency.MaxMs:N2} ms over {latency.Samples:N0} records");
                await system.Workload.DeleteAsync(stream, cancellationToken);
            }
        }
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var warmup = options with { Records = Math.Max(1000, options.Records / 10) };
        foreach (var system in systems.Where(s => !s.LatencyOnly))
        {
            var stream = StreamName(system, "warmup", 0);
            await system.Workload.ProduceAsync(stream, warmup, cancellationToken);
            await system.Workload.ConsumeAsync(stream, warmup, cancellationToken);
            await system.Workload.DeleteAsync(stream, cancellationToken);
            Console.Error.WriteLine($"[warm-up] {system.Results.Name}: {warmup.Records:N0} records produced and consumed, not measured");
        }
    }

    private static async Task<ThroughputResult> MeasureAsync(SystemUnderTest system, Func<Task<ThroughputResult>> phase)
    {
        Collect();
        var serverCpu = system.Host.CpuTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await phase();
        return result with
        {
            ServerCpu = system.Host.CpuTime - serverCpu,
            ClientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu,
        };
    }

    // Garbage from the previous phase is collected before the next one starts, not during it.
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    // Unique per system too: two workloads may share one server (the linger.ms=0 variant).
    private string StreamName(SystemUnderTest system, string phase, int repeat) =>
        $"bench-{_runId}-{phase}-{repeat}-{systems.ToList().IndexOf(system)}";

    private static List<SystemUnderTest> Rotate(IReadOnlyList<SystemUnderTest> order, int repeat) =>
        [.. order.Skip(repeat % order.Count), .. order.Take(repeat % order.Count)];

    private void Progress(SystemUnderTest system, int repeat, string phase, string summary) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{repeat + 1}/{options.Repeats}] {system.Results.Name,-15} {phase,-8} {summary}"));

    /// <summary>A workload, the server it talks to, and its results; a latency-only one is a variant of another.</summary>
    public sealed record SystemUnderTest(IWorkload Workload, ProcessHost Host, SystemResults Results, bool LatencyOnly = false);
}
