using System.CommandLine;
using Ambient.Bench.Gateway;
using Ambient.Bench.Reporting;
using Ambient.Bench.Runtime;
using Ambient.Bench.Servers;
using Ambient.Bench.Workloads;

namespace Ambient.Bench;

/// <summary>
/// <c>ambient-bench</c>: starts the Ambient broker and redis-server as child processes, runs the same
/// workload against both, prints a markdown report and stops both servers.
/// </summary>
internal static class BenchCommand
{

    public static RootCommand Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smoke run of a few seconds: 20,000 records, 2 s of latency, one repeat." };
        var records = new Option<int?>("--records") { Description = "Records per throughput phase (default 200,000)." };
        var size = new Option<int?>("--record-size") { Description = "Payload bytes per record (default 1024)." };
        var repeats = new Option<int?>("--repeats") { Description = "Repeats of every phase; the report shows the median (default 3)." };
        var rate = new Option<int?>("--rate") { Description = "Records/s during the latency phase (default 1000)." };
        var seconds = new Option<int?>("--latency-seconds") { Description = "Measured seconds of each latency phase (default 10)." };
        var window = new Option<int?>("--redis-window") { Description = "XADD calls in flight at most on the Redis producer (default 1000)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the markdown report to this file." };
        var cli = new Option<string?>("--ambient-cli") { Description = "ambient.dll to run the broker from (default: this repository's Release build)." };
        var redisServer = new Option<string>("--redis-server") { Description = "redis-server executable.", DefaultValueFactory = _ => "redis-server" };
        var natsServer = new Option<string>("--nats-server") { Description = "nats-server executable (JetStream).", DefaultValueFactory = _ => "nats-server" };

        var command = new RootCommand("Ambient broker vs Redis Streams: produce and consume throughput, produce→consume latency. `runtime` compares the agent runtime with a bare consume→produce loop; `gateway` the webhook gateway with a bare 202 endpoint.")
        {
            quick, records, size, repeats, rate, seconds, window, output, cli, redisServer, natsServer, RuntimeBenchCommand.Create(), GatewayBenchCommand.Create(), GatewayMemoryBenchCommand.Create(), Checkpoints.CheckpointBenchCommand.Create(), ToolCalls.ToolCallBenchCommand.Create(), Executor.ExecutorBenchCommand.Create(), Broker.BrokerMemoryBenchCommand.Create(), Governance.GovernanceBenchCommand.Create(),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var baseline = parse.GetValue(quick) ? BenchOptions.Quick : new BenchOptions();
            var options = baseline with
            {
                Records = parse.GetValue(records) ?? baseline.Records,
                RecordSize = parse.GetValue(size) ?? baseline.RecordSize,
                Repeats = parse.GetValue(repeats) ?? baseline.Repeats,
                LatencyRate = parse.GetValue(rate) ?? baseline.LatencyRate,
                LatencyDuration = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : baseline.LatencyDuration,
                RedisWindow = parse.GetValue(window) ?? baseline.RedisWindow,
            };
            if (options.Records < 1 || options.RecordSize < sizeof(long) || options.Repeats < 1 || options.LatencyRate < 1 || options.RedisWindow < 1)
            {
                await Console.Error.WriteLineAsync("error: counts must be positive and --record-size at least 8 (the latency timestamp).");
                return BenchOutput.InvalidArguments;
            }

            var ambientCli = parse.GetValue(cli) ?? ServerLauncher.FindAmbientCli();
            if (ambientCli is null || !File.Exists(ambientCli))
            {
                await Console.Error.WriteLineAsync("error: ambient.dll not found; build it with `dotnet build bench/Ambient.Bench -c Release` or pass --ambient-cli.");
                return BenchOutput.InvalidArguments;
            }

            var commandLine = BenchOutput.CommandLine(parse);
            var report = await RunAsync(options, ambientCli, parse.GetValue(redisServer)!, parse.GetValue(natsServer)!, commandLine, cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string?> RunAsync(BenchOptions options, string ambientCli, string redisServer, string natsServer, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-");
        var hosts = new List<ProcessHost>();
        var systems = new List<BenchSuite.SystemUnderTest>();
        try
        {
            var ambientHost = await ServerLauncher.StartAmbientAsync(ambientCli, Path.Combine(data.FullName, "ambient"), cancellationToken);
            hosts.Add(ambientHost);
            var bootstrap = $"127.0.0.1:{ambientHost.Port}";
            var ambient = new BenchSuite.SystemUnderTest(new KafkaWorkload(bootstrap, "Ambient broker"), ambientHost, new SystemResults("Ambient broker"));
            var noLinger = new BenchSuite.SystemUnderTest(new KafkaWorkload(bootstrap, "Ambient, linger 0", lingerMs: 0), ambientHost, new SystemResults("Ambient, linger 0"), LatencyOnly: true);
            systems.AddRange([ambient, noLinger]);

            string? redisVersion = null;
            var redisResults = new SystemResults("Redis Streams");
            if (ServerLauncher.FindExecutable(redisServer) is { } redisPath)
            {
                var redisData = Directory.CreateDirectory(Path.Combine(data.FullName, "redis")).FullName;
                var redisHost = await ServerLauncher.StartRedisAsync(redisPath, redisData, cancellationToken);
                hosts.Add(redisHost);
                var redis = await RedisWorkload.ConnectAsync($"127.0.0.1:{redisHost.Port}");
                systems.Add(new BenchSuite.SystemUnderTest(redis, redisHost, redisResults));
                redisVersion = await redis.ServerVersionAsync();
            }
            else
            {
                redisResults = new SystemResults("Redis Streams") { Skipped = $"`{redisServer}` was not found (install it with `apt-get install -y redis-server`); only the Ambient broker was measured." };
                await Console.Error.WriteLineAsync($"warning: {redisResults.Skipped}");
            }

            string? natsVersion = null;
            var natsResults = new SystemResults("NATS JetStream");
            if (ServerLauncher.FindExecutable(natsServer) is { } natsPath)
            {
                var natsHost = await ServerLauncher.StartNatsAsync(natsPath, Directory.CreateDirectory(Path.Combine(data.FullName, "nats")).FullName, cancellationToken);
                hosts.Add(natsHost);
                var nats = await NatsWorkload.ConnectAsync($"nats://127.0.0.1:{natsHost.Port}");
                systems.Add(new BenchSuite.SystemUnderTest(nats, natsHost, natsResults));
                natsVersion = nats.ServerVersion;
            }
            else
            {
                natsResults = new SystemResults("NATS JetStream") { Skipped = $"`{natsServer}` was not found (install it with `apt-get install -y nats-server`)." };
                await Console.Error.WriteLineAsync($"warning: {natsResults.Skipped}");
            }

            var loadBefore = MachineInfo.LoadAverage();
            await new BenchSuite(options, systems).RunAsync(cancellationToken);
            var machine = MachineInfo.Describe(redisVersion, natsVersion).Append(("load average (1/5/15 min) before / after", $"{loadBefore} / {MachineInfo.LoadAverage()}")).ToList();
            return Report.Render(options, commandLine, machine, ambient.Results, noLinger.Results, [redisResults, natsResults]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
        finally
        {
            foreach (var system in systems)
            {
                await system.Workload.DisposeAsync();
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            data.Delete(recursive: true);
        }
    }
}
