using System.Globalization;

namespace Ambient.Governance.Approvals;

/// <summary>An answer to one request: yes or no, who gave it, why, and through what.</summary>
/// <param name="Approve">True to approve, false to deny.</param>
/// <param name="By">Who answers: an OS user, a Slack user id, a console user.</param>
/// <param name="Reason">Why, as they said it; optional.</param>
/// <param name="Via"><c>cli</c>, <c>slack</c> or <c>console</c>.</param>
/// <param name="ApproverRequired">True where only the rule's approvers may answer (Slack); false where the channel is already
/// restricted to operators (the CLI needs write access to the topic), so anyone else's answer is recorded as an override.</param>
public sealed record ApprovalAnswer(bool Approve, string By, string? Reason, string Via, bool ApproverRequired)
{
    /// <summary>Longest reason kept; the rest is cut.</summary>
    public const int MaxReasonLength = 2_000;

    /// <summary>
    /// The record <paramref name="request"/> becomes with this answer at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="ApprovalRefusedException">It was already answered, expired or superseded, or the person may not answer it.</exception>
    public ApprovalRecord ApplyTo(ApprovalRecord request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsPending)
        {
            throw new ApprovalRefusedException(request.Status switch
            {
                ApprovalStatus.Superseded => $"{request.Id} is superseded: run {request.RunId} no longer waits for it.",
                ApprovalStatus.Expired => $"{request.Id} expired at {Time(request.ExpiresAt)} with nobody's answer; the run went on without it.",
                _ => $"{request.Id} was already {request.Status} by {request.AnsweredBy} at {Time(request.AnsweredAt ?? request.RequestedAt)} (via {request.AnsweredVia}).",
            });
        }

        if (request.IsExpiredAt(now))
        {
            throw new ApprovalRefusedException($"{request.Id} expired at {Time(request.ExpiresAt)}; an answer after that is refused (the run goes on as the rule's onExpiry says: {request.OnExpiry}).");
        }

        var isApprover = request.Approvers.Contains(By, StringComparer.OrdinalIgnoreCase);
        if (ApproverRequired && !isApprover)
        {
            throw new ApprovalRefusedException($"{By} is not an approver of {request.Id} (approvers: {string.Join(", ", request.Approvers)}).");
        }

        return request with
        {
            Status = Approve ? ApprovalStatus.Approved : ApprovalStatus.Denied,
            AnsweredBy = By,
            AnsweredAt = now,
            AnswerReason = Reason is { Length: > MaxReasonLength } ? Reason[..MaxReasonLength] : Reason,
            AnsweredVia = Via,
            Override = !isApprover,
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
