namespace Ambient.Kafka;

/// <summary>
/// A Kafka write or topic operation failed: the broker is unreachable, timed out, refused it, or the producer
/// hit a fatal error. The message says what failed, on which topics, and why.
/// </summary>
public sealed class KafkaOperationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public KafkaOperationException()
        : base("A Kafka operation failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public KafkaOperationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the client error that caused it.</summary>
    public KafkaOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failure on <paramref name="topics"/>.</summary>
    public KafkaOperationException(string message, IReadOnlyList<string> topics, bool isFatal, Exception innerException)
        : this(message, topics, isFatal, KafkaFailure.Unavailable, innerException)
    {
    }

    /// <summary>Creates the exception for a failure of kind <paramref name="failure"/> on <paramref name="topics"/>.</summary>
    public KafkaOperationException(string message, IReadOnlyList<string> topics, bool isFatal, KafkaFailure failure, Exception innerException)
        : base(message, innerException)
    {
        Topics = topics;
        IsFatal = isFatal;
        Failure = failure;
    }

    /// <summary>
    /// What kind of failure: only <see cref="KafkaFailure.Unavailable"/> is worth retrying as it is; the others need the
    /// record or the configuration changed first.
    /// </summary>
    public KafkaFailure Failure { get; }

    /// <summary>Whether the same operation may succeed later without a change (<see cref="KafkaFailure.Unavailable"/>, not fatal).</summary>
    public bool IsRetriable => Failure == KafkaFailure.Unavailable && !IsFatal;

    /// <summary>The topics the operation failed on.</summary>
    public IReadOnlyList<string> Topics { get; } = [];

    /// <summary>
    /// The client can no longer be used (librdkafka fatal error, e.g. an idempotence violation); the process
    /// should stop with a non-zero exit rather than retry.
    /// </summary>
    public bool IsFatal { get; }
}
