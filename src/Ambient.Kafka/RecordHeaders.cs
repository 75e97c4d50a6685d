using Confluent.Kafka;

namespace Ambient.Kafka;

/// <summary>Confluent.Kafka headers as plain name/bytes pairs, for code that does not depend on the client.</summary>
public static class RecordHeaders
{
    /// <summary>The headers in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> From(Headers? headers) =>
        headers is null ? [] : [.. headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes()))];
}
