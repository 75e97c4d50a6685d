using System.Text.Json;

namespace Ambient.Abstractions.Events;

/// <summary>
/// A CloudEvents 1.0 event as Ambient processes it: the required context attributes, the optional ones
/// the runtime uses, and the data as raw bytes (JSON for every source Ambient bridges).
/// https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
/// </summary>
public sealed record AmbientEvent(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset? Time,
    string? DataContentType,
    ReadOnlyMemory<byte> Data)
{
    /// <summary>
    /// The CloudEvents <c>partitionkey</c> extension: on Kafka, the record key, which names the entity the
    /// event is about (see <see cref="EntityKeys"/>). Records derived from the event reuse it.
    /// </summary>
    public string? PartitionKey { get; init; }

    /// <summary>
    /// How the event entered Ambient (<see cref="IngressKinds"/>: <c>github</c>, <c>publish:ci</c>, ...); not a CloudEvent
    /// attribute but Ambient's <c>ambient-ingress</c> record header. Null on records written before the header existed
    /// or by producers outside Ambient.
    /// </summary>
    public string? Ingress { get; init; }

    /// <summary>
    /// The data parsed as JSON, or null when it is empty or not JSON. The caller owns the document (dispose it to
    /// return its pooled buffers); unlike <see cref="TryGetJsonData"/> it does not copy the parsed data.
    /// </summary>
    public JsonDocument? TryParseJsonData()
    {
        if (Data.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(Data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The data parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonElement? TryGetJsonData()
    {
        if (Data.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
