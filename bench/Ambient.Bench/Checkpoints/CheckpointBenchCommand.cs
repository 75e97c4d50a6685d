using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Bench.Reporting;
using Ambient.Bench.Runtime;
using Ambient.Bench.Servers;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Replays;
using Ambient.Runtime.Runs;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Bench.Checkpoints;

/// <summary>
/// <c>ambient-bench checkpoints</c>: in one run on one broker, (1) github-triage runs/s with checkpointing on and
/// off, side by side, through the real producer; (2) recorded-replay runs/s of those runs; (3) the time to
/// restore one checkpoint partition holding N records (default 100,000).
/// </summary>
internal static class CheckpointBenchCommand
{
    // The worker's record codecs (Avro, single-object encoding: no registry in the bench).
    private static readonly ServiceProvider s_avro = new ServiceCollection()
        .AddAmbientAvro(new ConfigurationBuilder().Build())
        .AddSingleton<RecordFactory>()
        .BuildServiceProvider();

    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs per side (github-triage on the sample issue).", DefaultValueFactory = _ => 2_000 };
        var checkpoints = new Option<int>("--checkpoints") { Description = "Checkpoint records in the partition restored.", DefaultValueFactory = _ => 100_000 };
        var concurrency = new Option<int>("--concurrency")
        {
            // 16 left the checkpointed side waiting on acknowledgements with CPU to spare (1,510 runs/s flat in every repeat).
            Description = "Runs in flight at once (default 64: enough to keep both sides busy on 2 cores).",
            DefaultValueFactory = _ => 64,
        };
        var repeats = new Option<int>("--repeats") { Description = "Repeats; the report shows the median.", DefaultValueFactory = _ => 3 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var command = new Command("checkpoints", "Checkpoint overhead, restore time of a large partition, recorded-replay throughput.") { runs, checkpoints, concurrency, repeats, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = ServerLauncher.FindAmbientCli();
            var agentFile = ServerLauncher.FindRepositoryFile(Path.Combine("agents", "github-triage.yaml"));
            if (cli is null || agentFile is null)
            {
                await Console.Error.WriteLineAsync("error: build with `dotnet build bench/Ambient.Bench -c Release` in the repository first.");
                return BenchOutput.InvalidArguments;
            }

            var commandLine = BenchOutput.CommandLine(parse);
            var report = await RunAsync(cli, agentFile, parse.GetValue(runs), parse.GetValue(checkpoints), parse.GetValue(concurrency), parse.GetValue(repeats), commandLine, cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string> RunAsync(string cli, string agentFile, int runs, int records, int concurrency, int repeats, string commandLine,
        CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-checkpoints-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(cli, data.FullName, ["--group-initial-rebalance-delay-ms", "0"], cancellationToken);
            var kafka = Options.Create(new AmbientKafkaOptions { BootstrapServers = $"127.0.0.1:{broker.Port}" });
            using var publisher = new KafkaRecordPublisher(kafka, NullLogger<KafkaRecordPublisher>.Instance);
            var payload = GitHubIssuePayload.Create("acme", 1, 1234);
            var yaml = (await File.ReadAllTextAsync(agentFile, cancellationToken)).Replace("maxTokensPerDay:", "maxTokensPerDay: 1000000000000 #", StringComparison.Ordinal);
            var on = new List<double>();
            var off = new List<double>();
            var replay = new List<double>();
            var restore = new List<double>();
            var (offCpu, onCpu, replayCpu) = (new List<double>(), new List<double>(), new List<double>());
            // One unmeasured round first, on topics and events of its own: JIT tiering, connections, and the first restore
            // of the process (timed, and reported apart: a worker that starts restores cold).
            await RoundAsync(kafka, publisher, agentFile, yaml, payload, "warm", Math.Max(200, runs / 5), concurrency, cancellationToken);
            var coldRestore = await RestoreAsync(publisher, kafka, "warm", records, cancellationToken);
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                var round = await RoundAsync(kafka, publisher, agentFile, yaml, payload, $"r{repeat}", runs, concurrency, cancellationToken);
                off.Add(round.Off.RunsPerSecond);
                on.Add(round.On.RunsPerSecond);
                offCpu.Add(round.Off.CpuMicroseconds);
                onCpu.Add(round.On.CpuMicroseconds);
                replay.Add(round.Replay.RunsPerSecond);
                replayCpu.Add(round.Replay.CpuMicroseconds);
                restore.Add(await RestoreAsync(publisher, kafka, $"r{repeat}", records, cancellationToken));
            }

            static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
            report.AppendLine(CultureInfo.InvariantCulture, $"{runs:N0} github-triage runs per side ({concurrency} in flight, offline model, 3 actions + 1 audit each); median of {repeats}, after an unmeasured round of {Math.Max(200, runs / 5):N0} runs per side, a replay of them and a restore.");
            foreach (var (name, value) in MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal)))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {value}");
            }

