namespace Ambient.Kafka.Configuration;

/// <summary>
/// The record size Ambient's event topics, producers and consumers agree on, so that what the gateway accepts is what
/// the brokers store and every consumer (workers, replays, the CLI) reads back. One number, used by
/// <see cref="KafkaClientConfigs"/> and the event topics' <c>max.message.bytes</c> in <c>ambient topics init</c>.
/// </summary>
public static class RecordSizeLimits
{
    /// <summary>
    /// 32 MiB: GitHub caps webhook payloads at 25 MB, and a record carries the payload plus its CloudEvent headers and
    /// the batch framing. Kafka's default is about 1 MB, which refused large <c>push</c> deliveries for good.
    /// </summary>
    public const int EventRecordBytes = 32 * 1024 * 1024;

    /// <summary>The topic config that carries the limit.</summary>
    public const string TopicConfig = "max.message.bytes";
}
