using System.Net.Sockets;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Tells a failure of a dependency (Kafka unavailable, a missing topic or partition, a model endpoint, a timeout: the
/// record would be processed if it were back) from a failure of the processing on this record, and both from a fatal
/// client error. Only a record's own failure may dead-letter it.
/// </summary>
internal static class ProcessingFailures
{
    /// <summary>
    /// Which kind <paramref name="failure"/> is, looking through inner exceptions: a record format error first (the record
    /// cannot be read, whatever failed while reading it); a fatal Kafka error; a Kafka refusal of one of the run's outputs
    /// that no retry can fix (too large, invalid) counts as the record's; otherwise a <see cref="DependencyUnavailableException"/>,
    /// a Kafka client or operation error, a timeout, an HTTP transport, socket or I/O error is a dependency's.
    /// </summary>
    public static FailureKind Classify(Exception failure)
    {
        for (var error = failure; error is not null; error = error.InnerException)
        {
            switch (error)
            {
                case RecordFormatException or UnreadableRecordException:
                    return FailureKind.Record;
                case KafkaOperationException { IsFatal: true }:
                case KafkaException { Error.IsFatal: true }:
                    return FailureKind.Fatal;
                case KafkaOperationException { Failure: KafkaFailure.TooLarge or KafkaFailure.Invalid }:
                    return FailureKind.Record;
                case DependencyUnavailableException or KafkaException or KafkaOperationException or TimeoutException or HttpRequestException or SocketException or IOException:
                    return FailureKind.Dependency;
                case AggregateException aggregate:
                    var inner = aggregate.InnerExceptions.Select(Classify).ToList();
                    return inner.Contains(FailureKind.Fatal) ? FailureKind.Fatal
                        : inner.Contains(FailureKind.Dependency) ? FailureKind.Dependency
                        : FailureKind.Record;
            }
        }

        return FailureKind.Record;
    }

    /// <summary>True when <paramref name="failure"/> is a dependency's (see <see cref="Classify"/>).</summary>
    public static bool IsDependency(Exception failure) => Classify(failure) == FailureKind.Dependency;
}
