using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Serialization;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;
using Ambient.Executor;
using Ambient.Executor.Targets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Bench.Executor;

/// <summary>
/// <c>ambient-bench executor</c>: GitHub comment actions through the executor as shipped (ledger: started, then the
/// outcome event, the audit record and the final entry, each acknowledged) against a local GitHub, side by side with
/// a bare loop that consumes the same actions and calls the same GitHub target with the same parallelism and no
/// ledger: the ledger's cost is the ratio.
/// </summary>
internal static class ExecutorBenchCommand
{
    private const int Issues = 200;
    private const int PerTarget = 4;

    public static Command Create()
    {
        var actions = new Option<int>("--actions") { Description = "Actions per side (GitHub comments, on 200 issues).", DefaultValueFactory = _ => 2_000 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats; the report shows the median.", DefaultValueFactory = _ => 3 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var command = new Command("executor", "Actions/s through the executor against a local GitHub, ledger on ÷ a bare loop without one.") { actions, repeats, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ServerLauncher.FindAmbientCli() is not { } cli)
            {
                await Console.Error.WriteLineAsync("error: build with `dotnet build bench/Ambient.Bench -c Release` in the repository first.");
                return BenchOutput.InvalidArguments;
            }

            var report = await RunAsync(cli, parse.GetValue(actions), parse.GetValue(repeats), BenchOutput.CommandLine(parse), cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string> RunAsync(string cli, int count, int repeats, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-executor-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(cli, data.FullName, ["--group-initial-rebalance-delay-ms", "0"], cancellationToken);
            var bootstrap = $"127.0.0.1:{broker.Port}";
            await using var github = await BenchGitHub.StartAsync(cancellationToken);
            var executor = new List<double>();
            var bare = new List<double>();
            // Warm-up (JIT tiering, connections, the broker's first topics) of both sides, a full round each, not measured:
            // shorter ones left both sides still speeding up through the third repeat.
            for (var warm = 0; warm < 2; warm++)
            {
                await MeasureExecutorAsync(bootstrap, github, count, $"warm{warm}e", cancellationToken);
                await MeasureBareLoopAsync(bootstrap, github, count, $"warm{warm}b", cancellationToken);
            }
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                // Alternate which side goes first, so drift on a shared machine lands on both alike.
                if (repeat % 2 == 0)
                {
                    executor.Add(await MeasureExecutorAsync(bootstrap, github, count, $"e{repeat}", cancellationToken));
                    bare.Add(await MeasureBareLoopAsync(bootstrap, github, count, $"b{repeat}", cancellationToken));
                }
                else
                {
                    bare.Add(await MeasureBareLoopAsync(bootstrap, github, count, $"b{repeat}", cancellationToken));
                    executor.Add(await MeasureExecutorAsync(bootstrap, github, count, $"e{repeat}", cancellationToken));
                }

                Console.Error.WriteLine($"[repeat {repeat + 1}] executor {executor[^1]:N0} actions/s, bare loop {bare[^1]:N0} actions/s");
            }

            return Report(commandLine, count, repeats, executor, bare);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>The executor as shipped (AddAmbientExecutor, apply mode): first comment at the fake to the last action's final ledger entry.</summary>
    private static async Task<double> MeasureExecutorAsync(string bootstrap, BenchGitHub github, int count, string name, CancellationToken cancellationToken)
    {
        var topics = await PublishActionsAsync(bootstrap, count, name, cancellationToken);
        github.Reset();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection([
            new("Ambient:Kafka:BootstrapServers", bootstrap),
            new("Ambient:Executors:GitHub:BaseUrl", github.Url),
            new("Ambient:Executors:GitHub:Token", "ghs_bench"),
            new("Ambient:Executors:GitHub:Mode", "apply"),
            new("Ambient:Executors:MaxConcurrencyPerTarget", PerTarget.ToString(CultureInfo.InvariantCulture)),
            .. topics.ToSettings()]);
        builder.AddAmbientExecutor();
        using var host = builder.Build();
        using var ledger = new LedgerWatch(bootstrap, topics.ActionResults);
        await host.StartAsync(cancellationToken);
        var finished = await ledger.WaitForFinalAsync(count, cancellationToken);
        await host.StopAsync(CancellationToken.None);
        return Rate(github, count, finished);
    }

    /// <summary>The floor: consume, decode, call the same GitHub target, with the executor's per-target parallelism; nothing ledgered or published.</summary>
    private static async Task<double> MeasureBareLoopAsync(string bootstrap, BenchGitHub github, int count, string name, CancellationToken cancellationToken)
    {
        var topics = await PublishActionsAsync(bootstrap, count, name, cancellationToken);
        github.Reset();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Ambient:Executors:GitHub:BaseUrl", github.Url), new("Ambient:Executors:GitHub:Token", "ghs_bench")]).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddLogging()
            .AddAmbientAvro(configuration);
        services.AddAmbientGitHubTarget(configuration);
        await using var provider = services.BuildServiceProvider();
        var target = provider.GetServices<IActionTarget>().Single(t => t.Name == ActionTargets.GitHub);
        var codec = provider.GetRequiredService<AvroRecordCodec<ActionRecord>>();

        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = $"bench-bare-{name}", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = true,
        }).Build();
        consumer.Subscribe(topics.Actions);
        using var slots = new SemaphoreSlim(PerTarget);
        var calls = new List<Task>(count);
        for (var consumed = 0; consumed < count;)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
            {
                continue;
            }

            consumed++;
            var action = await codec.DecodeAsync(record.Message.Value, cancellationToken);
            await slots.WaitAsync(cancellationToken);
            calls.Add(ApplyAsync(target, action, slots, cancellationToken));
        }

        await Task.WhenAll(calls);
        var finished = Stopwatch.GetTimestamp();
        consumer.Close();
        return Rate(github, count, finished);
    }

