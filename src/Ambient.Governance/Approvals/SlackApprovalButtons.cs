namespace Ambient.Governance.Approvals;

/// <summary>
/// The buttons of an approval request's Slack message: the executor posts them, the gateway answers their clicks.
/// Each carries the approval id as its value.
/// </summary>
public static class SlackApprovalButtons
{
    /// <summary>The <c>action_id</c> of the button that approves.</summary>
    public const string Approve = "ambient.approve";

    /// <summary>The <c>action_id</c> of the button that denies.</summary>
    public const string Deny = "ambient.deny";
}
