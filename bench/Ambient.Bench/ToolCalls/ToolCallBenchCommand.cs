using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Tools;
using Ambient.Bench.Governance;
using Ambient.Bench.Reporting;
using Ambient.Bench.Runtime;
using Ambient.Bench.Servers;
using Ambient.Governance.Policies;
using Ambient.Runtime.Agents;
using Ambient.Runtime.ToolCalls;
using Ambient.Runtime.Tools;
using Ambient.Worker.Tools;
using Ambient.Worker.Topics;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Bench.ToolCalls;

/// <summary>
/// <c>ambient-bench tool-calls</c>: the cost of one tool call of github-triage through the worker's filter chain (the
/// allow-list, then the policies in force: <c>policies/default.yaml</c> and <c>policies/samples.yaml</c>, read from the
/// governance topic by a real worker) and the tool itself, side by side with the same calls through the allow-list alone.
/// </summary>
internal static class ToolCallBenchCommand
{
    // github-triage's four calls on the sample issue, as its offline model makes them.
    private static readonly (string Tool, string Arguments)[] s_calls =
    [
        ("github.search_issues", """{"repository":"acme/service","query":"typo in README"}"""),
        ("github.add_labels", """{"repository":"acme/service","issueNumber":1234,"labels":["documentation","good first issue"]}"""),
        ("github.comment", """{"repository":"acme/service","issueNumber":1234,"body":"Thanks for the report! This looks like a documentation fix; a maintainer will follow up."}"""),
        ("github.propose_pull_request_plan", """{"repository":"acme/service","issueNumber":1234,"title":"Fix the typo in README","steps":["Correct the word","Check the other headings"]}"""),
    ];

    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Tool calls per side and repeat.", DefaultValueFactory = _ => 200_000 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats; the report shows the median.", DefaultValueFactory = _ => 5 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the report to this file." };
        var command = new Command("tool-calls", "Cost per tool call through the worker's filter chain (allow-list and policies) ÷ the allow-list alone.") { calls, repeats, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = ServerLauncher.FindAmbientCli();
            var agentFile = ServerLauncher.FindRepositoryFile(Path.Combine("agents", "github-triage.yaml"));
            var policies = ServerLauncher.FindRepositoryFile(Path.Combine("policies", "samples.yaml"));
            if (cli is null || agentFile is null || policies is null)
            {
                await Console.Error.WriteLineAsync("error: build with `dotnet build bench/Ambient.Bench -c Release` in the repository first.");
                return BenchOutput.InvalidArguments;
            }

            var report = await RunAsync(cli, agentFile, Path.GetDirectoryName(policies)!, parse.GetValue(calls), parse.GetValue(repeats), BenchOutput.CommandLine(parse),
                cancellationToken);
            return await BenchOutput.PublishAsync(report, parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    private static async Task<string> RunAsync(string cli, string agentFile, string policies, int count, int repeats, string commandLine, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ambient-bench-tool-calls-");
        try
        {
            await using var broker = await ServerLauncher.StartAmbientAsync(cli, data.FullName, ["--group-initial-rebalance-delay-ms", "0"], cancellationToken);
            await using var deployment = await BenchDeployment.CreateAsync($"127.0.0.1:{broker.Port}", agentFile, "toolcalls", maxConcurrentRuns: null, cancellationToken);
            var policyCount = 0;
            foreach (var file in Directory.GetFiles(policies, "*.yaml").Order(StringComparer.Ordinal))
            {
                // The sample rules name github-triage; the bench's copy of it has its own name.
                var yaml = (await File.ReadAllTextAsync(file, cancellationToken)).Replace("[github-triage]", $"[{deployment.AgentName}]", StringComparison.Ordinal);
                await deployment.Governance.ApplyAsync(PolicyReader.Read(file, yaml), cancellationToken);
                policyCount++;
            }

            var worker = await deployment.StartWorkerAsync(cancellationToken);
            var yamlText = TriageAgentFile.Rewrite(await File.ReadAllTextAsync(agentFile, cancellationToken), agentFile, deployment.AgentName, maxConcurrentRuns: null);
            var agent = AgentCatalog.FromFiles([(agentFile, yamlText)], deployment.Topics.ForRuns(), knownTools: null).Agents.Single();
            var filtered = worker.Services.GetRequiredService<AgentToolboxFactory>().Create(agent);
            var contexts = Contexts(agent, filtered);
            var filteredSide = new Side(filtered.Pipeline, contexts);
            var allowListSide = new Side(ToolCallPipeline.AllowListOnly, contexts);

            // Both sides once unmeasured (JIT tiering; the worker's filter waits for the governance topic to be read whole).
            var decisions = await filteredSide.RunAsync(count, cancellationToken);
            await allowListSide.RunAsync(count, cancellationToken);
            var on = new List<Sample>();
            var off = new List<Sample>();
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                // Alternate which side goes first.
                if (repeat % 2 == 0)
                {
                    on.Add(await filteredSide.MeasureAsync(count, cancellationToken));
                    off.Add(await allowListSide.MeasureAsync(count, cancellationToken));
                }
                else
                {
                    off.Add(await allowListSide.MeasureAsync(count, cancellationToken));
                    on.Add(await filteredSide.MeasureAsync(count, cancellationToken));
                }
            }

            return Report(commandLine, count, repeats, policyCount, decisions, on, off);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static List<(ToolCallContext Context, IAmbientTool Tool)> Contexts(AgentDefinition agent, AgentToolbox toolbox)
    {
        var input = new AmbientEvent("bench-1", "https://github.com/acme/service", "com.github.issues.opened", "acme/service#1234", DateTimeOffset.UnixEpoch,
            "application/json", "{}"u8.ToArray()) { Ingress = IngressKinds.GitHub };
        return [.. s_calls.Select((call, i) =>
        {
            var tool = toolbox.Find(call.Tool) ?? throw new InvalidOperationException($"github-triage has no tool {call.Tool}.");
            var context = new ToolCallContext(agent, "bench-run", $"call-{i}", call.Tool, tool, JsonDocument.Parse(call.Arguments).RootElement, input)
            {
                Turn = 1,
                CallIndex = i,
                At = new RunInput("bench.github", 0, 0, input.Id, input.Type),
            };
            return (context, tool);
        })];
    }

    private sealed record Sample(double CallsPerSecond, double MicrosecondsPerCall, double BytesPerCall);

    /// <summary>The calls through one filter chain: each call checked, then, unless refused or parked, the tool invoked (proposals only; the read is answered as a replay would).</summary>
    private sealed class Side(ToolCallPipeline pipeline, List<(ToolCallContext Context, IAmbientTool Tool)> calls)
    {
        public async Task<Dictionary<string, string>> RunAsync(int count, CancellationToken cancellationToken)
        {
            var decisions = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var (context, tool) = calls[i % calls.Count];
                var decision = await CallAsync(context, tool, cancellationToken);
                decisions[context.ToolName] = $"{decision.Verdict}{(decision.Audit is { } audit ? $" ({audit.Decision}, rule {audit.Rule ?? "none"})" : string.Empty)}";
            }

            return decisions;
        }

        public async Task<Sample> MeasureAsync(int count, CancellationToken cancellationToken)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var (context, tool) = calls[i % calls.Count];
                await CallAsync(context, tool, cancellationToken);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            return new Sample(count / elapsed, cpuSeconds * 1e6 / count, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count);
        }

        private async Task<ToolCallDecision> CallAsync(ToolCallContext context, IAmbientTool tool, CancellationToken cancellationToken)
        {
            var decision = await pipeline.CheckAsync(context, cancellationToken);
            if (decision.Verdict == ToolCallVerdict.Allow && tool.Descriptor.Kind == ToolKind.Effect)
            {
                var result = await tool.InvokeAsync(new ToolCall(context.Agent.Name, context.RunId, context.CallId, new ToolArguments(context.Arguments)), cancellationToken);
                if (result.Kind != ToolResultKind.Action)
                {
                    throw new InvalidOperationException($"{context.ToolName} returned {result.Kind}: {result.Text}");
                }
            }

            return decision;
        }
    }

    private static string Report(string commandLine, int count, int repeats, int policies, Dictionary<string, string> decisions, List<Sample> on, List<Sample> off)
    {
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        static string Every(IEnumerable<double> values, string format) => string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{count:N0} calls per side and repeat, github-triage's four calls in turn, one at a time; {policies} policy files in force; median of {repeats}, sides alternating, after one unmeasured round per side.");
        foreach (var (name, value) in MachineInfo.Describe(redisVersion: null).Where(m => !m.Name.StartsWith("Redis", StringComparison.Ordinal)))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {value}");
        }

        report.AppendLine();
        report.AppendLine("What the filters decided, per tool: " + string.Join("; ", decisions.Select(d => $"`{d.Key}` {d.Value}")) + ".");
        report.AppendLine();
        report.AppendLine("| measurement | allow-list only | worker's filters (allow-list + policies) | filters on ÷ off |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| calls/s, one at a time (higher is better) | {Median(off.Select(s => s.CallsPerSecond)):N0} | {Median(on.Select(s => s.CallsPerSecond)):N0} | **{Median(on.Select(s => s.CallsPerSecond)) / Median(off.Select(s => s.CallsPerSecond)):F2}×** |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| CPU per call, µs | {Median(off.Select(s => s.MicrosecondsPerCall)):F2} | {Median(on.Select(s => s.MicrosecondsPerCall)):F2} | {Median(on.Select(s => s.MicrosecondsPerCall)) / Median(off.Select(s => s.MicrosecondsPerCall)):F2}× |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| managed bytes allocated per call | {Median(off.Select(s => s.BytesPerCall)):N0} | {Median(on.Select(s => s.BytesPerCall)):N0} | {Median(on.Select(s => s.BytesPerCall)) / Median(off.Select(s => s.BytesPerCall)):F2}× |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Every repeat, calls/s: allow-list only {Every(off.Select(s => s.CallsPerSecond), "N0")}; filters {Every(on.Select(s => s.CallsPerSecond), "N0")}.");
        return report.ToString();
    }
}
