using Ambient.Abstractions.Tools;
using static Ambient.Abstractions.Tools.ToolParameter;

namespace Ambient.Runtime.Tools;

/// <summary>
/// <c>a2a.delegate</c>: hands work to another agent over A2A. The call does not wait: the runtime checkpoints a
/// <c>delegate</c> step, sends the request and parks the run; the other agent's answer becomes this call's result.
/// </summary>
internal sealed class A2aTools : IAmbientTool
{
    public static IReadOnlyList<IAmbientTool> All { get; } = [new A2aTools()];

    public ToolDescriptor Descriptor { get; } = new("a2a.delegate", "Ask another agent to handle something; its answer comes back as this tool's result.",
        ToolSchema.ForArguments(OfString("agent", "the agent to ask, e.g. incident-responder"), OfString("message", "what to ask, with the context it needs")),
        ToolKind.Effect);

    public Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return Task.FromResult(ToolResult.Delegation(invocation.Arguments.GetString("agent"), invocation.Arguments.GetString("message")));
    }
}
