using System.Globalization;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro;
using Ambient.Avro.Serialization;

namespace Ambient.A2a;

/// <summary>
/// Ambient's A2A binding on Kafka: a delegation is an Avro <c>Message</c> on the target's inbox (key
/// <c>contextId</c>) plus a wait note on the requester's replies partition; an answer is an artifact update and a
/// status update on the partition the request named. Replies partition = the requesting run's checkpoint partition
/// (the replies topic is co-partitioned with the event and checkpoint topics). Reachable: the process's own
/// <c>agents</c> and, when given, every agent with a card in <c>cards</c> (run by other workers).
/// </summary>
public sealed class KafkaA2aChannel(
    IRecordPublisher publisher,
    AmbientTopics topics,
    IReadOnlySet<string> agents,
    AgentCardDirectory? cards,
    AvroRecordCodec<A2aMessage> messages,
    AvroRecordCodec<A2aTaskStatusUpdate> statuses,
    AvroRecordCodec<A2aArtifactUpdate> artifacts,
    AvroRecordCodec<A2aTask> tasks) : IA2aChannel
{
    /// <inheritdoc/>
    public async ValueTask<bool> CanReachAsync(string agent, CancellationToken cancellationToken)
    {
        if (agents.Contains(agent))
        {
            return true;
        }

        if (cards is null)
        {
            return false;
        }

        // An agent not read yet is not unknown: a run delegating just after the start waits for the cards.
        await cards.CaughtUp.WaitAsync(cancellationToken);
        return cards.Contains(agent);
    }

    /// <inheritdoc/>
    public async Task SendAsync(DelegationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = await messages.EncodeAsync(request.Message, cancellationToken);
        var headers = A2aKafka.RequestHeaders(request.Message.ContextId ?? string.Empty, request.FromAgent, request.RunId, topics.A2aReplies,
            request.RunPartition, request.RunPartition, request.Deadline);
        var inbox = new OutgoingRecord(topics.A2aInbox(request.ToAgent), request.Message.ContextId, value, headers);

        // The note first: whoever reads the replies partition then holds the timer even if the answer never comes.
        var note = new OutgoingRecord(topics.A2aReplies, request.RunId, ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>
        {
            [A2aKafka.EventHeader] = A2aKafka.Wait,
            [A2aKafka.AgentHeader] = request.FromAgent,
            [A2aKafka.RunPartitionHeader] = headers[A2aKafka.RunPartitionHeader],
            [A2aKafka.DeadlineHeader] = headers[A2aKafka.DeadlineHeader],
        })
        { Partition = request.RunPartition };
        await publisher.PublishAsync(note, cancellationToken);
        await publisher.PublishAsync(inbox, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ReplyAsync(A2aReplyRoute? route, A2aTaskStatusUpdate status, A2aArtifactUpdate? artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (route is not null && artifact is not null)
        {
            await publisher.PublishAsync(Reply(route, A2aKafka.ArtifactUpdate, status, await artifacts.EncodeAsync(artifact, cancellationToken)), cancellationToken);
        }

        if (route is not null)
        {
            await publisher.PublishAsync(Reply(route, A2aKafka.StatusUpdate, status, await statuses.EncodeAsync(status, cancellationToken)), cancellationToken);
        }

        // The snapshot last: a reader of the tasks topic never sees a state the requester was not told.
        var snapshot = new A2aTask(status.TaskId, status.ContextId, status.Status, artifact is null ? [] : [artifact.Artifact]);
        await publisher.PublishAsync(
            new OutgoingRecord(topics.A2aTasks, status.TaskId, await tasks.EncodeAsync(snapshot, cancellationToken), A2aKafka.TaskHeaders(status.TaskId, status.ContextId)),
            cancellationToken);
    }

    /// <inheritdoc/>
    public AmbientEvent ReadInbox(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value)
    {
        A2aMessage message;
        try
        {
            message = messages.Decode(value.Span);
        }
        catch (AvroSerializationException ex)
        {
            throw new UnreadableRecordException($"The record on {topic} is not an A2A Message ({ex.Kind}): {ex.Message}", ex);
        }

        string? Header(string name) => headers.TextOf(name);
        var from = Header(A2aKafka.AgentHeader) ?? "unknown";
        var contextId = message.ContextId ?? key ?? message.MessageId;
        A2aReplyRoute? route = Header(A2aKafka.ReplyToHeader) is { } replyTo && Header(A2aKafka.RunIdHeader) is { } runId
            ? new A2aReplyRoute(replyTo, Int(Header(A2aKafka.ReplyPartitionHeader)), runId, Int(Header(A2aKafka.RunPartitionHeader)), from)
            : null;
        DateTimeOffset? deadline = DateTimeOffset.TryParse(Header(A2aKafka.DeadlineHeader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        var request = new A2aInboxRequest(message.MessageId, contextId, message.TaskId, from, message.Text, message.Data, route, deadline);
        return new AmbientEvent(message.MessageId, $"a2a://{from}", CloudEventTypes.A2aMessage, contextId, null, "application/json",
            request.ToJson());
    }

    private static int Int(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static OutgoingRecord Reply(A2aReplyRoute route, string kind, A2aTaskStatusUpdate status, byte[] value) =>
        new(route.Topic, route.RunId, value, new Dictionary<string, string>
        {
            [A2aKafka.EventHeader] = kind,
            [A2aKafka.ProtocolVersionHeader] = A2aKafka.ProtocolVersion,
            [A2aKafka.TaskIdHeader] = status.TaskId,
            [A2aKafka.ContextIdHeader] = status.ContextId,
            [A2aKafka.AgentHeader] = route.Agent,
            [A2aKafka.RunPartitionHeader] = route.RunPartition.ToString(CultureInfo.InvariantCulture),
            ["content-type"] = A2aKafka.ContentType,
        })
        { Partition = route.Partition };
}
