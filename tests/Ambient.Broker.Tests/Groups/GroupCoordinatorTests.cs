using Ambient.Broker.Groups;
using Ambient.Broker.Protocol;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Broker.Tests.Groups;

/// <summary>
/// The classic group state machine on a fake clock: timeouts are exercised exactly, without waiting.
/// (Real-client group behaviour is covered in ConsumerGroupTests.)
/// </summary>
public sealed class GroupCoordinatorTests : IDisposable
{
    private const string Group = "g";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    private readonly OffsetStore _offsets = new(TestDirectories.Create("coordinator"));
    private readonly GroupCoordinator _coordinator;

    public GroupCoordinatorTests()
    {
        var options = new BrokerOptions { GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(100) };
        _coordinator = new GroupCoordinator(_offsets, options, _time, NullLogger.Instance);
    }

    public void Dispose()
    {
        _coordinator.Dispose();
        _offsets.Dispose();
    }

    [Fact]
    public async Task Join_V4WithoutMemberId_MemberIdRequiredThenJoins()
    {
        var first = await _coordinator.JoinAsync(Request(memberId: "", requireKnownId: true));
        var second = await SettleAsync(_coordinator.JoinAsync(Request(memberId: first.MemberId, requireKnownId: true)));

        Assert.Equal(ErrorCode.MemberIdRequired, first.Error);
        Assert.StartsWith("client-", first.MemberId, StringComparison.Ordinal);
        Assert.Equal((ErrorCode.None, 1, first.MemberId), (second.Error, second.GenerationId, second.LeaderId));
        Assert.Single(second.Members);
    }

