using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;

namespace Ambient.Tools.Kubernetes;

/// <summary><c>kubernetes.get</c>: one object of an allowed kind, summarised (labels, owners, status).</summary>
internal sealed class KubernetesGetTool(KubernetesReader reader) : IAmbientTool
{
    public ToolDescriptor Descriptor { get; } = new(
        "kubernetes.get",
        $"Reads one Kubernetes object and summarises it: labels, owners and status (pod phase and container restarts, replicas ready, conditions). Kinds: {KubernetesObjectKinds.Allowed}.",
        ToolSchema.ForArguments(
            ToolParameter.OfString("namespace", "The object's namespace (ignored for a Node)."),
            ToolParameter.OfString("kind", $"One of {KubernetesObjectKinds.Allowed}."),
            ToolParameter.OfString("name", "The object's name.")),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var (reference, failure) = KubernetesObjectReference.Read(invocation.Arguments, reader);
        if (reference is null)
        {
            return failure!;
        }

        var (namespaceName, kind, name) = reference;

        var subject = KubernetesObjectKinds.IsNamespaced(kind) ? $"{kind} {namespaceName}/{name}" : $"{kind} {name}";
        return await ReadToolGuard.RunAsync(
            async () => ToolJson.Content(KubernetesObjectSummary.Of(kind, await reader.GetAsync(kind, namespaceName, name, cancellationToken).ConfigureAwait(false))),
            exception => KubernetesFailures.Describe(exception, subject, reader.Server),
            cancellationToken).ConfigureAwait(false);
    }
}
