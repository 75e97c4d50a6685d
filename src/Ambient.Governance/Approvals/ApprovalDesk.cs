namespace Ambient.Governance.Approvals;

/// <summary>
/// Where people answer approval requests (the CLI, the gateway's Slack buttons, the console): the request is read as
/// the topic holds it now, the answer checked against it, written, and read back. Two answers racing are both written,
/// but the topic's order makes one of them the answer for every reader (<see cref="ApprovalBook"/>); the other learns
/// it lost here and is refused, so nobody is told their answer counted when it did not.
/// </summary>
/// <param name="source">Where requests are read.</param>
/// <param name="writer">Writes the answer.</param>
/// <param name="time">The clock expiry is judged by.</param>
public sealed class ApprovalDesk(IApprovalSource source, ApprovalWriter writer, TimeProvider time)
{
    /// <summary>Answers request <paramref name="id"/>; returns the record as it now stands.</summary>
    /// <exception cref="ApprovalRefusedException">No such request, it is no longer pending or expired, the person may not answer, or another answer came first.</exception>
    public async Task<ApprovalRecord> AnswerAsync(string id, ApprovalAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!ApprovalIds.IsWellFormed(id))
        {
            throw new ApprovalRefusedException($"'{id}' is not an approval id (they look like {ApprovalIds.Prefix}k3m9x2q7w4r8t6y5); `ambient approvals list` shows them.");
        }

        var request = await FindAsync(id, cancellationToken);
        var answered = answer.ApplyTo(request, time.GetUtcNow());
        await writer.WriteAsync(answered, cancellationToken);

        var now = await source.FindAnsweredAsync(id, cancellationToken) ?? answered;
        if (now.AnsweredBy != answered.AnsweredBy || now.AnsweredAt != answered.AnsweredAt || now.Status != answered.Status)
        {
            throw new ApprovalRefusedException($"{id} was answered by {now.AnsweredBy} ({now.Status}, via {now.AnsweredVia}) just before this answer; it stands and this one does not.");
        }

        return now;
    }

    /// <summary>The request <paramref name="id"/> as the topic holds it now.</summary>
    /// <exception cref="ApprovalRefusedException">There is no such request.</exception>
    public async Task<ApprovalRecord> FindAsync(string id, CancellationToken cancellationToken) =>
        await source.FindAsync(id, cancellationToken) ?? throw new ApprovalRefusedException($"There is no approval request {id} on {writer.Topic}; `ambient approvals list` shows them.");
}
