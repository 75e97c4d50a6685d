using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Runtime.ToolCalls;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Governance;

/// <summary>
/// The policies in force judge every tool call after the allow-list: green and yellow go on (yellow is logged for a
/// review), a denied call comes back to the model with the rule's reason, and red asks a human (see
/// <see cref="ApprovalGate"/>). Nothing is judged before the governance topic was read whole, so a restart never runs
/// ahead of a policy. Calls are judged without the explainer's lines: the audit keeps the deciding rule and its reason,
/// and <c>ambient policy test</c> or the console tells the whole story when someone asks.
/// </summary>
internal sealed partial class PolicyToolCallFilter(GovernanceView view, ApprovalGate approvals, TimeProvider time, ILogger<PolicyToolCallFilter> logger) : IToolCallFilter
{
    public async ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await view.CaughtUp.WaitAsync(cancellationToken);
        var decision = FallbackGuard.Apply(context, view.State.Current.Policies.Evaluate(new PolicyInput(context.Agent.Name, context.ToolName, Target: null,
            context.Arguments, context.Event.Type, context.Event.Ingress, context.Confidence, time.GetUtcNow()), explain: false));
        var audit = decision.ToAudit(context.ToolName);
        switch (decision.Verdict)
        {
            case PolicyVerdict.Deny:
                LogDecision(logger, context.Agent.Name, context.RunId, context.ToolName, "denied", decision.Reason);
                return ToolCallDecision.Deny($"Refused by policy: {decision.Reason}").Audited(audit);
            case PolicyVerdict.Approve:
                return await approvals.CheckAsync(context, decision, cancellationToken);
            case PolicyVerdict.Review:
                LogReview(logger, context.Agent.Name, context.RunId, context.ToolName, decision.Reason);
                return ToolCallDecision.Allow.Audited(audit);
            default:
                return ToolCallDecision.Allow.Audited(audit);
        }
    }

    // Information: a denial is rare and someone will ask why; reviews are routine, and the audit keeps them.
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: {Tool} {Decision} by policy: {Reason}")]
    private static partial void LogDecision(ILogger logger, string agent, string runId, string tool, string decision, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {Agent}, run {RunId}: {Tool} allowed for review by policy: {Reason}")]
    private static partial void LogReview(ILogger logger, string agent, string runId, string tool, string reason);
}
