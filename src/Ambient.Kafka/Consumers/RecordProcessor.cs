using System.Diagnostics;
using System.Globalization;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Tracing;
using Confluent.Kafka;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Takes one record all the way: read the CloudEvent, process it under a consume span (parented on the
/// publisher's trace) with retries, and dead-letter it when it cannot be read or keeps failing. Returns
/// only when the record is finished one way or the other; throws only when cancelled.
/// </summary>
internal sealed class RecordProcessor(WorkerContext context)
{
    public async Task ProcessAsync(ConsumeResult<string?, byte[]> record, CancellationToken cancellation)
    {
        var at = new EventCoordinates(record.Topic, record.Partition.Value, record.Offset.Value);
        AmbientEvent input;
        try
        {
            var own = context.Processor.TryReadRecord(record.Topic, record.Message.Key, RecordHeaders.From(record.Message.Headers), record.Message.Value);
            input = (own ?? CloudEventKafkaBinding.FromMessage(record.Message)) with { PartitionKey = record.Message.Key };
        }
        catch (Exception ex) when (ex is CloudEventFormatException or UnreadableRecordException)
        {
            context.Logger.LogUnreadableRecord(context.Processor.Name, at.ToString(), ex.Message);
            await DeadLetterAsync(record, ex, attempts: 1, cancellation);
            return;
        }

        KafkaTraceContext.TryExtract(record.Message.Headers, out var parent);
        using var activity = ConsumerTelemetry.Source.StartActivity($"process {record.Topic}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", record.Topic);
        activity?.SetTag("messaging.destination.partition.id", record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", record.Offset.Value);
        activity?.SetTag("messaging.kafka.message.key", record.Message.Key);
        activity?.SetTag("messaging.consumer.group.name", context.GroupId);
        activity?.SetTag("messaging.message.id", input.Id);

        var attempts = 0;
        try
        {
            var result = await context.Retry.ExecuteAsync(async token =>
            {
                attempts++;
                return await context.Processor.ProcessAsync(input, at, token);
            }, cancellation);
            ConsumerTelemetry.Processed.Add(1, new("consumer_group", context.GroupId), new("result", result.ToString().ToLowerInvariant()));
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            context.Logger.LogProcessingFailed(ex, context.Processor.Name, at.ToString(), attempts);
            await DeadLetterAsync(record, ex, attempts, cancellation);
        }
    }

    private async Task DeadLetterAsync(ConsumeResult<string?, byte[]> record, Exception error, int attempts, CancellationToken cancellation)
    {
        var letter = DeadLetters.For(record, context.Processor.Name, error, attempts, context.DeadLetterTopic);

        // The record is only let go once its dead-letter copy is acknowledged; until then keep trying.
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                await context.Publisher.PublishAsync(letter, cancellation);
                ConsumerTelemetry.Processed.Add(1, new("consumer_group", context.GroupId), new("result", "dead-lettered"));
                return;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                context.Logger.LogDeadLetterFailed(ex, context.Processor.Name, record.TopicPartitionOffset.ToString());
                await Task.Delay(delay, context.Time, cancellation);
            }
        }
    }
}
