using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;

namespace Ambient.Bench.Broker;

/// <summary>
/// <c>ambient-bench broker-memory</c>: the broker's resident memory (RSS) while many connections each send part of a
/// huge request frame and stall, and after they close; the reproduction (50 connections, 20 MiB of a 99 MiB
/// frame each). The broker runs as <c>ambient broker</c> in its own process, so its RSS is its own. A soak check,
/// not a timed benchmark.
/// </summary>
internal static class BrokerMemoryBenchCommand
{
    private const int MiB = 1024 * 1024;

    public static Command Create()
    {
        var connections = new Option<int>("--connections") { Description = "Connections sending a partial frame.", DefaultValueFactory = _ => 50 };
        var send = new Option<int>("--send-mib") { Description = "MiB each connection sends of its frame.", DefaultValueFactory = _ => 20 };
        var frame = new Option<int>("--frame-mib") { Description = "Frame size each connection announces, MiB (under --socket-request-max-bytes).", DefaultValueFactory = _ => 99 };
        var hold = new Option<int>("--hold-seconds") { Description = "Seconds the connections stay open, sending, before they close.", DefaultValueFactory = _ => 10 };
        var settle = new Option<int>("--settle-seconds") { Description = "Seconds after the close before the last reading.", DefaultValueFactory = _ => 10 };
        var brokerArgs = new Option<string?>("--broker-args") { Description = "More `ambient broker` flags, e.g. \"--queued-max-request-bytes 9223372036854775807\"." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var cli = new Option<string?>("--ambient-cli") { Description = "ambient.dll to run the broker from (default: this repository's Release build)." };
        var command = new Command("broker-memory", "Broker RSS before, while and after many connections hold partial request frames.")
        {
            connections, send, frame, hold, settle, brokerArgs, output, cli,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ambientCli = parse.GetValue(cli) ?? ServerLauncher.FindAmbientCli();
            if (ambientCli is null || !File.Exists(ambientCli))
            {
                await Console.Error.WriteLineAsync("error: ambient.dll not found; build it with `dotnet build bench/Ambient.Bench -c Release` or pass --ambient-cli.");
                return BenchOutput.InvalidArguments;
            }

            if (parse.GetValue(connections) < 1 || parse.GetValue(send) < 1 || parse.GetValue(frame) <= parse.GetValue(send) || parse.GetValue(hold) < 1 || parse.GetValue(settle) < 0)
            {
                await Console.Error.WriteLineAsync("error: counts must be positive and --frame-mib larger than --send-mib (the frame must stay partial).");
                return BenchOutput.InvalidArguments;
            }

            var extra = parse.GetValue(brokerArgs)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            var report = await RunAsync(ambientCli, extra, parse.GetValue(connections), parse.GetValue(send), parse.GetValue(frame),
                TimeSpan.FromSeconds(parse.GetValue(hold)), TimeSpan.FromSeconds(parse.GetValue(settle)), BenchOutput.CommandLine(parse), cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string> RunAsync(string cli, string[] brokerArgs, int connections, int sendMiB, int frameMiB, TimeSpan hold, TimeSpan settle,
        string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-broker-memory-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(cli, data.FullName, brokerArgs, cancellationToken);
            var endpoint = new IPEndPoint(IPAddress.Loopback, broker.Port);
            var fresh = broker.ResidentBytes;

            // Warm-up: the same pattern once, small, so code paths and threads it needs are already in "before".
            await AttackAsync(endpoint, 1, 2, frameMiB, TimeSpan.FromSeconds(1), () => { }, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = broker.ResidentBytes;

            long peak = before, holding = before;
            var sent = await AttackAsync(endpoint, connections, sendMiB, frameMiB, hold, () =>
            {
                holding = broker.ResidentBytes;
                peak = Math.Max(peak, holding);
            }, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var afterShort = broker.ResidentBytes;
            await Task.Delay(settle, cancellationToken);
            var afterSettle = broker.ResidentBytes;

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
            report.AppendLine(CultureInfo.InvariantCulture, $"{connections} connections each announce a {frameMiB} MiB frame and try to send {sendMiB} MiB of it, hold {hold.TotalSeconds:0} s, then close; they got {sent / MiB:N0} of their {(long)connections * sendMiB:N0} MiB into their sockets (TCP holds back the rest of a connection the broker stops reading).");
            report.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min) at the end: {MachineInfo.LoadAverage()}");
            report.AppendLine();
            report.AppendLine("| broker RSS | MiB |");
            report.AppendLine("| --- | ---: |");
            foreach (var (name, bytes) in new[]
            {
                ("fresh start", fresh), ("before (after a one-connection warm-up)", before), ("peak while the connections hold partial frames", peak),
                ("last reading before they close", holding), ("2 s after they closed", afterShort), ($"{settle.TotalSeconds + 2:0} s after they closed", afterSettle),
            })
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {bytes / MiB:N0} |");
            }

            return report.ToString();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Opens the connections, sends each one's size prefix and part of its body, samples while they hold, closes them; returns the bytes the clients got into their sockets.</summary>
    private static async Task<long> AttackAsync(IPEndPoint endpoint, int connections, int sendMiB, int frameMiB, TimeSpan hold, Action sample,
        CancellationToken cancellationToken)
    {
        var chunk = new byte[MiB];
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, frameMiB * MiB);
        var sockets = new List<Socket>();
        var sent = new long[connections];
        var senders = new List<Task>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(endpoint, cancellationToken);
                var index = i;
                senders.Add(Task.Run(async () =>
                {
                    await socket.SendAsync(prefix);
                    for (var m = 0; m < sendMiB; m++)
                    {
                        await socket.SendAsync(chunk);
                        Interlocked.Add(ref sent[index], chunk.Length);
                    }
                }, cancellationToken));
            }

            var end = TimeProvider.System.GetTimestamp() + (long)(hold.TotalSeconds * TimeProvider.System.TimestampFrequency);
            while (TimeProvider.System.GetTimestamp() < end)
            {
                sample();
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            sample();
            return sent.Sum();
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            // Sends still blocked by a broker that stopped reading fail once their socket is closed.
            await Task.WhenAll(senders).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
