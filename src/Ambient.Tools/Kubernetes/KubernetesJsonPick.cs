using System.Text.Json.Nodes;
using Ambient.Tools.Internal;

namespace Ambient.Tools.Kubernetes;

/// <summary>
/// Copies chosen fields out of an object's JSON. Summaries are built by picking, never by removing, so fields the
/// model must not see (managedFields, annotations with last-applied configuration) cannot slip through.
/// </summary>
internal static class KubernetesJsonPick
{
    public const int MaxMessageChars = 500;

    /// <summary>The named fields of <paramref name="source"/> that are present, as a new object.</summary>
    public static JsonObject Fields(JsonNode? source, params string[] names)
    {
        var picked = new JsonObject();
        foreach (var name in names)
        {
            if (source?[name] is { } value)
            {
                picked[name] = value is JsonValue text && text.TryGetValue<string>(out var s) && name == "message"
                    ? TextCap.Apply(s, MaxMessageChars)
                    : value.DeepClone();
            }
        }

        return picked;
    }

    /// <summary>A field, or <paramref name="fallback"/> when absent (the API server omits zero counts).</summary>
    public static JsonNode? Value(JsonNode? source, string name, long? fallback = 0) =>
        source?[name]?.DeepClone() ?? (fallback is { } number ? JsonValue.Create(number) : null);

    /// <summary>Status conditions: type, status, reason, message, and when they last changed.</summary>
    public static JsonArray Conditions(JsonNode? conditions) =>
        new([.. (conditions as JsonArray ?? []).Select(condition => Fields(condition, "type", "status", "reason", "message", "lastTransitionTime"))]);
}
