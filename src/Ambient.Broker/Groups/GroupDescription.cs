namespace Ambient.Broker.Groups;

/// <summary>A group as DescribeGroups reports it.</summary>
internal sealed record GroupDescription(string GroupId, GroupState State, string ProtocolType, string Protocol, List<GroupMemberDescription> Members);

/// <summary>A member as DescribeGroups reports it.</summary>
internal sealed record GroupMemberDescription(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);
