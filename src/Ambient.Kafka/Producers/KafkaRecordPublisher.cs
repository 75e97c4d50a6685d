using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Health;
using Ambient.Kafka.Internal;
using Ambient.Kafka.Tracing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Producers;

/// <summary>
/// Writes records through the process's one idempotent producer (<c>enable.idempotence=true</c>, <c>acks=all</c>,
/// small linger), completing only once the brokers acknowledged the record. A singleton: librdkafka batches,
/// orders and retries per producer, and each producer holds threads and connections to every broker.
/// </summary>
public sealed class KafkaRecordPublisher : IRecordPublisher, IDisposable
{
    private readonly IProducer<string?, byte[]> _producer;
    private readonly ILogger<KafkaRecordPublisher> _logger;
    private readonly TimeSpan _flushTimeout;
    private readonly KafkaConnectivity _connectivity;
    private volatile bool _disposed;

    /// <summary>Creates the producer from <see cref="AmbientKafkaOptions"/>.</summary>
    /// <exception cref="InvalidOperationException">A pass-through producer setting is unknown or invalid.</exception>
    public KafkaRecordPublisher(IOptions<AmbientKafkaOptions> options, ILogger<KafkaRecordPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _flushTimeout = options.Value.FlushTimeout;
        _producer = KafkaClientConfigs.Build("Producer", () => new ProducerBuilder<string?, byte[]>(KafkaClientConfigs.Producer(options.Value))
            .SetLogHandler((_, message) => logger.ClientMessage(message))
            .SetErrorHandler((_, error) => logger.ClientError(error))
            .Build());
        _connectivity = new KafkaConnectivity(() => new DependentAdminClientBuilder(_producer.Handle).Build(), TimeProvider.System);
    }

    /// <summary>
    /// True when a broker answered a metadata request over the producer's own connections and credentials within
    /// <paramref name="timeout"/>: a separate admin client could reach Kafka while the producer cannot authenticate.
    /// </summary>
    public Task<bool> CanReachBrokersAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _connectivity.CanReachBrokersAsync(timeout, cancellationToken);

    /// <summary>
    /// Writes <paramref name="record"/> and returns where it landed. Headers are written as UTF-8; the current
    /// activity's trace context is added unless the record carries a <c>traceparent</c> of its own or opts out
    /// (<see cref="OutgoingRecord.CarriesTraceContext"/>). An empty value
    /// is written as no value (a tombstone on compacted topics).
    /// Cancelling stops the wait, not the write: the record may still be delivered.
    /// </summary>
    /// <exception cref="KafkaOperationException">The record was not acknowledged; the message names the topic and the client's reason.</exception>
    public Task<EventCoordinates> PublishAsync(OutgoingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var message = new Message<string?, byte[]> { Key = record.Key, Value = RecordValues.ToValue(record.Value)!, Headers = ToHeaders(record) };
        // Produce with a delivery handler rather than ProduceAsync: one task completed straight from the delivery
        // report, instead of ProduceAsync's task, its async method and ours, each resumed per record.
        var delivery = new PendingDelivery(record, () => _disposed);
        try
        {
            if (record.Partition is { } partition)
            {
                _producer.Produce(new TopicPartition(record.Topic, partition), message, delivery.OnDelivered);
            }
            else
            {
                _producer.Produce(record.Topic, message, delivery.OnDelivered);
            }
        }
        catch (KafkaException ex)
        {
            return Task.FromException<EventCoordinates>(PendingDelivery.NotPublished(record, ex));
        }

        return cancellationToken.CanBeCanceled ? delivery.Task.WaitAsync(cancellationToken) : delivery.Task;
    }

    /// <inheritdoc/>
    Task IRecordPublisher.PublishAsync(OutgoingRecord record, CancellationToken cancellationToken) => PublishAsync(record, cancellationToken);

    /// <summary>Waits up to <see cref="AmbientKafkaOptions.FlushTimeout"/> for records in flight, then closes the producer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var undelivered = _producer.Flush(_flushTimeout);
        if (undelivered > 0)
        {
            _logger.RecordsNotFlushed(undelivered, _flushTimeout);
        }

        _connectivity.Dispose();
        _producer.Dispose();
    }

    private static Headers ToHeaders(OutgoingRecord record)
    {
        var headers = new Headers();
        foreach (var (name, value) in record.Headers)
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        if (record.CarriesTraceContext && !record.Headers.ContainsKey(KafkaTraceContext.TraceParentHeader))
        {
            KafkaTraceContext.Inject(headers);
        }

        return headers;
    }
}
