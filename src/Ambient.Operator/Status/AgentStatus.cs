using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Governance.State;
using Ambient.Operator.Reconciling;

namespace Ambient.Operator.Status;

/// <summary>
/// An Agent's <c>status</c> as <c>kubectl get ag</c> shows it (k8s/crds/agent.yaml): the last reconcile's outcome, its
/// worker Deployment's replicas, what the agent did today, and the conditions Ready, Scaling, Paused, Unhealthy and
/// Degraded. A condition keeps its lastTransitionTime while its status stays the same.
/// </summary>
internal static class AgentStatus
{
    public static JsonObject Build(ReconcileOutcome outcome, JsonObject? deployment, ActivityToday today, long? lag, PauseRecord? pause,
        JsonObject? previous, DateTimeOffset now)
    {
        var desiredReplicas = deployment?["spec"]?["replicas"]?.GetValue<int>() ?? 0;
        var replicas = deployment?["status"]?["replicas"]?.GetValue<int>() ?? 0;
        var ready = deployment?["status"]?["readyReplicas"]?.GetValue<int>() ?? 0;
        var available = (deployment?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == "Available");
        var status = new JsonObject
        {
            ["observedGeneration"] = outcome.Generation,
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["runsToday"] = today.Runs,
            ["tokensToday"] = today.Tokens,
            ["costTodayUsd"] = (double)today.CostUsd,
        };
        if (outcome.Model is { } model)
        {
            status["model"] = model;
        }

        if (lag is { } records)
        {
            status["lag"] = records;
        }

        if (today.Limits is { } limits && (limits.TokensPerDay is not null || limits.CostPerDayUsd is not null))
        {
            var budget = new JsonObject();
            if (limits.TokensPerDay is { } tokens)
            {
                budget["tokensPerDay"] = tokens;
            }

            if (limits.CostPerDayUsd is { } cost)
            {
                budget["costPerDayUsd"] = (double)cost;
            }

            status["budget"] = budget;
        }

        if (today.LastRun is { } run)
        {
            status["lastRun"] = new JsonObject { ["id"] = run.RunId, ["outcome"] = run.Outcome ?? run.Status, ["time"] = Time(run.UpdatedAt) };
        }

        var conditions = new[]
        {
            outcome.Applied switch
            {
                false => Condition("Ready", false, outcome.Reason, outcome.Message),
                true when ready >= desiredReplicas && desiredReplicas == 0 => Condition("Ready", true, "ScaledToZero", "no lag: the scaler keeps no worker running"),
                true when ready >= desiredReplicas => Condition("Ready", true, "WorkersReady", $"{ready} of {desiredReplicas} workers ready"),
                true => Condition("Ready", false, "WorkersNotReady", $"{ready} of {desiredReplicas} workers ready"),
            },
            replicas != desiredReplicas || ready != desiredReplicas
                ? Condition("Scaling", true, desiredReplicas > replicas ? "ScalingUp" : "Rolling", $"{replicas} workers, {ready} ready, {desiredReplicas} wanted")
                : Condition("Scaling", false, "Stable", $"{desiredReplicas} workers"),
            pause switch
            {
                null => Condition("Paused", false, "Running", "no pause holds the agent"),
                { By: SpecPauses.By } => Condition("Paused", true, "SpecPaused", "spec.paused: runs hold at their next step and events wait"),
                _ => Condition("Paused", true, "KillSwitch", $"paused by {pause.By ?? "someone"}{(pause.Reason is { } why ? $": {why}" : string.Empty)} (ambient resume lifts it)"),
            },
            available is { } availability && availability["status"]?.ToString() == "False"
                ? Condition("Unhealthy", true, "WorkersUnavailable", $"{availability["reason"]}: {availability["message"]} (a worker's /readyz says why)")
                : Condition("Unhealthy", false, "Healthy", "the workers pass their probes"),
            outcome.Applied
                ? Condition("Degraded", false, "Reconciled", outcome.Message)
                : Condition("Degraded", true, outcome.Reason, outcome.Message),
        };
        var before = (previous?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(c => c["type"]!.ToString(), StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            condition["observedGeneration"] = outcome.Generation;
            var earlier = before.GetValueOrDefault(condition["type"]!.ToString());
            condition["lastTransitionTime"] = earlier?["status"]?.ToString() == condition["status"]!.ToString() && earlier["lastTransitionTime"] is { } since
                ? since.DeepClone()
                : Time(now);
        }

        status["conditions"] = new JsonArray([.. conditions]);
        return status;
    }

    private static JsonObject Condition(string type, bool status, string reason, string message) =>
        new() { ["type"] = type, ["status"] = status ? "True" : "False", ["reason"] = reason, ["message"] = message };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
