using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

internal static partial class HandlerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} asked for transactional id {TransactionalId}: transactions are not supported by the embedded broker")]
    public static partial void LogTransactionsUnsupported(this ILogger logger, string clientId, string transactionalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} at {ClientAddress} uses group.protocol=consumer (KIP-848), which the embedded broker does not support: set group.protocol=classic")]
    public static partial void LogConsumerProtocolRefused(this ILogger logger, string clientId, string clientAddress);
}
