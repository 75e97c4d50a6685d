using System.Net.Sockets;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Tells a failure of a dependency (Kafka, a missing topic or partition, a model endpoint, a timeout: the record would be
/// processed if it were back) from a failure of the processing on this record. Only the second may dead-letter a record.
/// </summary>
internal static class ProcessingFailures
{
    /// <summary>
    /// True when <paramref name="failure"/> or an exception inside it is a dependency's: <see cref="DependencyUnavailableException"/>,
    /// a Kafka client or operation error, a timeout, an HTTP transport, socket or I/O error; unless a record format error
    /// comes first (the record cannot be read, whatever failed while reading it).
    /// </summary>
    public static bool IsDependency(Exception failure)
    {
        for (var error = failure; error is not null; error = error.InnerException)
        {
            if (error is RecordFormatException or UnreadableRecordException)
            {
                // The record's bytes, whatever failed while reading them (a schema id the registry does not have).
                return false;
            }

            if (error is DependencyUnavailableException or KafkaException or KafkaOperationException or TimeoutException or HttpRequestException
                or SocketException or IOException)
            {
                return true;
            }

            if (error is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDependency))
            {
                return true;
            }
        }

        return false;
    }
}
