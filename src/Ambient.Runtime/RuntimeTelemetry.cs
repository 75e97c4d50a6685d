using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ambient.Runtime;

/// <summary>
/// The runtime's ActivitySource and Meter. Span and attribute names follow the OpenTelemetry GenAI
/// semantic conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/).
/// </summary>
public static class RuntimeTelemetry
{
    /// <summary>Name of the ActivitySource and the Meter.</summary>
    public const string Name = "Ambient.Runtime";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter s_meter = new(Name);

    internal static readonly Counter<long> Runs = s_meter.CreateCounter<long>("ambient.agent.runs", "{run}",
        "Agent runs by agent, outcome, event type, model and agent version (the drift signals' outcome rates).");

    internal static readonly Histogram<double> RunDuration = s_meter.CreateHistogram<double>("ambient.agent.run.duration", "s",
        "Wall time of agent runs (time to decision), by agent, outcome, event type, model and agent version.");

    internal static readonly Histogram<long> RunTokens = s_meter.CreateHistogram<long>("ambient.agent.run.tokens", "{token}",
        "Tokens one finished run used, by agent, event type, model and agent version.");

    internal static readonly Histogram<double> RunCost = s_meter.CreateHistogram<double>("ambient.agent.run.cost", "USD",
        "What one finished run cost, by agent, event type, model and agent version.");

    internal static readonly Histogram<double> StatedConfidence = s_meter.CreateHistogram<double>("ambient.agent.confidence", "1",
        "The confidence a run's model stated (0 to 1), by agent, event type, model and agent version; runs that stated none are not recorded.");

    internal static readonly Counter<long> RunFailures = s_meter.CreateCounter<long>("ambient.agent.run.failures", "{failure}",
        "Runs that failed and will be retried from their last checkpoint (the retry rate), by agent, model and agent version.");

    internal static readonly Counter<long> Tokens = s_meter.CreateCounter<long>("gen_ai.client.token.usage.total", "{token}", "Tokens used by agent and direction (input, output).");

    internal static readonly Counter<double> Cost = s_meter.CreateCounter<double>("ambient.agent.cost", "USD", "What the agent's model calls cost, from the prices declared in its file.");

    internal static readonly Counter<long> ToolCalls = s_meter.CreateCounter<long>("ambient.agent.tool_calls", "{call}",
        "Tool calls by agent, tool, result (read, proposed, delegated, refused, failed, parked), event type, model and agent version: the action mix and refusal rate.");

    internal static readonly Histogram<double> ToolDuration = s_meter.CreateHistogram<double>("ambient.agent.tool.duration", "s", "Time one allowed tool call took to run.");

    internal static readonly Histogram<double> CheckpointRestore = s_meter.CreateHistogram<double>("ambient.checkpoints.restore.duration", "s", "Time to restore one input partition's runs from the checkpoints topic.");

    internal static readonly Counter<long> Checkpoints = s_meter.CreateCounter<long>("ambient.checkpoints.written", "{checkpoint}", "Step checkpoints written, by agent and step.");
}