    [Fact]
    public async Task Sync_FollowerWaitsForLeaderAssignment()
    {
        var (leader, follower) = await JoinTwoAsync();

        var followerSync = _coordinator.SyncAsync(Group, leader.GenerationId, follower.MemberId, null, new Dictionary<string, byte[]>());
        Assert.False(followerSync.IsCompleted);
        var leaderSync = await _coordinator.SyncAsync(Group, leader.GenerationId, leader.MemberId, null, new Dictionary<string, byte[]>
        {
            [leader.MemberId] = [1],
            [follower.MemberId] = [2],
        });

        Assert.Equal([1], leaderSync.Assignment);
        Assert.Equal([2], (await followerSync.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Assignment);
        Assert.Equal(GroupState.Stable, _coordinator.Describe(Group)!.State);
    }

    [Fact]
    public async Task Heartbeat_StopsForSessionTimeout_MemberRemovedAndGroupEmpty()
    {
        var joined = await JoinStableAsync("a");

        _time.Advance(TimeSpan.FromSeconds(5));
        var alive = _coordinator.Heartbeat(Group, joined.GenerationId, joined.MemberId, null);
        _time.Advance(TimeSpan.FromSeconds(10.5));
        var expired = _coordinator.Heartbeat(Group, joined.GenerationId, joined.MemberId, null);

        Assert.Equal(ErrorCode.None, alive);
        Assert.Equal(ErrorCode.UnknownMemberId, expired);
        Assert.Null(_coordinator.Describe(Group));
    }

    [Fact]
    public async Task NewMember_OldMemberNeverRejoins_RemovedAfterRebalanceTimeout()
    {
        var old = await JoinStableAsync("old");
        var newcomer = _coordinator.JoinAsync(Request(clientId: "new"));

        var duringRebalance = _coordinator.Heartbeat(Group, old.GenerationId, old.MemberId, null);
        for (var i = 0; i < 25 && !newcomer.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _coordinator.Heartbeat(Group, old.GenerationId, old.MemberId, null); // alive, but never rejoins
        }

        var joined = await newcomer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.RebalanceInProgress, duringRebalance);
        Assert.Equal((ErrorCode.None, 2, joined.MemberId), (joined.Error, joined.GenerationId, joined.LeaderId));
        Assert.Equal([joined.MemberId], joined.Members.Select(m => m.MemberId));
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.Heartbeat(Group, 2, old.MemberId, null));
    }

    [Fact]
    public async Task Leave_OneOfTwo_RemainingMemberRebalancesAlone()
    {
        var (leader, follower) = await JoinTwoAsync();
        await SyncAllAsync(leader, follower);

        var left = _coordinator.Leave(Group, follower.MemberId);
        var heartbeat = _coordinator.Heartbeat(Group, leader.GenerationId, leader.MemberId, null);
        var rejoined = await SettleAsync(_coordinator.JoinAsync(Request(memberId: leader.MemberId)));

        Assert.Equal((ErrorCode.None, ErrorCode.RebalanceInProgress), (left, heartbeat));
        Assert.Equal((leader.GenerationId + 1, 1), (rejoined.GenerationId, rejoined.Members.Count));
    }

    [Fact]
    public async Task StaticMember_RestartsWithSameInstanceId_OldIdFenced()
    {
        var first = await JoinStableAsync("pod", instanceId: "worker-0");

        var restarted = await SettleAsync(_coordinator.JoinAsync(Request(clientId: "pod", instanceId: "worker-0")));
        var oldHeartbeat = _coordinator.Heartbeat(Group, restarted.GenerationId, first.MemberId, "worker-0");

        Assert.NotEqual(first.MemberId, restarted.MemberId);
        Assert.Equal(ErrorCode.None, restarted.Error);
        Assert.Equal(ErrorCode.FencedInstanceId, oldHeartbeat);
    }

    [Fact]
    public async Task Join_ProtocolVote_MostPreferredCommonAssignorWins()
    {
        var a = _coordinator.JoinAsync(Request(clientId: "a", protocols: ["cooperative-sticky", "range"]));
        var b = _coordinator.JoinAsync(Request(clientId: "b", protocols: ["range", "cooperative-sticky"]));
        var c = _coordinator.JoinAsync(Request(clientId: "c", protocols: ["range"]));

        var results = await SettleAsync(Task.WhenAll(a, b, c));
        var incompatible = await _coordinator.JoinAsync(Request(clientId: "d", protocols: ["roundrobin"]));

        Assert.All(results, r => Assert.Equal("range", r.ProtocolName));
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, incompatible.Error);
    }

    [Fact]
    public async Task Join_SessionTimeoutOutsideBrokerLimits_Refused()
    {
        var tooShort = await _coordinator.JoinAsync(Request(sessionTimeoutMs: 1000));
        var tooLong = await _coordinator.JoinAsync(Request(sessionTimeoutMs: 4_000_000));

        Assert.Equal([ErrorCode.InvalidSessionTimeout, ErrorCode.InvalidSessionTimeout], [tooShort.Error, tooLong.Error]);
    }

    [Fact]
    public async Task Commit_ValidatedAgainstMembershipAndGeneration()
    {
        var simpleOnUnknownGroup = _coordinator.ValidateCommit("other", -1, "", null);
        var joined = await JoinStableAsync("a");

        Assert.Equal(ErrorCode.None, simpleOnUnknownGroup);
        Assert.Equal(ErrorCode.None, _coordinator.ValidateCommit(Group, joined.GenerationId, joined.MemberId, null));
        Assert.Equal(ErrorCode.IllegalGeneration, _coordinator.ValidateCommit(Group, joined.GenerationId - 1, joined.MemberId, null));
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.ValidateCommit(Group, joined.GenerationId, "stranger", null));
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.ValidateCommit(Group, -1, "", null));
    }

    private async Task<JoinGroupResult> JoinStableAsync(string clientId, string? instanceId = null)
    {
        var joined = await SettleAsync(_coordinator.JoinAsync(Request(clientId: clientId, instanceId: instanceId)));
        var synced = await _coordinator.SyncAsync(Group, joined.GenerationId, joined.MemberId, instanceId, new Dictionary<string, byte[]> { [joined.MemberId] = [] });
        Assert.Equal(ErrorCode.None, synced.Error);
        return joined;
    }

    private async Task<(JoinGroupResult Leader, JoinGroupResult Follower)> JoinTwoAsync()
    {
        var first = _coordinator.JoinAsync(Request(clientId: "one"));
        var second = _coordinator.JoinAsync(Request(clientId: "two"));
        var results = await SettleAsync(Task.WhenAll(first, second));
        var leader = results.Single(r => r.MemberId == r.LeaderId);
        return (leader, results.Single(r => r != leader));
    }

    private async Task SyncAllAsync(JoinGroupResult leader, JoinGroupResult follower)
    {
        var followerSync = _coordinator.SyncAsync(Group, follower.GenerationId, follower.MemberId, null, new Dictionary<string, byte[]>());
        await _coordinator.SyncAsync(Group, leader.GenerationId, leader.MemberId, null, new Dictionary<string, byte[]>());
        await followerSync.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    /// <summary>Lets fake time pass in small steps until the parked request completes (the initial rebalance delay, the sweep).</summary>
    private async Task<T> SettleAsync<T>(Task<T> pending)
    {
        for (var step = 0; step < 50 && !pending.IsCompleted; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(pending, Task.Delay(5, TestContext.Current.CancellationToken));
        }

        return await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static JoinGroupRequest Request(string memberId = "", string clientId = "client", string? instanceId = null,
        bool requireKnownId = false, int sessionTimeoutMs = 10_000, string[]? protocols = null) =>
        new(Group, sessionTimeoutMs, 20_000, memberId, instanceId, "consumer",
            [.. (protocols ?? ["range"]).Select(p => (p, new byte[] { 0, 1 }))], clientId, "/127.0.0.1", requireKnownId);
}
