using Ambient.Broker.Protocol;

namespace Ambient.Broker.Groups;

/// <summary>
/// The answer to a JoinGroup: the generation, chosen protocol, leader and the caller's member id; the
/// leader alone also receives every member's subscription metadata.
/// </summary>
internal sealed record JoinGroupResult(
    ErrorCode Error,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string LeaderId,
    string MemberId,
    IReadOnlyList<(string MemberId, string? GroupInstanceId, byte[] Metadata)> Members)
{
    public static JoinGroupResult Failed(ErrorCode error, string memberId = "") =>
        new(error, -1, null, null, string.Empty, memberId, []);
}

/// <summary>The answer to a SyncGroup: the caller's assignment, or an error.</summary>
internal sealed record SyncGroupResult(ErrorCode Error, byte[] Assignment, string? ProtocolType = null, string? ProtocolName = null)
{
    public static SyncGroupResult Failed(ErrorCode error) => new(error, []);
}
