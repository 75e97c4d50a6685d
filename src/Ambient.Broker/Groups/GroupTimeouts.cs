using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Groups;

/// <summary>
/// What the coordinator's periodic sweep does to one group: forgets unused KIP-394 member ids, removes
/// members whose session timed out, and ends a join or sync phase that ran past its deadline. Every
/// call runs under the <see cref="GroupCoordinator"/>'s lock.
/// </summary>
internal sealed class GroupTimeouts(BrokerOptions options, ILogger logger)
{
    /// <summary>Applies the timeouts due at <paramref name="nowMs"/>; returns true when the group is left with nobody in it.</summary>
    public bool Sweep(ConsumerGroup group, long nowMs)
    {
        foreach (var (pending, expiresAt) in group.PendingMembers.Where(p => p.Value <= nowMs).ToList())
        {
            group.PendingMembers.Remove(pending);
        }

        var expired = group.Members.Values
            .Where(m => !m.IsAwaitingJoin && m.SyncWaiter is null && nowMs - m.LastHeartbeatMs > m.SessionTimeoutMs)
            .ToList();
        foreach (var member in expired)
        {
            group.Remove(member.MemberId, ErrorCode.UnknownMemberId);
            logger.LogMemberLeft(group.GroupId, member.MemberId, "session timed out");
        }

        if (expired.Count > 0)
        {
            group.OnMembershipShrunk(nowMs, options.GroupInitialRebalanceDelay);
        }

        switch (group.State)
        {
            case GroupState.PreparingRebalance:
                group.TryCompleteJoin(nowMs, deadlinePassed: nowMs >= group.PhaseDeadlineMs && nowMs >= group.InitialDelayUntilMs);
                break;
            case GroupState.CompletingRebalance when nowMs >= group.PhaseDeadlineMs:
                // The leader never sent the assignment: drop members that did not sync and start over.
                foreach (var member in group.Members.Values.Where(m => m.SyncWaiter is null).ToList())
                {
                    group.Remove(member.MemberId, ErrorCode.UnknownMemberId);
                    logger.LogMemberLeft(group.GroupId, member.MemberId, "did not sync in time");
                }

                group.OnMembershipShrunk(nowMs, options.GroupInitialRebalanceDelay);
                break;
        }

        return group.State == GroupState.Empty && group.Members.Count == 0 && group.PendingMembers.Count == 0;
    }
}
