using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro.Registry;
using Ambient.Avro.Serialization;
using Ambient.Gateway.Configuration;
using Ambient.Kafka;
using Ambient.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>What became of a send: the task to answer, or why Kafka could not take the request.</summary>
internal sealed record SendOutcome(A2aTask? Task, string? Unavailable);

/// <summary>
/// Bridges A2A calls onto the Kafka binding: a message becomes an Avro <c>Message</c> on the agent's inbox, asking for
/// replies on the gateway's replies topic under a run id of the gateway's own; tasks are read from the tasks table.
/// </summary>
internal sealed class A2aBridge(
    GatewayOptions options,
    AmbientTopics topics,
    IRecordPublisher publisher,
    AvroRecordCodec<A2aMessage> messages,
    AvroRecordCodec<A2aTask> tasks,
    A2aTables tables,
    TimeProvider time,
    ILogger<A2aBridge> logger)
{
    /// <summary>The <c>ambient-agent</c> of the gateway's requests: replies are addressed to it.</summary>
    public const string AgentName = "gateway";

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="agent"/> once Kafka acknowledged it, then waits (when
    /// <paramref name="wait"/>) up to <see cref="A2aGatewayOptions.Timeout"/> for a final status; a task that is not
    /// final by then is answered as it stands.
    /// </summary>
    public async Task<SendOutcome> SendAsync(string agent, A2aMessage message, bool wait, CancellationToken requestAborted)
    {
        var replies = tables.Replies;
        if (!replies.Ready.IsCompletedSuccessfully || replies.PartitionCount == 0)
        {
            return new SendOutcome(null, $"The gateway is not reading its replies topic {replies.Topic} yet.");
        }

        var runId = $"gateway-{Guid.NewGuid():N}";
        var taskId = A2aTaskIds.For(agent, message.MessageId);
        var contextId = message.ContextId ?? Guid.NewGuid().ToString();
        var now = time.GetUtcNow();
        var pending = new PendingTask(taskId, contextId, new A2aTaskStatus(A2aTaskStates.Submitted, null, now));
        var known = tables.Tasks.Get(taskId);
        replies.Register(runId, pending);
        try
        {
            var published = PublishAsync(agent, message with { ContextId = contextId }, runId, taskId, known is null, now);
            await published.WaitAsync(options.PublishTimeout, time, requestAborted);
            logger.LogSent(agent, message.MessageId, taskId, runId);
            if (!wait)
            {
                return new SendOutcome(known ?? pending.Snapshot(), null);
            }

            try
            {
                await pending.Final.WaitAsync(options.A2a.Timeout, time, requestAborted);
            }
            catch (TimeoutException)
            {
                var state = pending.Snapshot().Status.State;
                logger.LogTimedOut(agent, taskId, options.A2a.Timeout, state);
            }

            return new SendOutcome(pending.Snapshot(), null);
        }
        catch (Exception ex) when (ex is KafkaOperationException or TimeoutException or SchemaRegistryException)
        {
            // Not acknowledged in time: the write may still land; a retry with the same messageId is the same task.
            var reason = ex is TimeoutException ? "no acknowledgement in time" : ex.Message;
            logger.LogNotAcknowledged(agent, message.MessageId, reason);
            return new SendOutcome(null, $"Kafka has not acknowledged the message; retry with the same messageId after the Retry-After delay.");
        }
        finally
        {
            replies.Forget(runId);
        }
    }

    private async Task PublishAsync(string agent, A2aMessage message, string runId, string taskId, bool isNew, DateTimeOffset now)
    {
        // A new task is recorded SUBMITTED before the request exists, so tasks/get knows it at once and the agent's
        // own snapshots (same key, written after it read the request) always come later in the partition.
        if (isNew)
        {
            var submitted = new A2aTask(taskId, message.ContextId!, new A2aTaskStatus(A2aTaskStates.Submitted, null, now), []);
            await publisher.PublishAsync(new OutgoingRecord(topics.A2aTasks, taskId, await tasks.EncodeAsync(submitted), A2aKafka.TaskHeaders(taskId, message.ContextId!)), CancellationToken.None);
        }

        var replyPartition = Random.Shared.Next(tables.Replies.PartitionCount);
        var headers = A2aKafka.RequestHeaders(message.ContextId!, AgentName, runId, tables.Replies.Topic, replyPartition, replyPartition, now + options.A2a.Timeout);
        await publisher.PublishAsync(new OutgoingRecord(topics.A2aInbox(agent), message.ContextId, await messages.EncodeAsync(message), headers), CancellationToken.None);
    }
}
