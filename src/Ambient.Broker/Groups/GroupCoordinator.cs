using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Groups;

/// <summary>
/// Coordinator of every classic consumer group on this node: membership, rebalances, session and
/// rebalance timeouts, and committed offsets. One lock guards all groups (group operations are rare
/// next to produce and fetch); a sweep every 100 ms expires sessions and ends overdue phases.
/// </summary>
internal sealed class GroupCoordinator : IDisposable
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;

    public GroupCoordinator(OffsetStore offsets, BrokerOptions options, TimeProvider time, ILogger logger)
    {
        Offsets = offsets;
        _options = options;
        _time = time;
        _logger = logger;
        _sweeper = time.CreateTimer(_ => Sweep(), null, s_sweepInterval, s_sweepInterval);
    }

    public OffsetStore Offsets { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<JoinGroupResult> JoinAsync(JoinGroupRequest request)
    {
        lock (_lock)
        {
            var error = ValidateJoin(request);
            if (error != ErrorCode.None)
            {
                return Task.FromResult(JoinGroupResult.Failed(error, request.MemberId));
            }

            if (!_groups.TryGetValue(request.GroupId, out var group))
            {
                if (request.MemberId.Length > 0)
                {
                    return Task.FromResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
                }

                group = new ConsumerGroup(request.GroupId);
                _groups[request.GroupId] = group;
            }

            if (!group.SupportsProtocols(request.ProtocolType, request.Protocols.Select(p => p.Name)))
            {
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
            }

            return request.MemberId.Length == 0 ? JoinNewMember(group, request) : JoinKnownMember(group, request);
        }
    }

    public Task<SyncGroupResult> SyncAsync(string groupId, int generation, string memberId, string? instanceId, IReadOnlyDictionary<string, byte[]> assignments)
    {
        lock (_lock)
        {
            var error = ValidateMember(groupId, memberId, instanceId, out var group, out var member);
            if (error != ErrorCode.None)
            {
                return Task.FromResult(SyncGroupResult.Failed(error));
            }

            if (generation != group!.Generation)
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.IllegalGeneration));
            }

            switch (group.State)
            {
                case GroupState.PreparingRebalance:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                case GroupState.Stable:
                    return Task.FromResult(new SyncGroupResult(ErrorCode.None, member!.Assignment, group.ProtocolType, group.ProtocolName));
                case GroupState.CompletingRebalance:
                    var waiter = NewWaiter<SyncGroupResult>();
                    member!.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                    member.SyncWaiter = waiter;
                    member.LastHeartbeatMs = NowMs;
                    if (memberId == group.LeaderId)
                    {
                        group.CompleteSync(assignments);
                        _logger.LogGroupStable(groupId, group.Generation, group.Members.Count);
                    }

                    return waiter.Task;
                default:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            }
        }
    }

    public ErrorCode Heartbeat(string groupId, int generation, string memberId, string? instanceId)
    {
        lock (_lock)
        {
            var error = ValidateMember(groupId, memberId, instanceId, out var group, out var member);
            if (error != ErrorCode.None)
            {
                return error;
            }

            if (generation != group!.Generation)
            {
                return ErrorCode.IllegalGeneration;
            }

            member!.LastHeartbeatMs = NowMs;
            return group.State switch
            {
                GroupState.PreparingRebalance => ErrorCode.RebalanceInProgress,
                GroupState.CompletingRebalance or GroupState.Stable => ErrorCode.None,
                _ => ErrorCode.UnknownMemberId,
            };
        }
    }

    public ErrorCode Leave(string groupId, string memberId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (group.PendingMembers.Remove(memberId))
            {
                group.TryCompleteJoin(NowMs, deadlinePassed: false);
                return ErrorCode.None;
            }

            if (!group.Members.ContainsKey(memberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            group.Remove(memberId, ErrorCode.UnknownMemberId);
            _logger.LogMemberLeft(groupId, memberId, "left the group");
            group.OnMembershipShrunk(NowMs, _options.GroupInitialRebalanceDelay);
            return ErrorCode.None;
        }
    }

    /// <summary>Checks whether a commit from this member and generation may be stored (Kafka's validateOffsetCommit).</summary>
    public ErrorCode ValidateCommit(string groupId, int generation, string memberId, string? instanceId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || group.State == GroupState.Empty)
            {
                // Simple commits (assign()-based consumers, admin tools) carry no membership.
                return generation < 0 && memberId.Length == 0 ? ErrorCode.None
                    : group is null ? ErrorCode.IllegalGeneration : ErrorCode.UnknownMemberId;
            }

            if (generation < 0 && memberId.Length == 0)
            {
                return ErrorCode.UnknownMemberId;
            }

            var error = ValidateMember(groupId, memberId, instanceId, out _, out _);
            if (error != ErrorCode.None)
            {
                return error;
            }

            if (generation != group.Generation)
            {
                return ErrorCode.IllegalGeneration;
            }

            return group.State == GroupState.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
        }
    }

    /// <summary>A snapshot of one group for DescribeGroups; null when the group is unknown.</summary>
    public GroupDescription? Describe(string groupId)
    {
        lock (_lock)
        {
            if (_groups.TryGetValue(groupId, out var group))
            {
                return new GroupDescription(group.GroupId, group.State, group.ProtocolType ?? string.Empty, group.ProtocolName ?? string.Empty,
                    [.. group.Members.Values.Select(m => new GroupMemberDescription(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost,
                        m.MetadataFor(group.ProtocolName), group.State == GroupState.Stable ? m.Assignment : []))]);
            }

            return Offsets.HasOffsets(groupId) ? new GroupDescription(groupId, GroupState.Empty, string.Empty, string.Empty, []) : null;
        }
    }

    public List<(string GroupId, string ProtocolType, GroupState State)> List()
    {
        lock (_lock)
        {
            var live = _groups.Values.Select(g => (g.GroupId, g.ProtocolType ?? "consumer", g.State)).ToList();
            var offsetOnly = Offsets.GroupIds.Where(id => !_groups.ContainsKey(id)).Select(id => (id, "consumer", GroupState.Empty));
            return [.. live.Concat(offsetOnly).OrderBy(g => g.Item1, StringComparer.Ordinal)];
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        lock (_lock)
        {
            foreach (var group in _groups.Values)
            {
                foreach (var member in group.Members.Keys.ToList())
                {
                    group.Remove(member, ErrorCode.CoordinatorNotAvailable);
                }

                group.MarkDead();
            }

            _groups.Clear();
        }
    }

    private Task<JoinGroupResult> JoinNewMember(ConsumerGroup group, JoinGroupRequest request)
    {
        var memberId = (request.GroupInstanceId ?? request.ClientId) + "-" + Guid.NewGuid().ToString("D");
        if (request.GroupInstanceId is { } instanceId && group.FindStatic(instanceId) is { } previous)
        {
            // KIP-345: a restarted static member takes over its old identity; the old member id is fenced.
            group.Remove(previous.MemberId, ErrorCode.FencedInstanceId);
        }
        else if (request.RequiresKnownMemberId && request.GroupInstanceId is null)
        {
            // KIP-394: hand out the id first; the member joins for real when it comes back with it.
            group.PendingMembers[memberId] = NowMs + request.SessionTimeoutMs;
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.MemberIdRequired, memberId));
        }

        var member = new GroupMember(memberId, request.GroupInstanceId, request.ClientId, request.ClientHost);
        return AddAndAwaitJoin(group, member, request);
    }

    private Task<JoinGroupResult> JoinKnownMember(ConsumerGroup group, JoinGroupRequest request)
    {
        if (group.PendingMembers.Remove(request.MemberId))
        {
            var member = new GroupMember(request.MemberId, request.GroupInstanceId, request.ClientId, request.ClientHost);
            return AddAndAwaitJoin(group, member, request);
        }

        var error = ValidateMember(group.GroupId, request.MemberId, request.GroupInstanceId, out _, out var existing);
        if (error != ErrorCode.None)
        {
            return Task.FromResult(JoinGroupResult.Failed(error, request.MemberId));
        }

        var protocolsChanged = !existing!.HasSameProtocols(request.Protocols);
        switch (group.State)
        {
            case GroupState.CompletingRebalance when !protocolsChanged:
                // The member missed our join response: give it again.
                return Task.FromResult(group.CurrentJoinResult(request.MemberId));
            case GroupState.Stable when !protocolsChanged && request.MemberId != group.LeaderId:
                return Task.FromResult(group.CurrentJoinResult(request.MemberId));
            default:
                return AddAndAwaitJoin(group, existing, request);
        }
    }

    private Task<JoinGroupResult> AddAndAwaitJoin(ConsumerGroup group, GroupMember member, JoinGroupRequest request)
    {
        var nowMs = NowMs;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.ProtocolType = request.ProtocolType;
        member.Protocols = request.Protocols;
        member.ClientId = request.ClientId;
        member.ClientHost = request.ClientHost;
        member.JoinWaiter?.TrySetResult(JoinGroupResult.Failed(ErrorCode.RebalanceInProgress, member.MemberId));
        member.JoinWaiter = NewWaiter<JoinGroupResult>();
        var waiter = member.JoinWaiter.Task;
        group.Add(member, nowMs);
        if (group.State != GroupState.PreparingRebalance)
        {
            _logger.LogRebalance(group.GroupId, member.MemberId);
        }

        group.PrepareRebalance(nowMs, _options.GroupInitialRebalanceDelay);
        group.TryCompleteJoin(nowMs, deadlinePassed: false);
        return waiter;
    }

    private ErrorCode ValidateJoin(JoinGroupRequest request)
    {
        if (request.GroupId.Length == 0)
        {
            return ErrorCode.InvalidGroupId;
        }

        if (request.SessionTimeoutMs < _options.GroupMinSessionTimeout.TotalMilliseconds
            || request.SessionTimeoutMs > _options.GroupMaxSessionTimeout.TotalMilliseconds)
        {
            return ErrorCode.InvalidSessionTimeout;
        }

        return request.ProtocolType.Length == 0 || request.Protocols.Count == 0 ? ErrorCode.InconsistentGroupProtocol : ErrorCode.None;
    }

    private ErrorCode ValidateMember(string groupId, string memberId, string? instanceId, out ConsumerGroup? group, out GroupMember? member)
    {
        member = null;
        if (!_groups.TryGetValue(groupId, out group) || group.State == GroupState.Dead)
        {
            return ErrorCode.UnknownMemberId;
        }

        if (instanceId is not null && group.FindStatic(instanceId) is { } owner && owner.MemberId != memberId)
        {
            return ErrorCode.FencedInstanceId;
        }

        return group.Members.TryGetValue(memberId, out member) ? ErrorCode.None : ErrorCode.UnknownMemberId;
    }

    private void Sweep()
    {
        lock (_lock)
        {
            var nowMs = NowMs;
            foreach (var group in _groups.Values.ToList())
            {
                SweepGroup(group, nowMs);
            }
        }
    }

    private void SweepGroup(ConsumerGroup group, long nowMs)
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
            _logger.LogMemberLeft(group.GroupId, member.MemberId, "session timed out");
        }

        if (expired.Count > 0)
        {
            group.OnMembershipShrunk(nowMs, _options.GroupInitialRebalanceDelay);
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
                    _logger.LogMemberLeft(group.GroupId, member.MemberId, "did not sync in time");
                }

                group.OnMembershipShrunk(nowMs, _options.GroupInitialRebalanceDelay);
                break;
        }

        if (group.State == GroupState.Empty && group.Members.Count == 0 && group.PendingMembers.Count == 0)
        {
            _groups.Remove(group.GroupId);
        }
    }

    private static TaskCompletionSource<T> NewWaiter<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
