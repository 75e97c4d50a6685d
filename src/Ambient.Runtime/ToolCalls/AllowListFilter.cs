namespace Ambient.Runtime.ToolCalls;

/// <summary>The first filter: a call to a tool the agent's file does not list, or that does not exist, is refused.</summary>
internal sealed class AllowListFilter : IToolCallFilter
{
    public static AllowListFilter Instance { get; } = new();

    public ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Tool is not null && context.Agent.Tools.Contains(context.ToolName)
            ? ToolCallDecision.Allow
            : ToolCallDecision.Deny($"Refused: the tool '{context.ToolName}' is not allowed for agent '{context.Agent.Name}'."));
}
