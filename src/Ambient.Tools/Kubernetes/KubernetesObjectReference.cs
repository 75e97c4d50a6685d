using Ambient.Abstractions.Tools;

namespace Ambient.Tools.Kubernetes;

/// <summary>The object a call names (namespace, kind, name), checked before anything is sent: names that could not be an object's never reach a URL or a selector.</summary>
internal sealed record KubernetesObjectReference(string Namespace, KubernetesObjectKind Kind, string Name)
{
    /// <summary>Reads the reference, or the failure to answer with (a kind outside the allow-list, Kubernetes not configured).</summary>
    /// <exception cref="ToolArgumentException">A name is missing or malformed.</exception>
    public static (KubernetesObjectReference? Reference, ToolResult? Failure) Read(ToolArguments arguments, KubernetesReader reader)
    {
        var namespaceName = KubernetesNames.Label(arguments.GetString("namespace"), "namespace");
        var kindText = arguments.GetString("kind");
        var name = KubernetesNames.Subdomain(arguments.GetString("name"), "name");
        if (!KubernetesObjectKinds.TryParse(kindText, out var kind))
        {
            return (null, ToolResult.Failed(KubernetesObjectKinds.NotAllowed(kindText)));
        }

        return reader.Unavailable is { } problem ? (null, ToolResult.Failed(problem)) : (new KubernetesObjectReference(namespaceName, kind, name), null);
    }
}
