namespace Ambient.Broker.Groups;

/// <summary>One member of a classic group as the coordinator tracks it.</summary>
internal sealed class GroupMember(string memberId, string? groupInstanceId, string clientId, string clientHost)
{
    public string MemberId { get; } = memberId;

    public string? GroupInstanceId { get; } = groupInstanceId;

    public string ClientId { get; set; } = clientId;

    public string ClientHost { get; set; } = clientHost;

    public int SessionTimeoutMs { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    public string ProtocolType { get; set; } = string.Empty;

    /// <summary>Supported assignors in the member's order of preference, each with its subscription metadata.</summary>
    public List<(string Name, byte[] Metadata)> Protocols { get; set; } = [];

    public byte[] Assignment { get; set; } = [];

    public long LastHeartbeatMs { get; set; }

    /// <summary>Set while the member's JoinGroup is parked until the rebalance completes.</summary>
    public TaskCompletionSource<JoinGroupResult>? JoinWaiter { get; set; }

    /// <summary>Set while the member's SyncGroup is parked until the leader sends the assignment.</summary>
    public TaskCompletionSource<SyncGroupResult>? SyncWaiter { get; set; }

    public bool IsAwaitingJoin => JoinWaiter is not null;

    public byte[] MetadataFor(string? protocol) =>
        Protocols.FirstOrDefault(p => p.Name == protocol).Metadata ?? [];

    public bool HasSameProtocols(List<(string Name, byte[] Metadata)> protocols) =>
        Protocols.Count == protocols.Count
        && Protocols.Zip(protocols).All(pair => pair.First.Name == pair.Second.Name && pair.First.Metadata.AsSpan().SequenceEqual(pair.Second.Metadata));
}
