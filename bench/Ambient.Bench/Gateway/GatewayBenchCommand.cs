using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;
using Confluent.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ambient.Bench.Gateway;

/// <summary>
/// <c>ambient-bench gateway</c>: signed GitHub webhooks per second and latency through the gateway (signature, parse,
/// de-duplication, 202 only after Kafka's acks=all acknowledgement) beside a bare Kestrel endpoint answering 202
/// without Kafka, alternating in one run. The broker runs as a child process; both HTTP servers and the load
/// generator share this process.
/// </summary>
internal static class GatewayBenchCommand
{
    private const string Secret = "bench-github-secret";

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smoke run: 3 s per side, one repeat." };
        var seconds = new Option<int?>("--seconds") { Description = "Measured seconds per side and repeat (default 10)." };
        var repeats = new Option<int?>("--repeats") { Description = "Repeats of both sides; the report shows the median (default 3)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests in flight (default 64)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the markdown report to this file." };
        var cli = new Option<string?>("--ambient-cli") { Description = "ambient.dll to run the broker from (default: this repository's Release build)." };
        var command = new Command("gateway", "Signed GitHub webhooks/s and p50/p99 through the gateway (every 202 backed by a Kafka ack) vs a bare 202 endpoint.")
        {
            quick, seconds, repeats, concurrency, output, cli,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var baseline = parse.GetValue(quick) ? GatewayBenchOptions.Quick : new GatewayBenchOptions();
            var options = baseline with
            {
                Duration = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : baseline.Duration,
                Repeats = parse.GetValue(repeats) ?? baseline.Repeats,
                Concurrency = parse.GetValue(concurrency) ?? baseline.Concurrency,
            };
            if (options.Duration <= TimeSpan.Zero || options.Repeats < 1 || options.Concurrency < 1)
            {
                await Console.Error.WriteLineAsync("error: --seconds, --repeats and --concurrency must be at least 1.");
                return BenchOutput.InvalidArguments;
            }

            var ambientCli = parse.GetValue(cli) ?? ServerLauncher.FindAmbientCli();
            var sample = ServerLauncher.FindRepositoryFile(Path.Combine("samples", "events", "github-issue-opened.json"));
            if (ambientCli is null || !File.Exists(ambientCli) || sample is null)
            {
                await Console.Error.WriteLineAsync("error: ambient.dll or samples/events/github-issue-opened.json not found; build with `dotnet build bench/Ambient.Bench -c Release` in the repository, or pass --ambient-cli.");
                return BenchOutput.InvalidArguments;
            }

            var commandLine = BenchOutput.CommandLine(parse);
            var report = await RunAsync(options, ambientCli, await File.ReadAllBytesAsync(sample, cancellationToken), commandLine, cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string?> RunAsync(GatewayBenchOptions options, string ambientCli, byte[] body, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-gateway-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(ambientCli, data.FullName, cancellationToken);
            var bootstrap = $"127.0.0.1:{broker.Port}";
            // Every topic of the default layout, as `ambient topics init` makes them before a gateway starts: the gateway
            // reads some (its readiness waits for them), and its GitHub events go to the 6 partitions of the github topic.
            var topics = new AmbientTopics();
            var topic = topics.GitHubEvents;
            await new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrap }), NullLogger<TopicInitializer>.Instance)
                .EnsureTopicsAsync(topics, TopicLayout.Default, cancellationToken);

            await using var gateway = StartGateway(bootstrap);
            await using var bare = BareEndpoint.Create();
            await gateway.StartAsync(cancellationToken);
            await bare.StartAsync(cancellationToken);
            await WaitUntilReadyAsync(new Uri(gateway.Urls.First()), cancellationToken);

            var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
            var sides = new[] { ("bare 202 endpoint (no Kafka)", new Uri(bare.Urls.First())), ("gateway (202 after Kafka ack)", new Uri(gateway.Urls.First())) };
            var results = sides.ToDictionary(s => s.Item1, _ => new List<GatewayRun>());
            var loadBefore = MachineInfo.LoadAverage();
            var warmUpAccepted = new Dictionary<string, long>();
            foreach (var (name, target) in sides)
            {
                var warm = await new WebhookLoad(target, body, signature, options.Concurrency).RunAsync(TimeSpan.Zero, options.InitialWarmup, cancellationToken);
                warmUpAccepted[name] = warm.AcceptedInAll;
                await Console.Error.WriteLineAsync($"[warm-up] {name}: {warm.AcceptedPerSecond:N0} accepted/s, not measured");
            }

            for (var repeat = 0; repeat < options.Repeats; repeat++)
            {
                foreach (var (name, target) in sides)
                {
                    var brokerCpu = broker.CpuTime;
                    var result = await new WebhookLoad(target, body, signature, options.Concurrency).RunAsync(options.Warmup, options.Duration, cancellationToken);
                    var run = new GatewayRun(result, broker.CpuTime - brokerCpu);
                    results[name].Add(run);
                    await Console.Error.WriteLineAsync($"{name}: {result.AcceptedPerSecond:N0} accepted/s, p50 {result.P50Ms:N2} ms, p99 {result.P99Ms:N2} ms, {result.Other} other answers, CPU per request {result.CpuMicrosPerRequest:N0} µs + broker {run.BrokerCpuMicrosPerRequest:N0} µs");
                }
            }

            var recordsInKafka = CountRecords(bootstrap, topic);
            var acceptedByGateway = warmUpAccepted[sides[1].Item1] + results[sides[1].Item1].Sum(r => r.Load.AcceptedInAll);
            var machine = MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal))
                .Append(("load average (1/5/15 min) before / after", $"{loadBefore} / {MachineInfo.LoadAverage()}")).ToList();
            return GatewayReport.Render(options, commandLine, machine, body.Length, results[sides[0].Item1], results[sides[1].Item1], acceptedByGateway, recordsInKafka);
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

    private static WebApplication StartGateway(string bootstrap) => Ambient.Gateway.GatewayApplication.Create("http://127.0.0.1:0", new Dictionary<string, string?>
    {
        ["Ambient:Kafka:BootstrapServers"] = bootstrap,
        ["Ambient:Gateway:GitHub:Secret"] = Secret,
        ["Ambient:Gateway:GitHub:PermitsPerSecond"] = "1000000",
        ["Ambient:Gateway:GitHub:Burst"] = "1000000",
        ["Ambient:Gateway:Slack:Enabled"] = "false",
        ["Ambient:Gateway:Alertmanager:Enabled"] = "false",
        ["Ambient:Gateway:Generic:Enabled"] = "false",
    }, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));

    private static async Task WaitUntilReadyAsync(Uri gateway, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = gateway };
        while (!(await client.GetAsync("/readyz", cancellationToken)).IsSuccessStatusCode)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Records on the topic: the sum of its partitions' high watermarks (a fresh topic starts at 0).</summary>
    private static long CountRecords(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "ambient-bench-count" }).Build();
        return Enumerable.Range(0, 6).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }
}