            report.AppendLine();
            report.AppendLine("| measurement | median | every repeat |");
            report.AppendLine("| --- | ---: | --- |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| runs/s, checkpoints off (`Ambient:Checkpoints:Enabled=false`) | {Median(off):N0} | {string.Join(" / ", off.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| runs/s, checkpoints on (5 steps + 2 heads per run) | {Median(on):N0} | {string.Join(" / ", on.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| **on ÷ off** | **{Median(on) / Median(off):F2}×** | |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| bench process CPU per run, µs: checkpoints off / on / recorded replay | {Median(offCpu):N0} / {Median(onCpu):N0} / {Median(replayCpu):N0} | |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| recorded replay, runs/s (shadow, byte-for-byte check) | {Median(replay):N0} | {string.Join(" / ", replay.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| restore of one partition with {records:N0} checkpoints, s | {Median(restore):F2} | {string.Join(" / ", restore.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| the same, the process's first restore (cold: before the repeats), s | {coldRestore:F2} | |");
            return report.ToString();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private sealed record Round(Timing Off, Timing On, Timing Replay);

    /// <summary>Runs/s, and this process's CPU per run (the broker's is not in it).</summary>
    private sealed record Timing(double RunsPerSecond, double CpuMicroseconds)
    {
        public static async Task<Timing> OfAsync(int runs, Func<Task> work)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await work();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return new Timing(runs / elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / runs);
        }
    }

    /// <summary>
    /// One round on a topic set of its own: <paramref name="runs"/> github-triage runs with checkpointing off, then on, then
    /// a recorded replay of the checkpointed runs (one replay of the whole window, as <c>ambient replay</c> makes).
    /// </summary>
    private static async Task<Round> RoundAsync(IOptions<AmbientKafkaOptions> kafka, IRecordPublisher publisher, string agentFile, string yaml, byte[] payload, string name,
        int runs, int concurrency, CancellationToken cancellationToken)
    {
        var topics = await CreateTopicsAsync(kafka, name, cancellationToken);
        using var log = new KafkaCheckpointLog(publisher, s_avro.GetRequiredService<CheckpointCodec>(), kafka, Options.Create(topics));
        var agent = AgentCatalog.FromFiles([(agentFile, yaml)], topics.ForRuns(), knownTools: null).Agents.Single();
        var events = Enumerable.Range(0, runs).Select(i => (Event: new AmbientEvent($"e{name}-{i}", "https://github.com/acme/service", "com.github.issues.opened",
            "acme/service#1", DateTimeOffset.UnixEpoch, "application/json", payload) { PartitionKey = $"github:acme/service#{i}", Ingress = IngressKinds.GitHub },
            At: new EventCoordinates(topics.GitHubEvents, i % 6, i / 6))).ToList();

        var withCheckpoints = Runner(agent, publisher, topics, log, enabled: true);
        var without = Runner(agent, publisher, topics, log, enabled: false);
        var off = await TimeAsync(events, concurrency, e => without.ProcessAsync(e.Event, e.At, cancellationToken));
        var on = await TimeAsync(events, concurrency, e => withCheckpoints.ProcessAsync(e.Event, e.At, cancellationToken));

        ReplayReport replayed = null!;
        var replay = await Timing.OfAsync(runs, async () =>
            replayed = await new ReplayRunner(withCheckpoints, topics.ForRuns()).ReplayAsync(events, ReplayMode.Recorded, ReplayOutput.Shadow, $"bench-{name}", cancellationToken));
        if (replayed.FirstDivergence is not null || replayed.Runs.Count != runs || replayed.Unrecorded.Count > 0)
        {
            throw new InvalidOperationException($"The recorded replay did not match: {replayed.Runs.Count} runs, {replayed.Unrecorded.Count} unrecorded, first divergence {replayed.FirstDivergence}");
        }

        return new Round(off, on, replay);
    }

    private static AgentRunner Runner(AgentDefinition agent, IRecordPublisher publisher, AmbientTopics topics, ICheckpointLog log, bool enabled) =>
        AgentRunner.Create(agent, new ChatModelFactory().Create(agent.Model, agent.OfflineRules), AgentToolbox.Default(agent), publisher, s_avro.GetRequiredService<RecordFactory>(), topics.ForRuns(),
            new TokenBudget(TimeProvider.System), log, new CheckpointOptions { Enabled = enabled }, TimeProvider.System, NullLoggerFactory.Instance);

    private static Task<Timing> TimeAsync<T>(List<T> items, int concurrency, Func<T, Task<ProcessingResult>> run) =>
        Timing.OfAsync(items.Count, () => Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) =>
        {
            if (await run(item) != ProcessingResult.Completed)
            {
                throw new InvalidOperationException("A bench run did not complete.");
            }
        }));

    private static async Task<AmbientTopics> CreateTopicsAsync(IOptions<AmbientKafkaOptions> kafka, string suffix, CancellationToken cancellationToken)
    {
        var topics = AmbientTopics.WithPrefix($"cb{suffix}.");
        await new TopicInitializer(kafka, NullLogger<TopicInitializer>.Instance).EnsureTopicsAsync(topics, TopicLayout.Default, cancellationToken);
        return topics;
    }

    /// <summary>Fills checkpoint partition 0 of a fresh topic with <paramref name="records"/> step records of github-triage-sized runs, then times a restore.</summary>
    private static async Task<double> RestoreAsync(IRecordPublisher publisher, IOptions<AmbientKafkaOptions> kafka, string name, int records, CancellationToken cancellationToken)
    {
        var topics = new AmbientTopics { Checkpoints = $"cb-restore-{name}.checkpoints", GitHubEvents = $"cb{name}.github" };
        using var log = new KafkaCheckpointLog(publisher, s_avro.GetRequiredService<CheckpointCodec>(), kafka, Options.Create(topics));
        var state = JsonText.From(JsonSerializer.SerializeToElement(new { turns = Enumerable.Range(0, 4).Select(i => new { role = "tool", content = new string('x', 300) }) }));
        var writes = new List<Task>();
        for (var i = 0; i < records; i++)
        {
            var run = $"bench-agent-{i / 5:x8}";
            var step = new Checkpoint(run, "bench-agent", "v1", new RunInput(topics.GitHubEvents, 0, i / 5, $"e{i / 5}", "com.github.issues.opened"), i % 5, "act",
                CheckpointStatus.Running, i % 5 == 0 ? null : (i % 5) - 1, state, [], [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
            writes.Add(log.WriteAsync(0, [new(CheckpointKeys.Step(run, i % 5), await log.Codec.EncodeAsync(step, cancellationToken))], cancellationToken));
            if (writes.Count >= 5_000)
            {
                await Task.WhenAll(writes);
                writes.Clear();
            }
        }

        await Task.WhenAll(writes);
        var store = new CheckpointStore(log, "bench-agent", new CheckpointOptions(), TimeProvider.System, NullLogger<CheckpointStore>.Instance);
        var started = Stopwatch.GetTimestamp();
        await store.OpenAsync(new("bench-agent-ffffffff"), new EventCoordinates(topics.GitHubEvents, 0, 0), cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
