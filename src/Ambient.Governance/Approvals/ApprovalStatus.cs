namespace Ambient.Governance.Approvals;

/// <summary>Where an approval request stands. Only <see cref="Pending"/> may still change; every other status is final.</summary>
public static class ApprovalStatus
{
    /// <summary>Waiting for an answer until its expiry.</summary>
    public const string Pending = "pending";

    /// <summary>An approver said yes: the action goes ahead when the run is driven again.</summary>
    public const string Approved = "approved";

    /// <summary>An approver said no: the model reads the reason as the tool's result.</summary>
    public const string Denied = "denied";

    /// <summary>Nobody answered in time: the rule's <c>onExpiry</c> decided (deny unless it says allow).</summary>
    public const string Expired = "expired";

    /// <summary>The run no longer waits for it (it finished, or was rolled back past the call): answers are refused.</summary>
    public const string Superseded = "superseded";

    /// <summary>Every status, in the order a request can go through them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Approved, Denied, Expired, Superseded];
}
