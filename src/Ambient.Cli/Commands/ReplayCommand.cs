using System.CommandLine;
using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka;
using Ambient.Kafka.Reading;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Replays;
using Ambient.Runtime.Runs;
using Ambient.Runtime.Tools;
using Ambient.Worker.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient replay</c>: re-runs a window of events through one agent for incident recovery, with the
/// recorded model answers (a determinism check: exit code 1 at the first divergence) or the model asked
/// again (a diff report). Actions go to the shadow topic; to the live one, where executors act on them, only with
/// <c>--live-actions</c> and its confirmation <c>--confirm-live-actions</c> (<c>--shadow</c> is accepted and changes nothing).
/// </summary>
internal static class ReplayCommand
{
    private const string ConfirmLiveActions = "--confirm-live-actions";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var agentName = new Option<string>("--agent") { Description = "The agent to replay.", Required = true };
        var from = new Option<string>("--from") { Description = "Start of the window: an offset (on every partition) or a time (ISO 8601).", Required = true };
        var to = new Option<string?>("--to") { Description = "End of the window, exclusive: an offset or a time. Default: the end of the topics." };
        var partition = new Option<int?>("--partition") { Description = "Only this partition of the agent's topics." };
        var mode = new Option<ReplayMode>("--mode") { Description = "recorded: the model answers from the checkpoints, and actions must come out identical; live: the model is asked again.", Required = true };
        var shadow = new Option<bool>("--shadow") { Description = "Accepted for compatibility and changes nothing: actions go to the shadow actions topic unless --live-actions is given." };
        var live = new Option<bool>("--live-actions")
        {
            Description = $"Write the replay's actions to the live actions topic, where executors carry them out again (their ids are new). Needs {ConfirmLiveActions}.",
        };
        var confirm = new Option<bool>(ConfirmLiveActions) { Description = "Confirms --live-actions." };
        var agents = new Option<string>("--agents")
        {
            Description = "Directory of the agent files. Default: $Ambient__Worker__AgentsDirectory, else ./agents.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Ambient__Worker__AgentsDirectory") is { Length: > 0 } directory ? directory : "agents",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("replay", "Replay a window of events through an agent, from its checkpoints or live, for incident recovery.")
        {
            agentName, from, to, partition, mode, shadow, live, confirm, agents, json, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CheckOutput(parse.GetValue(live), parse.GetValue(confirm), parse.GetValue(shadow)) is { } refusal)
            {
                await Console.Error.WriteLineAsync($"error: {refusal}");
                return ExitCodes.InvalidArguments;
            }

            var output = parse.GetValue(live) ? ReplayOutput.Live : ReplayOutput.Shadow;
            var servers = parse.GetValue(bootstrap)!;
            EventPosition start;
            EventPosition? end;
            try
            {
                start = EventPosition.Parse(parse.GetValue(from)!);
                end = parse.GetValue(to) is { } until ? EventPosition.Parse(until) : null;
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidArguments;
            }

            using var host = await KafkaConnection.TryBuildHostAsync(servers, parse.GetValue(timeout), CheckpointHost.Register);
            if (host is null)
            {
                return ExitCodes.InvalidArguments;
            }

            var topics = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;
            AgentDefinition agent;
            try
            {
                var catalog = AgentCatalog.Load(parse.GetValue(agents)!, topics.ForRuns(), knownTools: null);
                agent = catalog.Agents.FirstOrDefault(a => a.Name == parse.GetValue(agentName))
                    ?? throw new AgentDefinitionException($"No agent '{parse.GetValue(agentName)}' in {parse.GetValue(agents)} (it has: {string.Join(", ", catalog.Agents.Select(a => a.Name))}).");
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }

            try
            {
                await using var tools = ToolServices();
                var runner = CreateRunner(host.Services, agent, topics, tools.GetRequiredService<AgentToolboxFactory>().Create(agent));
                var events = host.Services.GetRequiredService<EventReader>().ReadRange(runner.Topics, parse.GetValue(partition), start, end, cancellationToken);
                var replayId = $"replay-{TimeProvider.System.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
                var report = await new ReplayRunner(runner, topics.ForRuns()).ReplayAsync(events, parse.GetValue(mode), output, replayId, cancellationToken);
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(report, s_json) : Describe(report));
                return report.Mode == ReplayMode.Recorded && report.Diverged.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
            }
            catch (AgentDefinitionException ex)
            {
                // The agent names a tool this machine's tools do not provide: the worker would refuse to start with it too.
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }
            catch (Exception ex) when (ex is KafkaOperationException or Confluent.Kafka.KafkaException or TimeoutException or InvalidOperationException or DependencyUnavailableException)
            {
                return await KafkaConnection.ReportAsync(ex is KafkaOperationException ? ex : new KafkaOperationException(ex.Message, ex), servers);
            }
        });
        return command;
    }

    /// <summary>Why the output flags are refused, or null: live actions need their confirmation, and contradict <c>--shadow</c>.</summary>
    private static string? CheckOutput(bool live, bool confirmed, bool shadow) => (live, confirmed, shadow) switch
    {
        (true, _, true) => "--shadow and --live-actions contradict each other; a replay writes to the shadow topic unless --live-actions is given.",
        (true, false, _) => $"--live-actions writes the replay's actions to the live actions topic, where executors carry them out again; add {ConfirmLiveActions} to do that.",
        (false, true, _) => $"{ConfirmLiveActions} confirms --live-actions, which was not given; without it actions go to the shadow topic.",
        _ => null,
    };

    private static AgentRunner CreateRunner(IServiceProvider services, AgentDefinition agent, AmbientTopics topics, AgentToolbox toolbox)
    {
        var time = services.GetRequiredService<TimeProvider>();
        return AgentRunner.Create(agent, new ChatModelFactory().Create(agent.Model, agent.OfflineRules), toolbox, services.GetRequiredService<IRecordPublisher>(),
            services.GetRequiredService<RecordFactory>(), topics.ForRuns(), new TokenBudget(time), services.GetRequiredService<ICheckpointLog>(), new CheckpointOptions(), time, NullLoggerFactory.Instance);
    }

    /// <summary>
    /// The worker's tools, configured from the environment as the worker's are (a live replay reads again with them; a
    /// recorded one only needs to know which tools read), and the agent's MCP servers.
    /// </summary>
    private static ServiceProvider ToolServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddAmbientAgentTools(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        return services.BuildServiceProvider();
    }

    private static string Describe(ReplayReport report)
    {
        var lines = new List<string>
        {
            $"Replay {report.ReplayId} ({report.Mode.ToString().ToLowerInvariant()}, {(report.Shadow ? "shadow" : "LIVE actions")}): {report.Runs.Count} events, actions to {report.ActionsTopic}",
        };
        foreach (var run in report.Runs)
        {
            var verdict = !run.HadRecording && report.Mode == ReplayMode.Recorded ? "no recording, not replayed"
                : run.Differences.Count == 0 ? $"identical ({run.ReplayActions} actions)"
                : $"{run.Differences.Count} differences";
            lines.Add($"  {run.At} {run.EventId}: {run.ReplayRunId}: {verdict}");
            lines.AddRange(run.Differences.Select(d => $"      {d}"));
        }

        lines.Add(report.FirstDivergence is { } first
            ? report.Mode == ReplayMode.Recorded ? $"Determinism check FAILED. First divergence: {first}" : $"{report.Diverged.Count} of {report.Runs.Count} runs changed."
            : report.Mode == ReplayMode.Recorded ? "Determinism check passed: every replayed run produced the original's actions, byte for byte." : "No run changed.");
        return string.Join(Environment.NewLine, lines);
    }
}
