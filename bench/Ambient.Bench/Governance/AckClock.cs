using System.Diagnostics;
using Ambient.Governance.Approvals;

namespace Ambient.Bench.Governance;

/// <summary>
/// The approvals source an <see cref="ApprovalDesk"/> reads through, noting when the desk asks for the read-back of an
/// answer: <see cref="ApprovalDesk.AnswerAsync"/> asks right after the answer's write was acknowledged, so that is the
/// moment the answer counts (what <c>ambient approvals approve</c> waits for), without the read-back's own time.
/// </summary>
internal sealed class AckClock(IApprovalSource inner) : IApprovalSource
{
    private long _acknowledgedAt;

    /// <summary>The <see cref="Stopwatch"/> timestamp of the last answer's acknowledgement.</summary>
    public long AcknowledgedAt => Interlocked.Read(ref _acknowledgedAt);

    public Task<ApprovalRecord?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<ApprovalRecord?> FindAnsweredAsync(string id, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _acknowledgedAt, Stopwatch.GetTimestamp());
        return inner.FindAnsweredAsync(id, cancellationToken);
    }
}
