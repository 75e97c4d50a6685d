namespace Ambient.Kafka;

/// <summary>Why a Kafka write failed, as far as whoever asked for it must act differently.</summary>
public enum KafkaFailure
{
    /// <summary>The brokers did not answer in time or were unavailable: the same write may succeed later.</summary>
    Unavailable,

    /// <summary>The record is larger than the producer's <c>message.max.bytes</c> or the topic's <c>max.message.bytes</c>: it never will.</summary>
    TooLarge,

    /// <summary>The client's Kafka identity may not write the topic (an ACL): a configuration error.</summary>
    NotAuthorized,

    /// <summary>The topic or partition does not exist: a configuration error.</summary>
    UnknownTopic,

    /// <summary>The broker refused the record as invalid (e.g. a key missing on a compacted topic).</summary>
    Invalid,
}
