using System.Globalization;


namespace Ambient.A2a;

/// <summary>The names of Ambient's A2A binding on Kafka (docs/a2a-kafka-binding.md): headers, event kinds, ids.</summary>
public static class A2aKafka
{
    /// <summary>The binding's URI in Agent Cards.</summary>
    public const string BindingUri = "urn:ambient:a2a:binding:kafka:v1";

    /// <summary>The A2A protocol version spoken.</summary>
    public const string ProtocolVersion = "1.0";

    /// <summary>Header: <c>SendMessage</c> (default), <c>SendStreamingMessage</c> or <c>CancelTask</c>.</summary>
    public const string MethodHeader = "a2a-method";

    /// <summary>Header: which schema the value has (<see cref="StatusUpdate"/>, <see cref="ArtifactUpdate"/>, <see cref="MessageEvent"/>, <see cref="Wait"/>).</summary>
    public const string EventHeader = "a2a-event";

    /// <summary>Header: the protocol version.</summary>
    public const string ProtocolVersionHeader = "a2a-protocol-version";

    /// <summary>Header: the task id, to route without decoding.</summary>
    public const string TaskIdHeader = "a2a-task-id";

    /// <summary>Header: the context id.</summary>
    public const string ContextIdHeader = "a2a-context-id";

    /// <summary>Header: the requesting agent, on requests and replies (replies are routed back on it).</summary>
    public const string AgentHeader = "ambient-agent";

    /// <summary>Header: the requesting run, the replies' key.</summary>
    public const string RunIdHeader = "ambient-run-id";

    /// <summary>Header: the topic replies go to.</summary>
    public const string ReplyToHeader = "ambient-reply-to";

    /// <summary>Header: the partition of the replies topic replies go to.</summary>
    public const string ReplyPartitionHeader = "ambient-reply-partition";

    /// <summary>Header: the requesting run's checkpoint partition, echoed on every reply so the run can be found.</summary>
    public const string RunPartitionHeader = "ambient-run-partition";

    /// <summary>Header: ISO-8601 UTC instant after which the requester no longer waits.</summary>
    public const string DeadlineHeader = "ambient-deadline";

    /// <summary>Event kind: a TaskStatusUpdateEvent.</summary>
    public const string StatusUpdate = "status-update";

    /// <summary>Event kind: a TaskArtifactUpdateEvent.</summary>
    public const string ArtifactUpdate = "artifact-update";

    /// <summary>Event kind: a Message.</summary>
    public const string MessageEvent = "message";

    /// <summary>
    /// Event kind, Ambient's own: a requester's note on its replies partition that one of its runs waits until
    /// <see cref="DeadlineHeader"/>, so whichever worker reads that partition keeps the timer (no value).
    /// </summary>
    public const string Wait = "ambient-wait";

    /// <summary>The content type of A2A values.</summary>
    public const string ContentType = "avro/binary";

    /// <summary>The <see cref="EventHeader"/> of a task snapshot on the tasks topic.</summary>
    public const string TaskEvent = "task";

    /// <summary>
    /// The headers of a <c>SendMessage</c> request on an inbox: who asks, the run the replies are keyed by, where
    /// they go, and until when the requester waits. Both requesters (agents, the gateway) write exactly these.
    /// </summary>
    public static Dictionary<string, string> RequestHeaders(string contextId, string fromAgent, string runId, string replyTo, int replyPartition, int runPartition,
        DateTimeOffset deadline) => new(StringComparer.Ordinal)
    {
        [MethodHeader] = "SendMessage",
        [ProtocolVersionHeader] = ProtocolVersion,
        [ContextIdHeader] = contextId,
        [AgentHeader] = fromAgent,
        [RunIdHeader] = runId,
        [ReplyToHeader] = replyTo,
        [ReplyPartitionHeader] = replyPartition.ToString(CultureInfo.InvariantCulture),
        [RunPartitionHeader] = runPartition.ToString(CultureInfo.InvariantCulture),
        [DeadlineHeader] = deadline.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["content-type"] = ContentType,
    };

    /// <summary>The headers of a task snapshot on the tasks topic (keyed by task id).</summary>
    public static Dictionary<string, string> TaskHeaders(string taskId, string contextId) => new(StringComparer.Ordinal)
    {
        [EventHeader] = TaskEvent,
        [ProtocolVersionHeader] = ProtocolVersion,
        [TaskIdHeader] = taskId,
        [ContextIdHeader] = contextId,
        ["content-type"] = ContentType,
    };
}
