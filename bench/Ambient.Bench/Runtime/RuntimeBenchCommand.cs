using System.CommandLine;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;
using Confluent.Kafka;

namespace Ambient.Bench.Runtime;

/// <summary>
/// <c>ambient-bench runtime</c>: starts the broker as a child process, pre-loads GitHub issue events, and measures
/// events/s through one agent worker (consume → reason → emit actions → audit → commit) beside bare
/// Confluent.Kafka consume→produce loops on the same broker and the same events.
/// </summary>
internal static class RuntimeBenchCommand
{

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smoke run: 2,000 events, one repeat." };
        var events = new Option<int?>("--events") { Description = "Events per run (default 20,000)." };
        var warmup = new Option<int?>("--warmup-events") { Description = "Events of the unmeasured warm-up run of every side (default: as many as --events)." };
        var repeats = new Option<int?>("--repeats") { Description = "Runs of every side; the report shows the median (default 3)." };
        var partitions = new Option<int?>("--partitions") { Description = "Partitions of the events topic (default 6, the default topic layout's)." };
        var concurrency = new Option<int?>("--max-concurrent-runs") { Description = "limits.maxConcurrentRuns of the agent (default: 256: enough runs in flight to keep two cores busy while each run waits on the broker five times)." };
        var sides = new Option<string[]>("--sides")
        {
            Description = $"Sides to run, of {string.Join(", ", RuntimeBenchOptions.AllSides)} (default all; fewer for profiling one).",
            DefaultValueFactory = _ => [.. RuntimeBenchOptions.AllSides],
            AllowMultipleArgumentsPerToken = true,
        };
        var commitInterval = new Option<int?>("--commit-interval-ms") { Description = "auto.commit.interval.ms of every side's consumer (default 100; the worker ships 1,000)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the markdown report to this file." };
        var cli = new Option<string?>("--ambient-cli") { Description = "ambient.dll to run the broker from (default: this repository's Release build)." };
        var agent = new Option<string?>("--agent-file") { Description = "The github-triage agent file to copy (default: this repository's agents/github-triage.yaml)." };

        var command = new Command("runtime", "Agent runtime vs a bare Confluent.Kafka consume→produce loop: events/s through one worker with the offline model.")
        {
            quick, events, warmup, repeats, partitions, concurrency, commitInterval, sides, output, cli, agent,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var baseline = parse.GetValue(quick) ? RuntimeBenchOptions.Quick : new RuntimeBenchOptions();
            var options = baseline with
            {
                Events = parse.GetValue(events) ?? baseline.Events,
                Repeats = parse.GetValue(repeats) ?? baseline.Repeats,
                WarmupEventsSetting = parse.GetValue(warmup) ?? baseline.WarmupEventsSetting,
                Partitions = parse.GetValue(partitions) ?? baseline.Partitions,
                MaxConcurrentRuns = parse.GetValue(concurrency) ?? baseline.MaxConcurrentRuns,
                CommitIntervalMs = parse.GetValue(commitInterval) ?? baseline.CommitIntervalMs,
                Sides = [.. parse.GetValue(sides)!.Distinct(StringComparer.Ordinal)],
            };
            if (options.Partitions < 1 || options.Events < options.Partitions || options.Repeats < 1 || options.WarmupEvents < options.Partitions || options.MaxConcurrentRuns < 1 || options.CommitIntervalMs < 1
                || options.Sides.Count == 0 || options.Sides.Except(RuntimeBenchOptions.AllSides, StringComparer.Ordinal).Any())
            {
                await Console.Error.WriteLineAsync($"error: --partitions must be at least 1, --events at least the partitions, --warmup-events at least the partitions, --repeats, --max-concurrent-runs and --commit-interval-ms at least 1, --sides some of {string.Join(", ", RuntimeBenchOptions.AllSides)}.");
                return BenchOutput.InvalidArguments;
            }

            var ambientCli = parse.GetValue(cli) ?? ServerLauncher.FindAmbientCli();
            var agentFile = parse.GetValue(agent) ?? ServerLauncher.FindRepositoryFile(Path.Combine("agents", "github-triage.yaml"));
            if (ambientCli is null || !File.Exists(ambientCli) || agentFile is null || !File.Exists(agentFile))
            {
                await Console.Error.WriteLineAsync("error: ambient.dll or agents/github-triage.yaml not found; build with `dotnet build bench/Ambient.Bench -c Release` in the repository, or pass --ambient-cli and --agent-file.");
                return BenchOutput.InvalidArguments;
            }

            var commandLine = BenchOutput.CommandLine(parse);
            var report = await RunAsync(options, ambientCli, agentFile, commandLine, cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string?> RunAsync(RuntimeBenchOptions options, string ambientCli, string agentFile, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-runtime-");
        try
        {
            // One member per group, so a new group need not wait 3 s for more (Kafka's group.initial.rebalance.delay.ms).
            await using var broker = await ServerLauncher.StartAmbientAsync(ambientCli, data.FullName, ["--group-initial-rebalance-delay-ms", "0"], cancellationToken);
            var bootstrap = $"127.0.0.1:{broker.Port}";
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            var commit = new KeyValuePair<string, string?>("Ambient:Kafka:Consumer:auto.commit.interval.ms", options.CommitIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var runtime = new AgentRuntimePipeline("agent runtime", bootstrap, agentFile, options.MaxConcurrentRuns, new Dictionary<string, string?>([commit]));
            var noCheckpoints = new AgentRuntimePipeline("runtime, checkpoints off (diagnostic)", bootstrap, agentFile, options.MaxConcurrentRuns,
                new Dictionary<string, string?>([commit]) { ["Ambient:Checkpoints:Enabled"] = "false" });
            var bare1 = new BareLoopPipeline("bare loop, 1 output", bootstrap, admin, outputsPerEvent: 1, options.CommitIntervalMs);
            var bare4 = new BareLoopPipeline("bare loop, 4 outputs", bootstrap, admin, outputsPerEvent: 4, options.CommitIntervalMs);
            var named = new Dictionary<string, IPipeline> { [RuntimeBenchOptions.Runtime] = runtime, [RuntimeBenchOptions.RuntimeNoCheckpoints] = noCheckpoints, [RuntimeBenchOptions.Bare1] = bare1, [RuntimeBenchOptions.Bare4] = bare4 };
            List<IPipeline> pipelines = [.. RuntimeBenchOptions.AllSides.Where(options.Sides.Contains).Select(name => named[name])];

            var loadBefore = MachineInfo.LoadAverage();
            var suite = new RuntimeBenchSuite(options, bootstrap, broker, admin, pipelines);
            await suite.RunAsync(cancellationToken);
            var machine = MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal))
                .Append(("load average (1/5/15 min) before / after", $"{loadBefore} / {MachineInfo.LoadAverage()}")).ToList();
            var workload = $"Each event: a binary-mode CloudEvent `com.github.issues.opened` with a {suite.EventValueBytes:N0}-byte issue payload and {IssueEvents.HeaderBytes():N0} bytes of headers; github-triage (offline model) proposes 3 actions and writes 1 audit record for it; maxConcurrentRuns {options.MaxConcurrentRuns}.";
            RuntimeReport.Side Side(IPipeline p) => new(p.Name, suite.Results.GetValueOrDefault(p) ?? []);
            return RuntimeReport.Render(options, commandLine, machine, workload, Side(runtime), options.Sides.Contains(RuntimeBenchOptions.RuntimeNoCheckpoints) ? [Side(noCheckpoints)] : [], [Side(bare1), Side(bare4)]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {ex}");
            return null;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
