using System.Collections.Concurrent;
using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Ambient.Kafka.CloudEvents;
using Microsoft.Extensions.Logging;

namespace Ambient.Gateway.Delivery;

/// <summary>
/// Writes a delivery's events to Kafka at most once each and says whether the sender may be told "accepted".
/// A repeat of an accepted event is a <see cref="DeliveryOutcome.Duplicate"/>; a repeat that arrives while the first
/// is still being written waits for it. A write is never cancelled with its request: if the request stops waiting
/// (timeout, 503) and Kafka acknowledges later, the event still counts as accepted, so the sender's retry is a duplicate.
/// </summary>
internal sealed class EventIngress(IRecordPublisher publisher, RecentDeliveries recent, ILogger<EventIngress> logger)
{
    private readonly ConcurrentDictionary<string, Task<bool>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Delivers every event; Accepted when at least one was new and all are now in Kafka.</summary>
    public async Task<DeliveryOutcome> DeliverAsync(IReadOnlyList<GatewayEvent> events, TimeSpan wait, CancellationToken requestAborted)
    {
        if (!recent.IsReady)
        {
            return DeliveryOutcome.Unavailable;
        }

        if (events.Count == 1)
        {
            return await DeliverOneAsync(events[0], wait, requestAborted);
        }

        var outcomes = await Task.WhenAll(events.Select(e => DeliverOneAsync(e, wait, requestAborted)));
        if (outcomes.Contains(DeliveryOutcome.Unavailable))
        {
            return DeliveryOutcome.Unavailable;
        }

        return outcomes.Contains(DeliveryOutcome.Accepted) ? DeliveryOutcome.Accepted : DeliveryOutcome.Duplicate;
    }

    private async Task<DeliveryOutcome> DeliverOneAsync(GatewayEvent gatewayEvent, TimeSpan wait, CancellationToken requestAborted)
    {
        var key = gatewayEvent.DeliveryKey;
        if (recent.Contains(key))
        {
            logger.Duplicate(gatewayEvent.Topic, gatewayEvent.Event.Type, gatewayEvent.Event.Id);
            return DeliveryOutcome.Duplicate;
        }

        // Waiters resume on the thread that completes the write (already a thread-pool thread, after the publisher's
        // own hop off the Kafka client's thread): a second hop per request is measurable CPU on the hot path.
        var attempt = new TaskCompletionSource<bool>();
        var inFlight = _inFlight.GetOrAdd(key, attempt.Task);
        if (inFlight != attempt.Task)
        {
            // Someone else is writing this very event: their acknowledgement makes ours a duplicate.
            return await WaitAsync(inFlight, wait, requestAborted) ? DeliveryOutcome.Duplicate : DeliveryOutcome.Unavailable;
        }

        _ = PublishAsync(gatewayEvent, key, attempt);
        return await WaitAsync(attempt.Task, wait, requestAborted) ? DeliveryOutcome.Accepted : DeliveryOutcome.Unavailable;
    }

    private async Task PublishAsync(GatewayEvent gatewayEvent, string key, TaskCompletionSource<bool> attempt)
    {
        var acknowledged = false;
        try
        {
            var record = CloudEventKafkaBinding.ToOutgoingRecord(gatewayEvent.Event, gatewayEvent.Topic, gatewayEvent.Key);
            await publisher.PublishAsync(record, CancellationToken.None);
            recent.Add(key);
            acknowledged = true;
            logger.Accepted(gatewayEvent.Topic, gatewayEvent.Event.Type, gatewayEvent.Event.Id);
        }
        catch (KafkaOperationException ex)
        {
            logger.NotAcknowledged(gatewayEvent.Topic, gatewayEvent.Event.Type, gatewayEvent.Event.Id, ex.Message);
        }
        finally
        {
            // Remembered before it leaves the in-flight map, so a repeat always finds it in one or the other.
            _inFlight.TryRemove(new KeyValuePair<string, Task<bool>>(key, attempt.Task));
            attempt.SetResult(acknowledged);
        }
    }

    // One timer per wait and no linked token source: this runs once per request.
    private static async Task<bool> WaitAsync(Task<bool> write, TimeSpan wait, CancellationToken requestAborted)
    {
        try
        {
            return await write.WaitAsync(wait, requestAborted);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
