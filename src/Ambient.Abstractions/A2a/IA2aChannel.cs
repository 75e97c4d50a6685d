using Ambient.Abstractions.Events;

namespace Ambient.Abstractions.A2a;

/// <summary>
/// How runs talk A2A: send a delegation to another agent's inbox, answer a request. Implemented on Kafka by
/// Ambient.A2a (docs/a2a-kafka-binding.md); the runtime only decides what to say and when.
/// </summary>
public interface IA2aChannel
{
    /// <summary>
    /// True if <paramref name="agent"/> has an inbox this channel can write to: one of this process's agents, or one
    /// whose Agent Card is published; may wait until the published cards were read.
    /// </summary>
    ValueTask<bool> CanReachAsync(string agent, CancellationToken cancellationToken);

    /// <summary>Writes the request to the target's inbox and a wait note (its deadline) to the requester's replies partition.</summary>
    Task SendAsync(DelegationRequest request, CancellationToken cancellationToken);

    /// <summary>The event an inbox record carries (type <see cref="CloudEventTypes.A2aMessage"/>, data = <see cref="A2aInboxRequest"/> JSON).</summary>
    /// <exception cref="Abstractions.Processing.UnreadableRecordException">The record is not a readable A2A request.</exception>
    AmbientEvent ReadInbox(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value);

    /// <summary>
    /// Writes a status update (and, first, an artifact update if given) to where the request asked, if it asked,
    /// and the task's new snapshot to the tasks topic.
    /// </summary>
    Task ReplyAsync(A2aReplyRoute? route, A2aTaskStatusUpdate status, A2aArtifactUpdate? artifact, CancellationToken cancellationToken);
}

/// <summary>One request of a <c>delegate</c> step.</summary>
/// <param name="FromAgent">The requesting agent.</param>
/// <param name="RunId">The requesting run.</param>
/// <param name="RunPartition">Its checkpoint partition.</param>
/// <param name="ToAgent">The agent asked.</param>
/// <param name="Message">The message, id <c>runId/step/callIndex</c>.</param>
/// <param name="Deadline">When the requester stops waiting.</param>
public sealed record DelegationRequest(string FromAgent, string RunId, int RunPartition, string ToAgent, A2aMessage Message, DateTimeOffset Deadline);

/// <summary>A final answer to one delegation, as the replies listener hands it to the requesting agent's runner.</summary>
/// <param name="RunId">The requesting run (the reply's key).</param>
/// <param name="RunPartition">Its checkpoint partition.</param>
/// <param name="TaskId">The task that answered.</param>
/// <param name="State">The task's final A2A state.</param>
/// <param name="Text">What the serving agent said.</param>
public sealed record DelegationReply(string RunId, int RunPartition, string TaskId, string State, string Text);
