using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Producers;

/// <summary>Log messages of <see cref="KafkaRecordPublisher"/>.</summary>
internal static partial class KafkaRecordPublisherLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} records were still undelivered after waiting {FlushTimeout} on shutdown; they are lost unless their publishers retry")]
    public static partial void RecordsNotFlushed(this ILogger logger, int count, TimeSpan flushTimeout);
}
