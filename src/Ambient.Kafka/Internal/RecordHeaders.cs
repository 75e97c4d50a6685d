using Confluent.Kafka;

namespace Ambient.Kafka.Internal;

/// <summary>Confluent.Kafka headers as plain name/bytes pairs, for code that does not depend on the client.</summary>
internal static class RecordHeaders
{
    public static IReadOnlyList<KeyValuePair<string, byte[]>> From(Headers? headers) =>
        headers is null ? [] : [.. headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes()))];
}
