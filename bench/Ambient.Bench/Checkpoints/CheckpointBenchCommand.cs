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
        var concurrency = new Option<int>("--concurrency") { Description = "Runs in flight at once.", DefaultValueFactory = _ => 16 };
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
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                var topics = await CreateTopicsAsync(kafka, $"r{repeat}", cancellationToken);
                using var log = new KafkaCheckpointLog(publisher, s_avro.GetRequiredService<CheckpointCodec>(), kafka, Options.Create(topics));
                var agent = AgentCatalog.FromFiles([(agentFile, yaml)], topics.ForRuns(), knownTools: null).Agents.Single();
                var events = Enumerable.Range(0, runs).Select(i => (Event: new AmbientEvent($"e{repeat}-{i}", "https://github.com/acme/service", "com.github.issues.opened",
                    "acme/service#1", DateTimeOffset.UnixEpoch, "application/json", payload) { PartitionKey = $"github:acme/service#{i}", Ingress = IngressKinds.GitHub },
                    At: new EventCoordinates(topics.GitHubEvents, i % 6, i / 6))).ToList();

                var withCheckpoints = Runner(agent, publisher, topics, log, enabled: true);
                var without = Runner(agent, publisher, topics, log, enabled: false);
                // Warm-up (JIT, connections) on other coordinates, so neither measured side pays it.
                var warmup = events.Take(Math.Max(100, runs / 10)).Select(e => (e.Event, At: e.At with { Offset = e.At.Offset + 1_000_000 })).ToList();
                await TimeAsync(warmup, concurrency, e => withCheckpoints.ProcessAsync(e.Event, e.At, cancellationToken));
                off.Add(await TimeAsync(events, concurrency, e => without.ProcessAsync(e.Event, e.At, cancellationToken)));
                on.Add(await TimeAsync(events, concurrency, e => withCheckpoints.ProcessAsync(e.Event, e.At, cancellationToken)));

                // Recorded replay of the runs just checkpointed, all in one replay as `ambient replay` asks for a window.
                var started = Stopwatch.GetTimestamp();
                var replayed = await new ReplayRunner(withCheckpoints, topics.ForRuns()).ReplayAsync(events, ReplayMode.Recorded, ReplayOutput.Shadow, $"bench{repeat}", cancellationToken);
                replay.Add(runs / Stopwatch.GetElapsedTime(started).TotalSeconds);
                if (replayed.FirstDivergence is not null || replayed.Runs.Count != runs || replayed.Unrecorded.Count > 0)
                {
                    throw new InvalidOperationException($"The recorded replay did not match: {replayed.Runs.Count} runs, {replayed.Unrecorded.Count} unrecorded, first divergence {replayed.FirstDivergence}");
                }

                restore.Add(await RestoreAsync(publisher, kafka, topics, records, repeat, cancellationToken));
            }

            static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
            report.AppendLine(CultureInfo.InvariantCulture, $"{runs:N0} github-triage runs per side ({concurrency} in flight, offline model, 3 actions + 1 audit each); median of {repeats}.");
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
            report.AppendLine(CultureInfo.InvariantCulture, $"| recorded replay, runs/s (shadow, byte-for-byte check) | {Median(replay):N0} | {string.Join(" / ", replay.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| restore of one partition with {records:N0} checkpoints, s | {Median(restore):F2} | {string.Join(" / ", restore.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} |");
            return report.ToString();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static AgentRunner Runner(AgentDefinition agent, IRecordPublisher publisher, AmbientTopics topics, ICheckpointLog log, bool enabled) =>
        AgentRunner.Create(agent, new ChatModelFactory().Create(agent.Model, agent.OfflineRules), AgentToolbox.Default(agent), publisher, s_avro.GetRequiredService<RecordFactory>(), topics.ForRuns(),
            new TokenBudget(TimeProvider.System), log, new CheckpointOptions { Enabled = enabled }, TimeProvider.System, NullLoggerFactory.Instance);

    private static async Task<double> TimeAsync<T>(List<T> items, int concurrency, Func<T, Task<ProcessingResult>> run)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) =>
        {
            if (await run(item) != ProcessingResult.Completed)
            {
                throw new InvalidOperationException("A bench run did not complete.");
            }
        });
        return items.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<AmbientTopics> CreateTopicsAsync(IOptions<AmbientKafkaOptions> kafka, string suffix, CancellationToken cancellationToken)
    {
        var topics = AmbientTopics.WithPrefix($"cb{suffix}.");
        await new TopicInitializer(kafka, NullLogger<TopicInitializer>.Instance).EnsureTopicsAsync(topics, TopicLayout.Default, cancellationToken);
        return topics;
    }

    /// <summary>Fills checkpoint partition 0 of a fresh topic with <paramref name="records"/> step records of github-triage-sized runs, then times a restore.</summary>
    private static async Task<double> RestoreAsync(IRecordPublisher publisher, IOptions<AmbientKafkaOptions> kafka, AmbientTopics source, int records, int repeat, CancellationToken cancellationToken)
    {
        var topics = new AmbientTopics { Checkpoints = $"cb-restore{repeat}.checkpoints", GitHubEvents = source.GitHubEvents };
        using var log = new KafkaCheckpointLog(publisher, s_avro.GetRequiredService<CheckpointCodec>(), kafka, Options.Create(topics));
        var state = JsonText.From(JsonSerializer.SerializeToElement(new { turns = Enumerable.Range(0, 4).Select(i => new { role = "tool", content = new string('x', 300) }) }));
        var writes = new List<Task>();
        for (var i = 0; i < records; i++)
        {
            var run = $"bench-agent-{i / 5:x8}";
            var step = new Checkpoint(run, "bench-agent", "v1", new RunInput(source.GitHubEvents, 0, i / 5, $"e{i / 5}", "com.github.issues.opened"), i % 5, "act",
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
        await store.OpenAsync(new("bench-agent-ffffffff"), new EventCoordinates(source.GitHubEvents, 0, 0), cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
