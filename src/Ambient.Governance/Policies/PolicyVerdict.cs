namespace Ambient.Governance.Policies;

/// <summary>
/// The risk zone a policy puts a tool call in. Ordered: a higher value is more restrictive, so across policies the
/// highest verdict wins and one team's policy cannot loosen another's.
/// </summary>
public enum PolicyVerdict
{
    /// <summary>Green: the call goes ahead.</summary>
    Allow = 0,

    /// <summary>Yellow: the call goes ahead and a human is told, to look at it afterwards.</summary>
    Review = 1,

    /// <summary>Red: the call waits until one of the approvers answers, or its approval expires.</summary>
    Approve = 2,

    /// <summary>The call is refused; the model reads the reason.</summary>
    Deny = 3,
}
