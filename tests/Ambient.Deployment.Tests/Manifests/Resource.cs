using System.Text.Json.Nodes;

namespace Ambient.Deployment.Tests.Manifests;

/// <summary>One Kubernetes resource from a manifest file.</summary>
internal sealed record Resource(string File, int Index, JsonObject Body)
{
    public string ApiVersion => Body["apiVersion"]?.GetValue<string>() ?? string.Empty;

    public string Kind => Body["kind"]?.GetValue<string>() ?? string.Empty;

    public string Name => Body["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;

    public JsonObject Spec => Body["spec"] as JsonObject ?? [];

    public override string ToString() => $"{Kind}/{Name} ({File} #{Index})";
}
