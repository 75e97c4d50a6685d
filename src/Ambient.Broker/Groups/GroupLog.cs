using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Groups;

internal static partial class GroupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} is rebalancing: member {MemberId} joined or changed")]
    public static partial void LogRebalance(this ILogger logger, string groupId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} is stable at generation {Generation} with {Members} members")]
    public static partial void LogGroupStable(this ILogger logger, string groupId, int generation, int members);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: {Reason}")]
    public static partial void LogMemberLeft(this ILogger logger, string groupId, string memberId, string reason);
}
