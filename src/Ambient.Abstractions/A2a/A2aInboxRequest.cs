using System.Text.Json;

namespace Ambient.Abstractions.A2a;

/// <summary>
/// An inbox Message as the serving agent's run sees it: the data of the <c>io.ambient.a2a.message</c>
/// event the worker makes of the record (JSON), with where to send the replies.
/// </summary>
/// <param name="MessageId">The request's message id.</param>
/// <param name="ContextId">The conversation; echoed on every reply.</param>
/// <param name="TaskId">The task the message continues, if any.</param>
/// <param name="From">The requesting agent (or <c>gateway</c>).</param>
/// <param name="Text">The text parts.</param>
/// <param name="Data">The first data part's JSON text, if any.</param>
/// <param name="ReplyTo">Where replies go; null for a message that expects none.</param>
/// <param name="Deadline">After this instant the requester no longer waits.</param>
public sealed record A2aInboxRequest(
    string MessageId,
    string ContextId,
    string? TaskId,
    string From,
    string Text,
    string? Data,
    A2aReplyRoute? ReplyTo,
    DateTimeOffset? Deadline)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON data of the inbox event for this request (what the inbox reader writes).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>The request in an inbox event's JSON data; null for JSON null.</summary>
    /// <exception cref="JsonException">The data is not a request.</exception>
    public static A2aInboxRequest? FromJson(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<A2aInboxRequest>(json, s_json);
}

/// <summary>Where the replies to one request go.</summary>
/// <param name="Topic">The replies topic.</param>
/// <param name="Partition">Its partition, chosen by the requester.</param>
/// <param name="RunId">The requesting run: the replies' key.</param>
/// <param name="RunPartition">The requesting run's checkpoint partition, echoed so the run can be found.</param>
/// <param name="Agent">The requesting agent: replies are routed back on it.</param>
public sealed record A2aReplyRoute(string Topic, int Partition, string RunId, int RunPartition, string Agent);
