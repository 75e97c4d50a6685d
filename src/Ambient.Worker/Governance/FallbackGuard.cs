using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;
using Ambient.Llm;
using Ambient.Runtime.ToolCalls;

namespace Ambient.Worker.Governance;

/// <summary>
/// <c>model.onFallback: approve-effects</c>: while a fallback model answers for the agent, every effect it asks for waits
/// for a human (the agent's owner), whatever the policies would allow; reads go on. A policy's deny, or its own approval
/// rule with its own approvers, still stands: the most restrictive decision wins, as across policies.
/// </summary>
internal static class FallbackGuard
{
    /// <summary>How long such a request waits before it is denied.</summary>
    public static readonly TimeSpan ExpiresIn = TimeSpan.FromHours(1);

    public static PolicyDecision Apply(ToolCallContext context, PolicyDecision decision)
    {
        if (context.Fallback is not { } fallback || context.Agent.Model.OnFallback != ModelSpec.FallbackApprovesEffects
            || context.Tool?.Descriptor.Kind != ToolKind.Effect || decision.Verdict is PolicyVerdict.Deny or PolicyVerdict.Approve)
        {
            return decision;
        }

        return new PolicyDecision(PolicyVerdict.Approve, "onFallback", ModelSpec.FallbackApprovesEffects,
            $"The reply came from fallback model {fallback}, not the agent's own model, and its model.onFallback is approve-effects: effects wait for a yes.",
            [context.Agent.Owner], ExpiresIn, PolicyVerdict.Deny, [.. decision.Explanation, $"onFallback: approve-effects (reply by {fallback})"]);
    }
}
