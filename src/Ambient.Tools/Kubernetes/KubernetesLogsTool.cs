using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;

namespace Ambient.Tools.Kubernetes;

/// <summary><c>kubernetes.logs</c>: the last lines of a container's log, or of its previous instance (why it crashed).</summary>
internal sealed class KubernetesLogsTool(KubernetesReader reader) : IAmbientTool
{
    public const int DefaultLines = 100;
    public const int MaxLines = 1000;
    public const int MaxLineChars = 2000;

    // 1000 lines of stack traces would fill a model's context; the newest lines are kept within this budget.
    public const int MaxTotalChars = 48_000;

    public ToolDescriptor Descriptor { get; } = new(
        "kubernetes.logs",
        $"Reads the last lines of a container's log in a pod ({DefaultLines} by default, at most {MaxLines}); previous=true reads the instance that ran before the last restart, which shows why it crashed.",
        ToolSchema.ForArguments(
            ToolParameter.OfString("namespace", "The pod's namespace."),
            ToolParameter.OfString("pod", "The pod's name."),
            ToolParameter.OfString("container", "The container; required when the pod has more than one.", required: false),
            ToolParameter.OfInteger("lines", $"How many of the last lines, 1 to {MaxLines}; {DefaultLines} by default.", required: false),
            ToolParameter.OfBoolean("previous", "true: the log of the previous, terminated instance of the container.", required: false)),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var arguments = invocation.Arguments;
        var namespaceName = KubernetesNames.Label(arguments.GetString("namespace"), "namespace");
        var pod = KubernetesNames.Subdomain(arguments.GetString("pod"), "pod");
        var container = arguments.GetOptionalString("container") is { Length: > 0 } named ? KubernetesNames.Label(named, "container") : null;
        var lines = arguments.GetOptionalInt64("lines") ?? DefaultLines;
        if (lines is < 1 or > MaxLines)
        {
            throw new ToolArgumentException($"Argument 'lines' must be between 1 and {MaxLines}, got {lines}.");
        }

        var previous = arguments.GetOptionalBoolean("previous") ?? false;
        if (reader.Unavailable is { } problem)
        {
            return ToolResult.Failed(problem);
        }

        var subject = $"the {(previous ? "previous " : string.Empty)}log of pod {namespaceName}/{pod}{(container is null ? string.Empty : $" container {container}")}";
        return await ReadToolGuard.RunAsync(
            async () =>
            {
                var stream = await reader.ReadLogAsync(namespaceName, pod, container, previous, (int)lines, cancellationToken).ConfigureAwait(false);
                var tail = await LogTail.ReadAsync(stream, (int)lines, MaxLineChars, MaxTotalChars, cancellationToken).ConfigureAwait(false);
                return ToolJson.Content(new JsonObject
                {
                    ["namespace"] = namespaceName,
                    ["pod"] = pod,
                    ["container"] = container,
                    ["previous"] = previous,
                    ["omittedLines"] = tail.Omitted,
                    ["lines"] = new JsonArray([.. tail.Lines.Select(line => JsonValue.Create(line))]),
                });
            },
            exception => KubernetesFailures.Describe(exception, subject, reader.Server),
            cancellationToken).ConfigureAwait(false);
    }
}
