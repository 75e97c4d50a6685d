using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

internal static partial class NetworkLog
{
    [LoggerMessage(Level = LogLevel.Trace, Message = "Served {ApiKey} v{ApiVersion} correlation {CorrelationId} for {ClientId}")]
    public static partial void LogRequestServed(this ILogger logger, ApiKey apiKey, short apiVersion, int correlationId, string? clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing connection from {ClientAddress}: {Reason}")]
    public static partial void LogBadRequest(this ILogger logger, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing connection from {ClientAddress} after an unexpected error")]
    public static partial void LogConnectionFailed(this ILogger logger, Exception exception, string clientAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection from {ClientAddress} closed")]
    public static partial void LogConnectionClosed(this ILogger logger, string clientAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed connection from {ClientAddress}: {Limit}")]
    public static partial void LogConnectionLimitEnforced(this ILogger logger, string clientAddress, string limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed connection from {ClientAddress}: {Limit}; {Unreported} more closed for this reason since the last report (logged at Debug)")]
    public static partial void LogConnectionLimitEnforcedAgain(this ILogger logger, string clientAddress, string limit, long unreported);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closed connection from {ClientAddress}: {Limit}")]
    public static partial void LogConnectionLimitEnforcedQuietly(this ILogger logger, string clientAddress, string limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Accepting connections failed")]
    public static partial void LogAcceptFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client at {ClientAddress} authenticated as {User} with {Mechanism}")]
    public static partial void LogAuthenticated(this ILogger logger, string clientAddress, string user, string mechanism);

    [LoggerMessage(Level = LogLevel.Information, Message = "Failed authentication of {ClientAddress} with {Mechanism}: {Reason}")]
    public static partial void LogAuthenticationFailed(this ILogger logger, string clientAddress, string mechanism, string reason);
}
