using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    public static partial void LogTopicCreated(this ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted topic {Topic}")]
    public static partial void LogTopicDeleted(this ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered {Topic}-{Partition}: {Truncation}")]
    public static partial void LogTornTailTruncated(this ILogger logger, string topic, int partition, string truncation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring {Directory}: it has no topic.json manifest")]
    public static partial void LogTopicWithoutManifest(this ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Segments} segments of {Topic}-{Partition}; log now starts at {LogStartOffset}")]
    public static partial void LogRetentionDeleted(this ILogger logger, int segments, string topic, int partition, long logStartOffset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Topic}-{Partition}: {Before} -> {After} bytes in {Segments} segments")]
    public static partial void LogCompacted(this ILogger logger, string topic, int partition, long before, long after, int segments);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log maintenance of {Topic}-{Partition} failed")]
    public static partial void LogMaintenanceFailed(this ILogger logger, Exception exception, string topic, int partition);
}
