namespace Ambient.Broker.Groups;

/// <summary>The fields of a JoinGroup v0-5 request.</summary>
internal sealed record JoinGroupRequest(
    string GroupId,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    List<(string Name, byte[] Metadata)> Protocols,
    string ClientId,
    string ClientHost,
    bool RequiresKnownMemberId);
