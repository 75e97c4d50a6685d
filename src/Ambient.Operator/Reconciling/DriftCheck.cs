using System.Text.Json.Nodes;

namespace Ambient.Operator.Reconciling;

/// <summary>
/// Whether a live object still holds what the operator renders: every field rendered must be there with the same value
/// (lists the same length, item by item). Fields the API server or other controllers add (defaults, status, other
/// annotations) are not the operator's and do not count.
/// </summary>
internal static class DriftCheck
{
    /// <summary>The path of the first rendered field the live object no longer holds; null when it holds them all.</summary>
    public static string? FirstDifference(JsonObject desired, JsonObject live)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(live);
        foreach (var (key, value) in desired)
        {
            if (key == "metadata")
            {
                var (wanted, actual) = (value!.AsObject(), live["metadata"] as JsonObject ?? []);
                foreach (var field in new[] { "labels", "annotations", "ownerReferences" })
                {
                    if (wanted[field] is { } expected && Difference($"metadata.{field}", expected, actual[field]) is { } difference)
                    {
                        return difference;
                    }
                }

                continue;
            }

            if (Difference(key, value, live[key]) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Difference(string path, JsonNode? desired, JsonNode? live) => (desired, live) switch
    {
        (JsonObject wanted, JsonObject actual) => wanted.Select(p => Difference($"{path}.{p.Key}", p.Value, actual[p.Key])).FirstOrDefault(d => d is not null),
        (JsonArray wanted, JsonArray actual) when wanted.Count == actual.Count =>
            wanted.Select((item, i) => Difference($"{path}[{i}]", item, actual[i])).FirstOrDefault(d => d is not null),
        (JsonValue wanted, JsonValue actual) when SameValue(wanted, actual) => null,
        (null, null) => null,
        _ => path,
    };

    // The API server may write a number back as 1.0 or a quantity as given; compare numbers as numbers, the rest as text.
    private static bool SameValue(JsonValue wanted, JsonValue actual) =>
        JsonNode.DeepEquals(wanted, actual)
        || (wanted.TryGetValue<double>(out var a) && actual.TryGetValue<double>(out var b) && a.Equals(b));
}
