using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Topics;

/// <summary>Log messages of <see cref="TopicInitializer"/>.</summary>
internal static partial class TopicInitializerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    public static partial void TopicCreated(this ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Topic {Topic} already exists; left as it is")]
    public static partial void TopicExists(this ILogger logger, string topic);
}
