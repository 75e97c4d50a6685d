using Ambient.Abstractions.Audit;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Health;

/// <summary>
/// The metrics a team watches for behavioural drift after a model or prompt change: every run's outcome, time to
/// decision, tokens, cost and stated confidence, tagged with the agent, the event type, the model that answered and the
/// agent's version (a digest of its file: a prompt change is a new version), so one version or model can be compared
/// with another. Tool calls carry the same tags (<c>ambient.agent.tool_calls</c>: the action mix and refusal rate).
/// </summary>
internal static class DriftSignals
{
    public static void RecordRun(AgentServices services, string eventType, RunResult result, TimeSpan duration)
    {
        var agent = services.Agent.Name;
        var model = new KeyValuePair<string, object?>("model", result.Fallback ?? services.ModelId);
        var version = new KeyValuePair<string, object?>("agent.version", services.Agent.Version);
        var type = new KeyValuePair<string, object?>("event.type", eventType);
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome);
        RuntimeTelemetry.Runs.Add(1, new("agent", agent), outcome, type, model, version);
        RuntimeTelemetry.RunDuration.Record(duration.TotalSeconds, new("agent", agent), outcome, type, model, version);
        if (RunOutcomes.IsUnfinished(result.Outcome))
        {
            // Parked or waiting: its tokens, cost and confidence are counted once, when it finishes.
            return;
        }

        RuntimeTelemetry.RunTokens.Record(result.Usage.Total, new("agent", agent), type, model, version);
        RuntimeTelemetry.RunCost.Record((double)result.CostUsd, new("agent", agent), type, model, version);
        if (result.Confidence is { } confidence)
        {
            RuntimeTelemetry.StatedConfidence.Record(confidence, new("agent", agent), type, model, version);
        }
    }

    public static void RecordFailure(AgentServices services) =>
        RuntimeTelemetry.RunFailures.Add(1, new("agent", services.Agent.Name), new("model", services.ModelId), new("agent.version", services.Agent.Version));
}
