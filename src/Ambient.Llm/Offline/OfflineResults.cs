using System.Text.Json;

namespace Ambient.Llm.Offline;

/// <summary>The results of a rule's named calls (<c>as:</c>) found in the conversation, as JSON: structured results as they are, text as a JSON string.</summary>
internal static class OfflineResults
{
    public static IReadOnlyDictionary<string, JsonElement> Named(CompiledRule rule, IReadOnlyList<ChatTurn> turns)
    {
        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var index = 0; index < rule.Calls.Count; index++)
        {
            if (rule.Calls[index].ResultName is { } name
                && turns.LastOrDefault(t => t.Role == ChatRole.Tool && t.CallId == OfflineReplies.CallId(index)) is { Content: { } content })
            {
                results[name] = Parse(content);
            }
        }

        return results;
    }

    private static JsonElement Parse(string content)
    {
        var trimmed = content.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Cut at the result limit, or not JSON after all: read as text.
            }
        }

        return JsonSerializer.SerializeToElement(content);
    }
}
