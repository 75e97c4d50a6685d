using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;

namespace Ambient.Bench.Gateway;

/// <summary>
/// <c>ambient-bench gateway-memory</c>: the resident memory (RSS) of <c>ambient up</c> (broker, worker and gateway in one
/// process) while clients send huge webhook bodies that fail authentication, and after they stop: the issue's
/// reproduction (20 clients, 24 MiB bodies, 20 s). Phases: no signature from one address (refused before the body is
/// read); a well-formed wrong signature from one address (read, hashed, refused, until the address is refused for its
/// failures); the same from one address per client (127.0.1.x), which only the body budget bounds. A soak check, not
/// a timed benchmark.
/// </summary>
internal static class GatewayMemoryBenchCommand
{
    private const int MiB = 1024 * 1024;

    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Clients sending at once.", DefaultValueFactory = _ => 20 };
        var body = new Option<int>("--body-mib") { Description = "Body size, MiB (under the gateway's 25 MiB cap).", DefaultValueFactory = _ => 24 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds each phase sends.", DefaultValueFactory = _ => 20 };
        var settle = new Option<int>("--settle-seconds") { Description = "Seconds after a phase before the last reading.", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var cli = new Option<string?>("--ambient-cli") { Description = "ambient.dll to run (default: this repository's Release build)." };
        var command = new Command("gateway-memory", "RSS of `ambient up` before, while and after clients flood the gateway with huge unauthenticated bodies.")
        {
            clients, body, seconds, settle, output, cli,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ambientCli = parse.GetValue(cli) ?? ServerLauncher.FindAmbientCli();
            var agents = ServerLauncher.FindRepositoryFile("agents/github-triage.yaml") is { } triage ? Path.GetDirectoryName(triage)! : null;
            if (ambientCli is null || !File.Exists(ambientCli) || agents is null)
            {
                await Console.Error.WriteLineAsync("error: ambient.dll or agents/ not found; build it with `dotnet build bench/Ambient.Bench -c Release` or pass --ambient-cli.");
                return BenchOutput.InvalidArguments;
            }

            if (parse.GetValue(clients) < 1 || parse.GetValue(body) is < 1 or > 25 || parse.GetValue(seconds) < 1 || parse.GetValue(settle) < 0)
            {
                await Console.Error.WriteLineAsync("error: counts must be positive and --body-mib at most 25 (the gateway's cap).");
                return BenchOutput.InvalidArguments;
            }

            var report = await RunAsync(ambientCli, agents, parse.GetValue(clients), parse.GetValue(body) * MiB, TimeSpan.FromSeconds(parse.GetValue(seconds)),
                TimeSpan.FromSeconds(parse.GetValue(settle)), BenchOutput.CommandLine(parse), cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string> RunAsync(string cli, string agents, int clients, int bodyBytes, TimeSpan duration, TimeSpan settle, string commandLine,
        CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-gateway-memory-");
        try
        {
            var (kafkaPort, httpPort) = (ServerLauncher.FreePort(), ServerLauncher.FreePort());
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            string[] arguments = [cli, "up", "--agents", agents, "--data-dir", data.FullName, "--listen", $"127.0.0.1:{kafkaPort}", "--http-port", $"{httpPort}", "--console-port", "0"];
            await using var up = await ProcessHost.StartAsync("ambient up", dotnet, arguments, httpPort,
                new Dictionary<string, string> { ["Ambient__Gateway__GitHub__Secret"] = "bench-secret" }, cancellationToken);
            var gateway = new IPEndPoint(IPAddress.Loopback, httpPort);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
            report.AppendLine(CultureInfo.InvariantCulture, $"{clients} clients each send {bodyBytes / MiB} MiB webhook bodies to `ambient up`'s gateway for {duration.TotalSeconds:0} s per phase, as fast as it lets them.");
            report.AppendLine();
            report.AppendLine("| phase | RSS before, MiB | peak, MiB | 2 s after, MiB | settled, MiB | answers |");
            report.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
            var wrong = "sha256=" + new string('0', 64);
            foreach (var (phase, signature, addresses) in new[] { ("no signature, one address", (string?)null, 1), ("wrong signature, one address", wrong, 1), ($"wrong signature, {clients} addresses", wrong, clients) })
            {
                var before = up.ResidentBytes;
                var peak = before;
                var answers = await FloodAsync(gateway, clients, addresses, bodyBytes, signature, duration, () => peak = Math.Max(peak, up.ResidentBytes), cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var after = up.ResidentBytes;
                await Task.Delay(settle, cancellationToken);
                var settled = up.ResidentBytes;
                var counted = string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value:N0}"));
                report.AppendLine(CultureInfo.InvariantCulture, $"| {phase} | {before / MiB:N0} | {peak / MiB:N0} | {after / MiB:N0} | {settled / MiB:N0} | {counted} |");
            }

            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min) at the end: {MachineInfo.LoadAverage()}");
            return report.ToString();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Each client sends requests back to back for <paramref name="duration"/>; returns how many got each status ("closed" when the gateway hung up first).</summary>
    private static async Task<Dictionary<string, int>> FloodAsync(IPEndPoint gateway, int clients, int addresses, int bodyBytes, string? signature, TimeSpan duration,
        Action sample, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var chunk = new byte[MiB];
        chunk.AsSpan().Fill((byte)'x');
        var senders = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var from = new IPAddress([127, 0, 1, (byte)(1 + (client % addresses))]);
            while (!stop.IsCancellationRequested)
            {
                var answer = await SendOneAsync(gateway, from, bodyBytes, signature, chunk, stop.Token);
                lock (answers)
                {
                    answers[answer] = answers.GetValueOrDefault(answer) + 1;
                }
            }
        }, CancellationToken.None)).ToList();
        while (!stop.IsCancellationRequested)
        {
            sample();
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        sample();
        await Task.WhenAll(senders);
        return answers;
    }

    private static async Task<string> SendOneAsync(IPEndPoint gateway, IPAddress from, int bodyBytes, string? signature, byte[] chunk, CancellationToken stop)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(gateway, stop);
            var head = $"POST /webhooks/github HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nX-GitHub-Event: issues\r\nX-GitHub-Delivery: {Guid.NewGuid()}\r\n" +
                (signature is null ? string.Empty : $"X-Hub-Signature-256: {signature}\r\n") + $"Content-Length: {bodyBytes}\r\nConnection: close\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head), stop);
            var response = new byte[512];
            var receive = socket.ReceiveAsync(response, CancellationToken.None).AsTask();
            for (var sent = 0; sent < bodyBytes && !receive.IsCompleted; sent += chunk.Length)
            {
                await socket.SendAsync(chunk.AsMemory(0, Math.Min(chunk.Length, bodyBytes - sent)), stop);
            }

            var read = await receive.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            // "HTTP/1.1 401 ..." (a first read of a fresh response holds its status line).
            return read >= 12 ? Encoding.ASCII.GetString(response, 9, 3) : "closed";
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or TimeoutException or IOException)
        {
            return stop.IsCancellationRequested ? "cut at the end" : "closed";
        }
    }
}
