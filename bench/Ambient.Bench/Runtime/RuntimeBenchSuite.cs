using System.Diagnostics;
using System.Globalization;
using Ambient.Bench.Servers;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Bench.Runtime;

/// <summary>
/// Runs every side over the same pre-loaded events: each repeat writes a new events topic, then runs the sides
/// one after another on it, each with a consumer group of its own, starting with a different side every repeat
/// so drift on a shared machine lands on all of them. An unmeasured warm-up round comes first, so this
/// process's JIT (the worker runs in it) and the broker's are warm.
/// </summary>
internal sealed class RuntimeBenchSuite(RuntimeBenchOptions options, string bootstrapServers, ProcessHost broker, IAdminClient admin, IReadOnlyList<IPipeline> pipelines)
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly CompletionWatcher _watcher = new(admin);

    public Dictionary<IPipeline, List<PipelineResult>> Results { get; } = [];

    /// <summary>Bytes of one event's value, for the report.</summary>
    public long EventValueBytes { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var warmup = await PreloadAsync("warmup", options.WarmupEvents, cancellationToken);
        foreach (var pipeline in pipelines)
        {
            await MeasureAsync(pipeline, warmup, options.WarmupEvents, $"{_runId}w{pipelines.ToList().IndexOf(pipeline)}", cancellationToken);
            Console.Error.WriteLine($"[warm-up] {pipeline.Name}: {options.WarmupEvents:N0} events, not measured");
        }

        await admin.DeleteTopicsAsync([warmup.Topic]);
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            var events = await PreloadAsync($"r{repeat}", options.Events, cancellationToken);
            var order = pipelines.Skip(repeat % pipelines.Count).Concat(pipelines.Take(repeat % pipelines.Count));
            foreach (var pipeline in order)
            {
                var result = await MeasureAsync(pipeline, events, options.Events, $"{_runId}r{repeat}p{pipelines.ToList().IndexOf(pipeline)}", cancellationToken);
                (Results.TryGetValue(pipeline, out var list) ? list : Results[pipeline] = []).Add(result);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{repeat + 1}/{options.Repeats}] {pipeline.Name,-34} {result.EventsPerSecond,8:N0} events/s to lag 0, {result.EventsPerSecondToOutputs,8:N0} to last output, {result.Outputs:N0} outputs"));
            }

            await admin.DeleteTopicsAsync([events.Topic]);
        }
    }

    private async Task<PreloadedEvents> PreloadAsync(string phase, int count, CancellationToken cancellationToken)
    {
        var topic = $"bench-{_runId}-{phase}.events.github";
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = options.Partitions, ReplicationFactor = 1 }]);
        var bytes = await Task.Run(() => IssueEvents.Preload(bootstrapServers, topic, count, cancellationToken), cancellationToken);
        EventValueBytes = bytes / count;
        var ends = await _watcher.EndOffsetsAsync(topic);
        if (ends.Sum(e => e.Offset.Value) != count || ends.Any(e => e.Offset.Value == 0))
        {
            throw new InvalidOperationException($"Pre-loading {topic} left {string.Join(", ", ends.Select(e => e.Offset.Value))} events per partition, not {count:N0} on all {options.Partitions}.");
        }

        return new PreloadedEvents(topic, ends);
    }

    private async Task<PipelineResult> MeasureAsync(IPipeline pipeline, PreloadedEvents events, int count, string runId, CancellationToken cancellationToken)
    {
        var run = await pipeline.PrepareAsync(events.Topic, count, runId, cancellationToken);
        var watched = run.WatchedTopics.SelectMany(_watcher.Partitions).ToList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var brokerCpu = broker.CpuTime;
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var gc = GcActivity.Now();
        var startedAt = Stopwatch.GetTimestamp();
        CompletionWatcher.Completion times;
        await using (var running = await run.StartAsync(cancellationToken))
        {
            times = await _watcher.WaitAsync(startedAt, watched, run.ExpectedOutputs, run.GroupId, events.Ends, cancellationToken);
            processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu;
            brokerCpu = broker.CpuTime - brokerCpu;
            allocated = GC.GetTotalAllocatedBytes() - allocated;
            gc = GcActivity.Now() - gc;
        }

        var counts = new Dictionary<string, long>();
        foreach (var topic in run.CountedTopics ?? run.CreatedTopics)
        {
            counts[topic] = await _watcher.CountAsync(topic);
        }

        if (counts.Values.Sum() != run.ExpectedTotal)
        {
            throw new InvalidOperationException($"{pipeline.Name} wrote {string.Join(", ", counts.Select(c => $"{c.Value:N0} records to {c.Key}"))}; expected {run.ExpectedTotal:N0} in all.");
        }

        // Sampled per topic and weighted by its records, so the actions and audit mix is the real one.
        double outputBytes = 0;
        foreach (var topic in counts.Keys.Where(t => counts[t] > 0))
        {
            var partitions = _watcher.Partitions(topic);
            outputBytes += await Task.Run(() => RecordSizes.Average(bootstrapServers, partitions, sample: 200), cancellationToken) * counts[topic] / counts.Values.Sum();
        }

        await admin.DeleteTopicsAsync(run.CreatedTopics);
        return new PipelineResult(count, counts.Values.Sum(), counts[run.ActionsTopic], times, processCpu, brokerCpu) { OutputRecordBytes = outputBytes, AllocatedBytes = allocated, Gc = gc };
    }

    private sealed record PreloadedEvents(string Topic, IReadOnlyList<TopicPartitionOffset> Ends);
}
