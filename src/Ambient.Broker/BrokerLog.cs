using Microsoft.Extensions.Logging;

namespace Ambient.Broker;

internal static partial class BrokerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka-protocol broker listening on {BootstrapServers}, data in {DataDirectory}, cluster {ClusterId}")]
    public static partial void LogBrokerStarted(this ILogger logger, string bootstrapServers, string dataDirectory, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker on {BootstrapServers} stopped; logs flushed")]
    public static partial void LogBrokerStopped(this ILogger logger, string bootstrapServers);
}
