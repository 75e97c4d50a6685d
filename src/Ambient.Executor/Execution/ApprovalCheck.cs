using Ambient.Abstractions.Actions;
using Ambient.Governance.Approvals;
using Ambient.Governance.Policies;

namespace Ambient.Executor.Execution;

/// <summary>
/// For an action the policies hold for approval: is the approval it carries (header <see cref="ActionHeaders.ApprovalId"/>)
/// one a human gave for this action's run and tool? The worker proposed it after reading the answer, and this
/// executor's view of the approvals topic may be a poll behind, so a request not yet seen answered is waited for a little.
/// </summary>
internal sealed class ApprovalCheck(ApprovalView view)
{
    /// <summary>The refusal (null when the approval holds; otherwise why the action is not applied) and the approval found.</summary>
    public async Task<(string? Refusal, ApprovalRecord? Approval)> RefusalAsync(ActionRecord action, string? approvalId, PolicyDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(decision);
        var needs = $"needs approval by policy ({string.Join(", ", decision.Approvers)})";
        if (approvalId is null)
        {
            return ($"{needs}, and none came with the action: {decision.Reason}", null);
        }

        var request = await view.FindAnsweredAsync(approvalId, cancellationToken);
        var tool = ToolNames.ForAction(action.Target, action.Operation);
        return (request switch
        {
            null => $"{needs}; its approval {approvalId} is not on the approvals topic",
            { RunId: var run } when run != action.RunId => $"{needs}; approval {approvalId} was given to run {run}, not this action's run {action.RunId}",
            { Tool: var approvedTool } when approvedTool != tool => $"{needs}; approval {approvalId} was given for {approvedTool}, not {tool}",
            { Status: ApprovalStatus.Approved } => null,
            { Status: ApprovalStatus.Expired, OnExpiry: ApprovalStatus.Approved } => null,
            _ => $"{needs}; approval {approvalId} is {request.Status}",
        }, request);
    }
}
