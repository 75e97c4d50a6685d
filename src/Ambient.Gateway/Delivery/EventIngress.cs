using System.Collections.Concurrent;
using Ambient.Abstractions.Processing;
using Ambient.Gateway.Http;
using Ambient.Kafka;
using Ambient.Kafka.CloudEvents;

namespace Ambient.Gateway.Delivery;

/// <summary>
/// Writes a delivery's events to Kafka at most once each and says whether the sender may be told "accepted".
/// A repeat of an accepted event is a <see cref="DeliveryOutcome.Duplicate"/>; a repeat that arrives while the first
/// is still being written waits for it. A write is never cancelled with its request: if the request stops waiting
/// (timeout, 503) and Kafka acknowledges later, the event still counts as accepted, so the sender's retry is a duplicate.
/// </summary>
internal sealed class EventIngress(IRecordPublisher publisher, RecentDeliveries recent, TimeProvider time, ILogger<EventIngress> logger)
{
    private readonly ConcurrentDictionary<string, Task<DeliveryOutcome>> _inFlight = new(StringComparer.Ordinal);
    private readonly LogThrottle _notAcknowledged = new(time, TimeSpan.FromSeconds(10));

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

        // The worst outcome answers for the delivery: a sender that may retry does so for the events not yet written.
        foreach (var worst in (ReadOnlySpan<DeliveryOutcome>)[DeliveryOutcome.Refused, DeliveryOutcome.TooLarge, DeliveryOutcome.Unavailable])
        {
            if (outcomes.Contains(worst))
            {
                return worst;
            }
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
        var attempt = new TaskCompletionSource<DeliveryOutcome>();
        var inFlight = _inFlight.GetOrAdd(key, attempt.Task);
        if (inFlight != attempt.Task)
        {
            // Someone else is writing this very event: their acknowledgement makes ours a duplicate.
            var theirs = await WaitAsync(inFlight, wait, requestAborted);
            return theirs == DeliveryOutcome.Accepted ? DeliveryOutcome.Duplicate : theirs;
        }

        _ = PublishAsync(gatewayEvent, key, attempt);
        return await WaitAsync(attempt.Task, wait, requestAborted);
    }

    private async Task PublishAsync(GatewayEvent gatewayEvent, string key, TaskCompletionSource<DeliveryOutcome> attempt)
    {
        var outcome = DeliveryOutcome.Unavailable;
        try
        {
            var record = CloudEventKafkaBinding.ToOutgoingRecord(gatewayEvent.Stamped, gatewayEvent.Topic, gatewayEvent.Key);
            await publisher.PublishAsync(record, CancellationToken.None);
            recent.Add(key);
            outcome = DeliveryOutcome.Accepted;
            logger.Accepted(gatewayEvent.Topic, gatewayEvent.Event.Type, gatewayEvent.Event.Id);
        }
        catch (KafkaOperationException ex)
        {
            outcome = ex.Failure switch
            {
                KafkaFailure.Unavailable => DeliveryOutcome.Unavailable,
                KafkaFailure.TooLarge => DeliveryOutcome.TooLarge,
                _ => DeliveryOutcome.Refused,
            };
            if (_notAcknowledged.TryEnter(out var heldBack))
            {
                logger.NotAcknowledged(gatewayEvent.Topic, gatewayEvent.Event.Type, gatewayEvent.Event.Id, ex.Failure, ex.Message, heldBack);
            }
        }
        finally
        {
            // Remembered before it leaves the in-flight map, so a repeat always finds it in one or the other.
            _inFlight.TryRemove(new KeyValuePair<string, Task<DeliveryOutcome>>(key, attempt.Task));
            attempt.SetResult(outcome);
        }
    }

    // One timer per wait and no linked token source: this runs once per request.
    private static async Task<DeliveryOutcome> WaitAsync(Task<DeliveryOutcome> write, TimeSpan wait, CancellationToken requestAborted)
    {
        try
        {
            return await write.WaitAsync(wait, requestAborted);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return DeliveryOutcome.Unavailable;
        }
    }
}
