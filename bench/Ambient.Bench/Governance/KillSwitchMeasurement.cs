using System.Diagnostics;
using System.Globalization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Bench.Runtime;
using Ambient.Governance.State;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// Kill-switch latency. <see cref="GovernanceBenchOptions.Workers"/> worker hosts share github-triage's consumer group
/// while a steady stream of events keeps them busy. Each repeat writes a pause of every agent (what
/// <c>ambient pause --all</c> writes) and takes the time of its acknowledgement; after a hold it reads the checkpoints
/// the workers wrote meanwhile and finds the latest <see cref="Checkpoint.StartedAt"/> of any step, and of any model
/// call (<c>reason</c> step), then resumes and waits for the backlog to drain before the next repeat.
/// </summary>
/// <remarks>
/// Why the checkpoints: every step a worker runs is checkpointed with the time it started, by the worker's own clock
/// (this process's), so the log is the record of what started when, from outside the workers and with nothing added
/// to them. Only checkpoints written before the resume count: a step the gate held has not been written yet, and when
/// it is (after the resume) its start would be taken before the gate. Steps still running at the end of the hold
/// would be missed, but with the offline model a step takes milliseconds, and the hold is longer than the 2 s the pause
/// is promised to take.
/// </remarks>
internal sealed class KillSwitchMeasurement(string bootstrap, string agentFile, GovernanceBenchOptions options)
{
    private static readonly TimeSpan s_steadyTimeout = TimeSpan.FromSeconds(120);

    public async Task<KillSwitchResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var deployment = await BenchDeployment.CreateAsync(bootstrap, agentFile, "k" + Guid.NewGuid().ToString("N")[..6], maxConcurrentRuns: null, cancellationToken);
        for (var i = 0; i < options.Workers; i++)
        {
            await deployment.StartWorkerAsync(cancellationToken);
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var watcher = new CompletionWatcher(admin);
        var codec = GovernanceBenchCommand.Avro<CheckpointCodec>();
        await using var stream = new SteadyIssueStream(bootstrap, deployment.Topics.GitHubEvents, options.Rate);
        var audit = deployment.Topics.Audit;
        Console.Error.WriteLine($"[kill switch] {options.Workers} workers, {options.Rate} events/s; warming up for {options.Warmup.TotalSeconds:0} s");
        await WaitSteadyAsync(watcher, stream, audit, options.Warmup, cancellationToken);

        var samples = new List<KillSwitchSample>();
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            await WaitSteadyAsync(watcher, stream, audit, options.Settle, cancellationToken);
            var inFlight = stream.Acknowledged - await watcher.CountAsync(audit);
            var before = await watcher.EndOffsetsAsync(deployment.Topics.Checkpoints);
            await deployment.Governance.PauseAsync(new PauseRecord(GovernanceKeys.AllAgents, "bench", "ambient-bench", TimeProvider.System.GetUtcNow()), cancellationToken);
            var acknowledged = TimeProvider.System.GetUtcNow();
            await Task.Delay(options.Hold, cancellationToken);
            var held = await watcher.EndOffsetsAsync(deployment.Topics.Checkpoints);
            await deployment.Governance.ResumeAsync(GovernanceKeys.AllAgents, cancellationToken);

            var steps = await StepLog.ReadAsync(deployment.Kafka, codec, before, held, cancellationToken);
            var sample = KillSwitchSample.Of(steps, acknowledged, inFlight);
            samples.Add(sample);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[kill switch {repeat + 1}/{options.Repeats}] last step {sample.LastStepMs:F1} ms, last model call {sample.LastModelCallMs:F1} ms, last checkpoint {sample.LastCheckpointMs:F1} ms after the ack; {sample.StepsAfterAck} steps started after it; {inFlight} runs in flight"));
        }

        var published = await stream.StopAsync();
        var audited = await WaitAuditedAsync(watcher, audit, published, cancellationToken);
        return new KillSwitchResult(samples, published, audited, await watcher.CountAsync(deployment.Topics.DeadLetter));
    }

    /// <summary>Waits at least <paramref name="minimum"/>, then until the runs not yet audited are few: the workers keep up again.</summary>
    private async Task WaitSteadyAsync(CompletionWatcher watcher, SteadyIssueStream stream, string audit, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(minimum, cancellationToken);
        // A tenth of a second of events, or a few per worker: what is in flight (or not yet audited) when the workers keep up.
        var steady = Math.Max(options.Rate / 10, 4 * options.Workers);
        while (stream.Acknowledged - await watcher.CountAsync(audit) > steady)
        {
            if (Stopwatch.GetElapsedTime(started) > s_steadyTimeout)
            {
                throw new TimeoutException($"The workers did not catch up with {options.Rate} events/s within {s_steadyTimeout.TotalSeconds:0} s; lower --rate.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>After the last resume: every event of the stream runs, once (nothing the pauses held is skipped).</summary>
    private static async Task<long> WaitAuditedAsync(CompletionWatcher watcher, string audit, long published, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long audited;
        while ((audited = await watcher.CountAsync(audit)) < published && Stopwatch.GetElapsedTime(started) < s_steadyTimeout)
        {
            await Task.Delay(100, cancellationToken);
        }

        return audited;
    }
}
