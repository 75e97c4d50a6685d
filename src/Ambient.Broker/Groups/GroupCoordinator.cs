using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Groups;

/// <summary>
/// Coordinator of every classic consumer group on this node: membership, rebalances, session and
/// rebalance timeouts, and committed offsets. One lock guards all groups (group operations are rare
/// next to produce and fetch); a sweep every 100 ms expires sessions and ends overdue phases. The
/// rebalance phases (<see cref="GroupRebalancer"/>) and the sweep of each group (<see cref="GroupTimeouts"/>)
/// live in their own types but only ever run under this lock.
/// </summary>
internal sealed class GroupCoordinator : IDisposable
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupRebalancer _rebalancer;
    private readonly GroupTimeouts _timeouts;
    private readonly ITimer _sweeper;

    public GroupCoordinator(OffsetStore offsets, BrokerOptions options, TimeProvider time, ILogger logger)
    {
        Offsets = offsets;
        _options = options;
        _time = time;
        _logger = logger;
        _rebalancer = new GroupRebalancer(options, time, logger);
        _timeouts = new GroupTimeouts(options, logger);
        _sweeper = time.CreateTimer(_ => Sweep(), null, s_sweepInterval, s_sweepInterval);
    }

    public OffsetStore Offsets { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<JoinGroupResult> JoinAsync(JoinGroupRequest request)
    {
        lock (_lock)
        {
            var error = _rebalancer.ValidateJoin(request);
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

            return _rebalancer.JoinAsync(group, request);
        }
    }

    public Task<SyncGroupResult> SyncAsync(string groupId, int generation, string memberId, string? instanceId, IReadOnlyDictionary<string, byte[]> assignments)
    {
        lock (_lock)
        {
            var error = ValidateMember(groupId, memberId, instanceId, out var group, out var member);
            return error != ErrorCode.None
                ? Task.FromResult(SyncGroupResult.Failed(error))
                : _rebalancer.SyncAsync(group!, member!, generation, assignments);
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

    private ErrorCode ValidateMember(string groupId, string memberId, string? instanceId, out ConsumerGroup? group, out GroupMember? member)
    {
        member = null;
        return _groups.TryGetValue(groupId, out group) ? group.ValidateMember(memberId, instanceId, out member) : ErrorCode.UnknownMemberId;
    }

    private void Sweep()
    {
        lock (_lock)
        {
            var nowMs = NowMs;
            foreach (var group in _groups.Values.ToList())
            {
                if (_timeouts.Sweep(group, nowMs))
                {
                    _groups.Remove(group.GroupId);
                }
            }
        }
    }
}
