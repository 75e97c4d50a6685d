using System.Globalization;
using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Builds the dead-letter copy of a record that could not be processed: the same key, value and
/// headers, plus headers that say who failed, how, and where the original lives.
/// </summary>
public static class DeadLetters
{
    /// <summary>The processor (agent) that gave up.</summary>
    public const string AgentHeader = "ambient-dlq-agent";

    /// <summary>The exception's type name.</summary>
    public const string ExceptionTypeHeader = "ambient-dlq-exception-type";

    /// <summary>The exception's message.</summary>
    public const string ExceptionMessageHeader = "ambient-dlq-exception-message";

    /// <summary>Original topic.</summary>
    public const string TopicHeader = "ambient-dlq-original-topic";

    /// <summary>Original partition.</summary>
    public const string PartitionHeader = "ambient-dlq-original-partition";

    /// <summary>Original offset.</summary>
    public const string OffsetHeader = "ambient-dlq-original-offset";

    /// <summary>How many attempts were made.</summary>
    public const string AttemptsHeader = "ambient-dlq-attempts";

    /// <summary>Why a record could not be read, when it was a format error (e.g. the <c>AvroErrorKind</c>).</summary>
    public const string ErrorKindHeader = "ambient-dlq-error-kind";

    internal static OutgoingRecord For(ConsumeResult<string?, byte[]> record, string processor, Exception error, int attempts, string deadLetterTopic)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in record.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
        }

        return For(new TopicPartitionOffset(record.TopicPartition, record.Offset), record.Message.Key, record.Message.Value, headers, processor, error, attempts, deadLetterTopic);
    }

    /// <summary>The dead-letter copy of a record given by its parts (readers that do not hold a <see cref="ConsumeResult{TKey, TValue}"/>).</summary>
    internal static OutgoingRecord For(TopicPartitionOffset at, string? key, byte[]? value, Dictionary<string, string> headers, string processor, Exception error,
        int attempts, string deadLetterTopic)
    {
        headers[AgentHeader] = processor;
        headers[ExceptionTypeHeader] = error.GetType().FullName ?? error.GetType().Name;
        headers[ExceptionMessageHeader] = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
        headers[TopicHeader] = at.Topic;
        headers[PartitionHeader] = at.Partition.Value.ToString(CultureInfo.InvariantCulture);
        headers[OffsetHeader] = at.Offset.Value.ToString(CultureInfo.InvariantCulture);
        headers[AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        if (error is RecordFormatException format)
        {
            headers[ErrorKindHeader] = format.ErrorKind;
        }

        return new OutgoingRecord(deadLetterTopic, key, value ?? [], headers);
    }
}
