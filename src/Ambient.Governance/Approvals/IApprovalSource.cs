namespace Ambient.Governance.Approvals;

/// <summary>Where an <see cref="ApprovalDesk"/> reads requests: the topic read whole each time (the CLI), or a host's live <see cref="ApprovalView"/>.</summary>
public interface IApprovalSource
{
    /// <summary>The request <paramref name="id"/> as it stands now, or null.</summary>
    Task<ApprovalRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The request <paramref name="id"/> once an answer written before this call was read (whoever's it is), or as it stands when none came.</summary>
    Task<ApprovalRecord?> FindAnsweredAsync(string id, CancellationToken cancellationToken);
}
