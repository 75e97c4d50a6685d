using System.Diagnostics;
using System.Globalization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Bench.Runtime;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// Memory per parked run. One worker, and a policy that holds github-triage's first call (<c>github.add_labels</c>) for
/// approval, so every run parks: perceive, reason, then the act step checkpointed as waiting and a request on
/// <c>ambient.approvals</c>. Nobody answers. A few runs park first (JIT, connections, buffers), then this process's
/// memory is taken after a full collection; then the rest of the events are published, and once the approvals topic
/// holds a request per event and the checkpoints topic is quiet, the memory is taken again. The difference over the
/// runs parked in between is the cost of one parked run to the worker.
/// </summary>
/// <remarks>
/// The worker runs in this process, so the snapshots include the bench (an admin client, the topic counts): the
/// baseline takes it out of the per-run figure, and it makes the totals an upper bound of the worker's own.
/// </remarks>
internal sealed class ParkedMemoryMeasurement(string bootstrap, string agentFile, GovernanceBenchOptions options)
{
    private const string FirstTool = "github.add_labels";
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_quiet = TimeSpan.FromSeconds(3);

    private static readonly string s_policy = $$"""
        name: bench-every-run-parks
        rules:
          - name: labels-need-a-yes
            match: {tools: [{{FirstTool}}]}
            decision: approve
            approvers: [maintainers]
            expiresIn: 7d
            reason: "The bench parks every run here and never answers."
        """;

    public async Task<ParkedResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var deployment = await BenchDeployment.CreateAsync(bootstrap, agentFile, "m" + Guid.NewGuid().ToString("N")[..6], options.ParkConcurrency, cancellationToken);
        await deployment.ApplyPolicyAsync(s_policy, cancellationToken);
        await deployment.StartWorkerAsync(cancellationToken);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var watcher = new CompletionWatcher(admin);
        var topics = deployment.Topics;

        var warm = Math.Clamp(options.ParkedCount / 20, 1, 1_000);
        await Task.Run(() => IssueEvents.Preload(bootstrap, topics.GitHubEvents, warm, cancellationToken), cancellationToken);
        await WaitParkedAsync(watcher, topics.Approvals, warm, cancellationToken);
        await WaitQuietAsync(watcher, topics.Checkpoints, cancellationToken);
        var baseline = MemorySnapshot.Take();
        Console.Error.WriteLine($"[parked] {warm:N0} runs parked (warm-up); baseline {Mib(baseline.HeapBytes)} heap, {Mib(baseline.WorkingSetBytes)} working set");

        var started = Stopwatch.GetTimestamp();
        var eventBytes = await Task.Run(() => IssueEvents.Preload(bootstrap, topics.GitHubEvents, warm, options.ParkedCount - warm, cancellationToken), cancellationToken);
        var published = Stopwatch.GetElapsedTime(started);
        await WaitParkedAsync(watcher, topics.Approvals, options.ParkedCount, cancellationToken);
        var parked = Stopwatch.GetElapsedTime(started);
        await WaitQuietAsync(watcher, topics.Checkpoints, cancellationToken);
        var after = MemorySnapshot.Take();
        Console.Error.WriteLine($"[parked] {options.ParkedCount:N0} runs parked in {parked.TotalSeconds:F0} s; {Mib(after.HeapBytes)} heap, {Mib(after.WorkingSetBytes)} working set");

        var sizes = await ParkedRunSizes.MeasureAsync(deployment.Kafka, watcher, topics, GovernanceBenchCommand.Avro<CheckpointCodec>(), cancellationToken);
        var dump = options.GcDump is { } file ? await GcDump.CollectAsync(file, options.ParkedCount, top: 20, cancellationToken) : null;
        return new ParkedResult(options.ParkedCount, warm, baseline, after, published, parked, eventBytes / Math.Max(1, options.ParkedCount - warm),
            await watcher.CountAsync(topics.Approvals), await watcher.CountAsync(topics.Checkpoints), sizes, dump);
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MiB");

    /// <summary>Until the approvals topic holds <paramref name="count"/> requests (one per parked run: nobody answers).</summary>
    private static async Task WaitParkedAsync(CompletionWatcher watcher, string approvals, long count, CancellationToken cancellationToken)
    {
        long seen = -1;
        var progress = Stopwatch.GetTimestamp();
        var printed = Stopwatch.GetTimestamp();
        while (await watcher.CountAsync(approvals) is var now && now < count)
        {
            if (now > seen)
            {
                (seen, progress) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(progress) > s_stallTimeout)
            {
                throw new TimeoutException($"No run parked for {s_stallTimeout.TotalSeconds:0} s: {now:N0} of {count:N0} requests on {approvals}.");
            }

            if (Stopwatch.GetElapsedTime(printed) > TimeSpan.FromSeconds(15))
            {
                Console.Error.WriteLine($"[parked] {now:N0} of {count:N0}");
                printed = Stopwatch.GetTimestamp();
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Until nothing was written to <paramref name="topic"/> for <see cref="s_quiet"/>: the last runs' waiting steps are in.</summary>
    private static async Task WaitQuietAsync(CompletionWatcher watcher, string topic, CancellationToken cancellationToken)
    {
        var count = await watcher.CountAsync(topic);
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(since) < s_quiet)
        {
            await Task.Delay(250, cancellationToken);
            if (await watcher.CountAsync(topic) is var now && now != count)
            {
                (count, since) = (now, Stopwatch.GetTimestamp());
            }
        }
    }
}
