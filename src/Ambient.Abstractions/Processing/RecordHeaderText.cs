using System.Text;

namespace Ambient.Abstractions.Processing;

/// <summary>Reading a record's headers, given as name/bytes pairs (the form readers hand records on in).</summary>
public static class RecordHeaderText
{
    /// <summary>The UTF-8 text of the last header named <paramref name="name"/> (Kafka allows repeats; the last wins), or null.</summary>
    public static string? TextOf(this IReadOnlyList<KeyValuePair<string, byte[]>> headers, string name)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.LastOrDefault(h => h.Key == name).Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
    }
}
