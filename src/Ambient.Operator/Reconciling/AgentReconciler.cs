using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Operator.Cluster;
using Ambient.Runtime.Agents;

namespace Ambient.Operator.Reconciling;

/// <summary>
/// Makes the cluster hold what one Agent renders to. Everything is rendered before anything is written, so an invalid spec
/// writes nothing; a resource of the same name that another owner controls is never taken over. A resource missing or
/// changed is applied; a change while the spec stayed the same (a manual edit) is set back and recorded as an event.
/// </summary>
internal sealed partial class AgentReconciler(KubernetesJson api, RenderSettings settings, SpecPauses pauses, AgentEvents events, ILogger<AgentReconciler> logger)
{
    public async Task<ReconcileOutcome> ReconcileAsync(JsonObject agent, CancellationToken cancellationToken)
    {
        var metadata = agent["metadata"]!.AsObject();
        var (name, ns) = (metadata["name"]!.ToString(), metadata["namespace"]!.ToString());
        var generation = metadata["generation"]?.GetValue<long>() ?? 0;
        var specChanged = generation != (agent["status"]?["observedGeneration"]?.GetValue<long>() ?? -1);
        IReadOnlyList<JsonObject> desired;
        string model;
        bool paused;
        try
        {
            var input = AgentInputReader.Read($"Agent {ns}/{name}", agent.ToJsonString()).Single();
            desired = AgentRenderer.Render(input, settings);
            model = AgentRenderer.ModelOf(input, settings);
            paused = input.Deployment.Paused;
        }
        catch (AgentDefinitionException ex)
        {
            if (specChanged)
            {
                await events.WarnAsync(agent, "InvalidSpec", ex.Message, cancellationToken);
            }

            return new ReconcileOutcome(generation, false, "InvalidSpec", ex.Message, null, false);
        }

        var live = new List<JsonObject?>();
        foreach (var resource in desired)
        {
            var current = await api.GetAsync(ResourcePaths.Of(resource, ns), cancellationToken);
            if (current is not null && ControllerUid(current) is { } owner && owner != metadata["uid"]?.ToString())
            {
                var message = $"{resource["kind"]} {ns}/{resource["metadata"]!["name"]} exists and is controlled by another owner (uid {owner}): nothing was applied";
                await events.WarnAsync(agent, "NotOwned", message, cancellationToken);
                return new ReconcileOutcome(generation, false, "NotOwned", message, model, paused);
            }

            live.Add(current);
        }

        foreach (var (resource, current) in desired.Zip(live))
        {
            var difference = current is null ? null : DriftCheck.FirstDifference(resource, current);
            if (current is not null && difference is null)
            {
                continue;
            }

            await api.ApplyAsync(ResourcePaths.Of(resource, ns), resource, cancellationToken);
            if (current is not null && !specChanged)
            {
                var what = $"{resource["kind"]} {resource["metadata"]!["name"]}";
                LogDriftReverted(logger, ns, name, what, difference!);
                await events.NormalAsync(agent, "DriftReverted", $"{what}: {difference} was changed outside the Agent and is set back", cancellationToken);
            }
        }

        await pauses.ReconcileAsync(name, paused, $"Agent {ns}/{name}", cancellationToken);
        return new ReconcileOutcome(generation, true, "Applied", $"{desired.Count} resources applied as rendered", model, paused);
    }

    private static string? ControllerUid(JsonObject item) =>
        (item["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true)?["uid"]?.ToString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Namespace}/{Agent}: {Resource}'s {Field} was changed outside the Agent; set back")]
    private static partial void LogDriftReverted(ILogger logger, string @namespace, string agent, string resource, string field);
}
