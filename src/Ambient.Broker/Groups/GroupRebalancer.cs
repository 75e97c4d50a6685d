using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Groups;

/// <summary>
/// The two phases of a classic group's rebalance: JoinGroup parks each member until every known member
/// has rejoined, then the leader's SyncGroup hands out the assignment the others wait for. It keeps no
/// state of its own, and every call runs under the <see cref="GroupCoordinator"/>'s lock.
/// </summary>
internal sealed class GroupRebalancer(BrokerOptions options, TimeProvider time, ILogger logger)
{
    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Checks a JoinGroup before its group is looked up or created.</summary>
    public ErrorCode ValidateJoin(JoinGroupRequest request)
    {
        if (request.GroupId.Length == 0)
        {
            return ErrorCode.InvalidGroupId;
        }

        if (request.SessionTimeoutMs < options.GroupMinSessionTimeout.TotalMilliseconds
            || request.SessionTimeoutMs > options.GroupMaxSessionTimeout.TotalMilliseconds)
        {
            return ErrorCode.InvalidSessionTimeout;
        }

        return request.ProtocolType.Length == 0 || request.Protocols.Count == 0 ? ErrorCode.InconsistentGroupProtocol : ErrorCode.None;
    }

    /// <summary>Joins a new member (no member id yet) or a known one; completes when the join phase does.</summary>
    public Task<JoinGroupResult> JoinAsync(ConsumerGroup group, JoinGroupRequest request)
    {
        if (!group.SupportsProtocols(request.ProtocolType, request.Protocols.Select(p => p.Name)))
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
        }

        return request.MemberId.Length == 0 ? JoinNewMember(group, request) : JoinKnownMember(group, request);
    }

    /// <summary>
    /// The SyncGroup of a validated member: answered at once when the group is stable, otherwise parked
    /// until the leader's SyncGroup (which completes the rebalance) carries the assignments.
    /// </summary>
    public Task<SyncGroupResult> SyncAsync(ConsumerGroup group, GroupMember member, int generation, IReadOnlyDictionary<string, byte[]> assignments)
    {
        if (generation != group.Generation)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.IllegalGeneration));
        }

        switch (group.State)
        {
            case GroupState.PreparingRebalance:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            case GroupState.Stable:
                return Task.FromResult(new SyncGroupResult(ErrorCode.None, member.Assignment, group.ProtocolType, group.ProtocolName));
            case GroupState.CompletingRebalance:
                var waiter = NewWaiter<SyncGroupResult>();
                member.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                member.SyncWaiter = waiter;
                member.LastHeartbeatMs = NowMs;
                if (member.MemberId == group.LeaderId)
                {
                    group.CompleteSync(assignments);
                    logger.LogGroupStable(group.GroupId, group.Generation, group.Members.Count);
                }

                return waiter.Task;
            default:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
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

        var error = group.ValidateMember(request.MemberId, request.GroupInstanceId, out var existing);
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
            logger.LogRebalance(group.GroupId, member.MemberId);
        }

        group.PrepareRebalance(nowMs, options.GroupInitialRebalanceDelay);
        group.TryCompleteJoin(nowMs, deadlinePassed: false);
        return waiter;
    }

    // Continuations run asynchronously so a completed join or sync never runs inside the coordinator's lock.
    private static TaskCompletionSource<T> NewWaiter<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
