using Ambient.Broker.Protocol;

namespace Ambient.Broker.Groups;

/// <summary>
/// The classic group state machine (Kafka's <c>ClassicGroup</c> + <c>GroupMetadataManager</c>): members
/// join, the coordinator waits until every known member has rejoined (or the rebalance timeout ends),
/// bumps the generation, elects a leader and passes it everyone's subscriptions; the leader's SyncGroup
/// carries the assignment the others wait for. Every method runs under the coordinator's lock.
/// </summary>
internal sealed class ConsumerGroup(string groupId)
{
    public string GroupId { get; } = groupId;

    public GroupState State { get; private set; } = GroupState.Empty;

    public int Generation { get; private set; }

    public string? ProtocolType { get; private set; }

    public string? ProtocolName { get; private set; }

    public string? LeaderId { get; private set; }

    public Dictionary<string, GroupMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>KIP-394: member ids handed out with MEMBER_ID_REQUIRED and the time they expire.</summary>
    public Dictionary<string, long> PendingMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>When the current join or sync phase gives up on members that have not answered.</summary>
    public long PhaseDeadlineMs { get; private set; }

    /// <summary>While the first rebalance of an empty group waits for more members (group.initial.rebalance.delay.ms).</summary>
    public long InitialDelayUntilMs { get; private set; }

    private long _initialDelayLimitMs;

    public GroupMember? FindStatic(string instanceId) => Members.Values.FirstOrDefault(m => m.GroupInstanceId == instanceId);

    /// <summary>Checks that a request comes from a current member; a static instance id fences its older member ids (KIP-345).</summary>
    public ErrorCode ValidateMember(string memberId, string? instanceId, out GroupMember? member)
    {
        member = null;
        if (State == GroupState.Dead)
        {
            return ErrorCode.UnknownMemberId;
        }

        if (instanceId is not null && FindStatic(instanceId) is { } owner && owner.MemberId != memberId)
        {
            return ErrorCode.FencedInstanceId;
        }

        return Members.TryGetValue(memberId, out member) ? ErrorCode.None : ErrorCode.UnknownMemberId;
    }

    /// <summary>The assignors every member supports, or null when the new member shares none with the group.</summary>
    public bool SupportsProtocols(string protocolType, IEnumerable<string> protocols) =>
        Members.Count == 0
        || (protocolType == ProtocolType && protocols.Any(name => Members.Values.All(m => m.Protocols.Any(p => p.Name == name))));

    public void Add(GroupMember member, long nowMs)
    {
        Members[member.MemberId] = member;
        ProtocolType ??= member.ProtocolType;
        member.LastHeartbeatMs = nowMs;
    }

    /// <summary>Starts (or extends) the join phase after a membership or subscription change.</summary>
    public void PrepareRebalance(long nowMs, TimeSpan initialDelay)
    {
        var rebalanceTimeout = Members.Count == 0 ? 0 : Members.Values.Max(m => m.RebalanceTimeoutMs);
        if (State == GroupState.CompletingRebalance)
        {
            FailSyncWaiters(ErrorCode.RebalanceInProgress);
        }

        if (State == GroupState.Empty && initialDelay > TimeSpan.Zero)
        {
            InitialDelayUntilMs = nowMs + (long)initialDelay.TotalMilliseconds;
            _initialDelayLimitMs = nowMs + rebalanceTimeout;
        }
        else if (State == GroupState.PreparingRebalance && InitialDelayUntilMs > nowMs)
        {
            // Another member arrived during the initial delay: wait a little longer, within the rebalance timeout.
            InitialDelayUntilMs = Math.Min(nowMs + (long)initialDelay.TotalMilliseconds, _initialDelayLimitMs);
        }

        if (State != GroupState.PreparingRebalance)
        {
            PhaseDeadlineMs = nowMs + rebalanceTimeout;
        }

        State = GroupState.PreparingRebalance;
    }