    private static async Task ApplyAsync(IActionTarget target, ActionRecord action, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            if ((await target.ApplyAsync(action, ApplyContext.None, cancellationToken)).Kind != TargetOutcomeKind.Applied)
            {
                throw new InvalidOperationException($"The bench's GitHub refused {action.Id}.");
            }
        }
        finally
        {
            slots.Release();
        }
    }

    // From the first comment the fake created to the end of the side (its last ledger entry, or its last call's answer).
    private static double Rate(BenchGitHub github, int count, long finishedTimestamp)
    {
        if (github.Comments != count)
        {
            throw new InvalidOperationException($"The fake GitHub has {github.Comments} comments for {count} actions.");
        }

        return count / Stopwatch.GetElapsedTime(github.FirstTimestamp, finishedTimestamp).TotalSeconds;
    }

    private static async Task<AmbientTopics> PublishActionsAsync(string bootstrap, int count, string name, CancellationToken cancellationToken)
    {
        var topics = AmbientTopics.WithPrefix($"xb{name}.");
        var kafka = Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrap });
        await new TopicInitializer(kafka, NullLogger<TopicInitializer>.Instance).EnsureTopicsAsync(topics, TopicLayout.Default, cancellationToken);
        await using var avro = new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var codec = avro.GetRequiredService<AvroRecordCodec<ActionRecord>>();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            var issue = i % Issues;
            var action = new ActionRecord($"run-{name}-{i}/act/0", $"run-{name}-{i}", "triage", ActionTargets.GitHub, "comment",
                JsonSerializer.SerializeToElement(new { repository = "acme/service", issueNumber = issue + 1, body = "Looks like a duplicate of #3." }),
                "bench", $"evt-{i}", "com.github.issues.opened", DateTimeOffset.UnixEpoch);
            producer.Produce(topics.Actions, new Message<string, byte[]>
            {
                Key = $"acme/service#{issue + 1}",
                Value = await codec.EncodeAsync(action, cancellationToken),
                Headers = [new Header("ambient-action-id", Encoding.UTF8.GetBytes(action.Id)), new Header("ambient-action-target", Encoding.UTF8.GetBytes(action.Target))],
            });
        }

        producer.Flush(cancellationToken);
        return topics;
    }

    private static string Report(string commandLine, int count, int repeats, List<double> executor, List<double> bare)
    {
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        static string Every(List<double> values) => string.Join(" / ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"{count:N0} GitHub comment actions per side on {Issues} issues, {PerTarget} calls in flight, local GitHub (Kestrel); median of {repeats}.");
        foreach (var (name, value) in MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal)))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {value}");
        }

        report.AppendLine();
        report.AppendLine("| measurement | median | every repeat |");
        report.AppendLine("| --- | ---: | --- |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| actions/s, bare loop (consume, decode, call the GitHub target; no ledger) | {Median(bare):N0} | {Every(bare)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| actions/s, executor (ledger started + final, outcome event, audit, each acknowledged) | {Median(executor):N0} | {Every(executor)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| **executor ÷ bare loop** | **{Median(executor) / Median(bare):F2}×** | |");
        return report.ToString();
    }
}
