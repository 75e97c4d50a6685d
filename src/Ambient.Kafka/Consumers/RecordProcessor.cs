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
/// publisher's trace) with retries, and dead-letter it when it cannot be read or its processing keeps failing
/// (<see cref="EventConsumerOptions.MaxAttempts"/>). A failure of a dependency (<see cref="ProcessingFailures"/>) is
/// retried with growing delays until the dependency is back, never dead-lettered. Returns only when the record is
/// finished one way or the other; throws only when cancelled.
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

        var (attempts, failures) = (0, 0);
        for (var delay = context.Options.RetryDelay; ; delay = NextDelay(delay))
        {
            attempts++;
            try
            {
                var result = await context.Processor.ProcessAsync(input, at, cancellation);
                ConsumerTelemetry.Processed.Add(1, new("consumer_group", context.GroupId), new("result", result.ToString().ToLowerInvariant()));
                return;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested && ProcessingFailures.Classify(ex) == FailureKind.Fatal)
            {
                // Nothing more can be written through this client: stop the process and leave the record uncommitted,
                // so the next worker takes it up. Waits here until the host's shutdown cancels it.
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                context.Fatal(ex.Message);
                await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, cancellation);
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested && ProcessingFailures.IsDependency(ex))
            {
                // Not the record's fault: it waits for the dependency however long that takes, and never goes to the dead-letter
                // topic. The delay grows to MaxRetryDelay, so a long outage logs once per that interval per waiting record.
                ConsumerTelemetry.Retries.Add(1, new("consumer_group", context.GroupId), new("failure", "dependency"));
                context.Logger.LogDependencyUnavailable(context.Processor.Name, at.ToString(), attempts, delay, ex.Message);
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                if (++failures >= context.Options.MaxAttempts)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    context.Logger.LogProcessingFailed(ex, context.Processor.Name, at.ToString(), failures);
                    await DeadLetterAsync(record, ex, failures, cancellation);
                    return;
                }

                ConsumerTelemetry.Retries.Add(1, new("consumer_group", context.GroupId), new("failure", "processing"));
                context.Logger.LogRetrying(ex, context.Processor.Name, at.ToString(), failures + 1, delay);
            }

            await Task.Delay(Jittered(delay), context.Time, cancellation);
        }
    }

    private TimeSpan NextDelay(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(context.Options.MaxRetryDelay.Ticks, context.Options.RetryDelay.Ticks)));

    // Up to a fifth either way, so records that failed together (an outage) do not all retry in the same instant.
    private static TimeSpan Jittered(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));

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