    /// <summary>Completes the join phase once every known member has rejoined, or when forced by the deadline.</summary>
    public bool TryCompleteJoin(long nowMs, bool deadlinePassed)
    {
        if (State != GroupState.PreparingRebalance)
        {
            return false;
        }

        var allJoined = PendingMembers.Count == 0 && Members.Values.All(m => m.IsAwaitingJoin);
        if (!deadlinePassed && (!allJoined || nowMs < InitialDelayUntilMs))
        {
            return false;
        }

        foreach (var absent in Members.Values.Where(m => !m.IsAwaitingJoin).ToList())
        {
            Members.Remove(absent.MemberId);
        }

        Generation++;
        if (Members.Count == 0)
        {
            State = GroupState.Empty;
            ProtocolType = null;
            ProtocolName = null;
            LeaderId = null;
            return true;
        }

        ProtocolName = SelectProtocol();
        if (LeaderId is null || !Members.ContainsKey(LeaderId))
        {
            LeaderId = Members.Keys.First();
        }

        State = GroupState.CompletingRebalance;
        PhaseDeadlineMs = nowMs + Members.Values.Max(m => m.RebalanceTimeoutMs);
        foreach (var member in Members.Values)
        {
            member.LastHeartbeatMs = nowMs;
            var waiter = member.JoinWaiter!;
            member.JoinWaiter = null;
            waiter.TrySetResult(CurrentJoinResult(member.MemberId));
        }

        return true;
    }

    public JoinGroupResult CurrentJoinResult(string memberId)
    {
        var members = memberId == LeaderId
            ? Members.Values.Select(m => (m.MemberId, m.GroupInstanceId, m.MetadataFor(ProtocolName))).ToList()
            : [];
        return new JoinGroupResult(ErrorCode.None, Generation, ProtocolType, ProtocolName, LeaderId ?? string.Empty, memberId, members);
    }

    /// <summary>The leader's SyncGroup: store every member's assignment and release the followers.</summary>
    public void CompleteSync(IReadOnlyDictionary<string, byte[]> assignments)
    {
        foreach (var member in Members.Values)
        {
            member.Assignment = assignments.GetValueOrDefault(member.MemberId) ?? [];
            var waiter = member.SyncWaiter;
            member.SyncWaiter = null;
            waiter?.TrySetResult(new SyncGroupResult(ErrorCode.None, member.Assignment, ProtocolType, ProtocolName));
        }

        State = GroupState.Stable;
    }

    /// <summary>Removes a member (left, fenced or expired) and answers anything it had parked.</summary>
    public void Remove(string memberId, ErrorCode reason)
    {
        if (!Members.Remove(memberId, out var member))
        {
            PendingMembers.Remove(memberId);
            return;
        }

        member.JoinWaiter?.TrySetResult(JoinGroupResult.Failed(reason, memberId));
        member.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(reason));
        member.JoinWaiter = null;
        member.SyncWaiter = null;
    }

    /// <summary>After members left: rebalance the rest, or become Empty when nobody is left.</summary>
    public void OnMembershipShrunk(long nowMs, TimeSpan initialDelay)
    {
        if (Members.Count == 0 && State != GroupState.PreparingRebalance)
        {
            State = GroupState.Empty;
            Generation++;
            ProtocolType = null;
            ProtocolName = null;
            LeaderId = null;
            return;
        }

        if (State is GroupState.Stable or GroupState.CompletingRebalance)
        {
            PrepareRebalance(nowMs, initialDelay);
        }

        TryCompleteJoin(nowMs, deadlinePassed: false);
    }

    public void MarkDead()
    {
        State = GroupState.Dead;
    }

    private void FailSyncWaiters(ErrorCode error)
    {
        foreach (var member in Members.Values)
        {
            member.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(error));
            member.SyncWaiter = null;
        }
    }

    /// <summary>Each member votes for its most preferred assignor among those all members support; most votes wins.</summary>
    private string SelectProtocol()
    {
        var candidates = Members.Values.First().Protocols.Select(p => p.Name)
            .Where(name => Members.Values.All(m => m.Protocols.Any(p => p.Name == name)))
            .ToList();
        return Members.Values
            .Select(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name)
            .GroupBy(name => name)
            .OrderByDescending(votes => votes.Count())
            .ThenBy(votes => candidates.IndexOf(votes.Key))
            .First().Key;
    }
}
