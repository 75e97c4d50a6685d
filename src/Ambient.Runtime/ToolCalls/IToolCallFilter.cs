namespace Ambient.Runtime.ToolCalls;

/// <summary>
/// One check between a model's tool call and its effect. Every call passes the filters in order; the first that does not
/// allow it decides. The allow-list is always first; hosts add theirs through DI (policies, approvals, budgets, a kill switch).
/// </summary>
public interface IToolCallFilter
{
    /// <summary>Allows the call, denies it (the model reads the reason as the tool's result), or parks the run.</summary>
    ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, CancellationToken cancellationToken);
}
