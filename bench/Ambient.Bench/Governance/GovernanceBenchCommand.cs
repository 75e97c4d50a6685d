using System.CommandLine;
using Ambient.Bench.Reporting;
using Ambient.Bench.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Bench.Governance;

/// <summary>
/// <c>ambient-bench governance</c>: in one run against one embedded broker, (1) memory per parked run (goal: 100,000
/// parked runs in one worker within 1 GiB), (2) kill-switch latency with four workers under a steady stream, (3) the
/// time from an approval's answer to the action applied. <c>--only</c> runs some of them.
/// </summary>
internal static class GovernanceBenchCommand
{
    // The worker's record codecs (Avro, single-object encoding: no registry in the bench), to read checkpoints.
    private static readonly ServiceProvider s_avro = new ServiceCollection()
        .AddAmbientAvro(new ConfigurationBuilder().Build())
        .BuildServiceProvider();

    public static Command Create()
    {
        var defaults = new GovernanceBenchOptions();
        var only = new Option<string[]>("--only")
        {
            Description = $"Run only these measurements: {string.Join(", ", GovernanceBenchOptions.All)} (default all, in that order).",
            AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong([.. GovernanceBenchOptions.All]);
        var repeats = new Option<int>("--repeats") { Description = "Pauses of the kill switch, and approved runs unless --approvals says otherwise.", DefaultValueFactory = _ => defaults.Repeats };
        var approvals = new Option<int?>("--approvals") { Description = "Approved runs (default: --repeats)." };
        var parked = new Option<int>("--parked") { Description = "Runs parked for the memory measurement.", DefaultValueFactory = _ => defaults.ParkedCount };
        var workers = new Option<int>("--workers") { Description = "Worker hosts under the kill switch.", DefaultValueFactory = _ => defaults.Workers };
        var rate = new Option<int>("--rate") { Description = "Events/s of the steady stream under the kill switch.", DefaultValueFactory = _ => defaults.Rate };
        var settle = new Option<int>("--settle-seconds") { Description = "Seconds of steady stream after a resume (backlog drained) before the next pause.", DefaultValueFactory = _ => (int)defaults.Settle.TotalSeconds };
        var hold = new Option<int>("--hold-seconds") { Description = "Seconds each pause is held before the agents are resumed.", DefaultValueFactory = _ => (int)defaults.Hold.TotalSeconds };
        var concurrency = new Option<int>("--park-concurrency") { Description = "limits.maxConcurrentRuns of the agent whose runs park.", DefaultValueFactory = _ => defaults.ParkConcurrency };
        var gcdump = new Option<FileInfo?>("--gcdump") { Description = "Write a heap dump with every run parked here and report its largest types (needs dotnet-gcdump)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var command = new Command("governance", "Kill-switch latency (4 workers), approval answer to action applied, memory per parked run.")
        {
            only, repeats, approvals, parked, workers, rate, settle, hold, concurrency, gcdump, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = ServerLauncher.FindAmbientCli();
            var agentFile = ServerLauncher.FindRepositoryFile(Path.Combine("agents", "github-triage.yaml"));
            if (cli is null || agentFile is null)
            {
                await Console.Error.WriteLineAsync("error: build with `dotnet build bench/Ambient.Bench -c Release` in the repository first.");
                return BenchOutput.InvalidArguments;
            }

            var options = defaults with
            {
                Measures = parse.GetValue(only) is { Length: > 0 } chosen ? [.. GovernanceBenchOptions.All.Where(chosen.Contains)] : GovernanceBenchOptions.All,
                Repeats = parse.GetValue(repeats),
                Approvals = parse.GetValue(approvals) ?? parse.GetValue(repeats),
                ParkedCount = parse.GetValue(parked),
                Workers = parse.GetValue(workers),
                Rate = parse.GetValue(rate),
                Hold = TimeSpan.FromSeconds(parse.GetValue(hold)),
                Settle = TimeSpan.FromSeconds(parse.GetValue(settle)),
                ParkConcurrency = parse.GetValue(concurrency),
                GcDump = parse.GetValue(gcdump),
            };
            if (options.Repeats < 1 || options.Approvals < 1 || options.ParkedCount < 20 || options.Workers < 1 || options.Rate < 1 || options.Hold <= TimeSpan.Zero
                || options.Settle < TimeSpan.Zero || options.ParkConcurrency < 1)
            {
                await Console.Error.WriteLineAsync("error: counts must be positive, --parked at least 20.");
                return BenchOutput.InvalidArguments;
            }

            var report = await RunAsync(cli, agentFile, options, BenchOutput.CommandLine(parse), cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    /// <summary>A record codec as the worker has it.</summary>
    public static T Avro<T>() where T : notnull => s_avro.GetRequiredService<T>();

    private static async Task<string> RunAsync(string cli, string agentFile, GovernanceBenchOptions options, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-governance-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(cli, data.FullName, ["--group-initial-rebalance-delay-ms", "0"], cancellationToken);
            var bootstrap = $"127.0.0.1:{broker.Port}";
            var loadBefore = MachineInfo.LoadAverage();
            ParkedResult? parked = null;
            KillSwitchResult? killSwitch = null;
            ApprovalResult? approval = null;
            foreach (var measure in options.Measures)
            {
                switch (measure)
                {
                    case GovernanceBenchOptions.Parked:
                        parked = await new ParkedMemoryMeasurement(bootstrap, agentFile, options).RunAsync(cancellationToken);
                        break;
                    case GovernanceBenchOptions.KillSwitch:
                        killSwitch = await new KillSwitchMeasurement(bootstrap, agentFile, options).RunAsync(cancellationToken);
                        break;
                    case GovernanceBenchOptions.Approval:
                        approval = await new ApprovalMeasurement(bootstrap, agentFile, options).RunAsync(cancellationToken);
                        break;
                }
            }

            var machine = MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal))
                .Append(("load average (1/5/15 min) before / after", $"{loadBefore} / {MachineInfo.LoadAverage()}"));
            return GovernanceReport.Render(options, commandLine, machine, parked, killSwitch, approval);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
