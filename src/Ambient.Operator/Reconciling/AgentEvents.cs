using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Operator.Cluster;

namespace Ambient.Operator.Reconciling;

/// <summary>Kubernetes events about an Agent (<c>kubectl describe ag NAME</c> shows them), reported by this replica.</summary>
internal sealed partial class AgentEvents(KubernetesJson api, TimeProvider time, string identity, ILogger<AgentEvents> logger)
{
    public Task NormalAsync(JsonObject agent, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(agent, "Normal", reason, message, cancellationToken);

    public Task WarnAsync(JsonObject agent, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(agent, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(JsonObject agent, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var metadata = agent["metadata"]!;
        var ns = metadata["namespace"]!.ToString();
        var now = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var item = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["generateName"] = $"{metadata["name"]}.", ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = agent["apiVersion"]?.DeepClone(),
                ["kind"] = agent["kind"]?.DeepClone(),
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = ns,
                ["uid"] = metadata["uid"]?.DeepClone(),
            },
            ["type"] = type,
            ["reason"] = reason,
            // The API server refuses messages over 1 KiB.
            ["message"] = message.Length > 1000 ? message[..1000] + "…" : message,
            ["source"] = new JsonObject { ["component"] = KubernetesJson.FieldManager },
            ["reportingComponent"] = KubernetesJson.FieldManager,
            ["reportingInstance"] = identity,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            await api.CreateAsync(ResourcePaths.Collection("v1", "Event", ns), item, cancellationToken);
        }
        catch (KubernetesApiException ex)
        {
            // An event is a courtesy: the reconcile goes on without it.
            LogEventLost(logger, reason, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event {Reason} could not be recorded: {Problem}")]
    private static partial void LogEventLost(ILogger logger, string reason, string problem);
}
