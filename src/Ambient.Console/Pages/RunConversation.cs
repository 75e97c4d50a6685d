using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ambient.Abstractions.Serialization;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// A run's checkpointed conversation as a reader follows it: each model reply with the tool calls it asked for, each
/// tool's result (a read's data, a refusal, an action proposed). Read from the state's JSON (<c>turns</c>), which the
/// runtime writes; a turn of a shape this console does not know is shown as its JSON.
/// </summary>
internal static class RunConversation
{
    private const int MaxShownText = 4_000;

    /// <summary>Indented JSON, for what the pages show whole. Not escaped for HTML or JavaScript: pages encode what they show.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One line of JSON as a reader reads it (no <c>\u0027</c> for a quote); the page encodes it.</summary>
    public static string Compact(JsonElement json) => JsonSerializer.Serialize(json, s_compact);

    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(JsonText state)
    {
        using var document = JsonDocument.Parse(state.Utf8.ToArray());
        if (!document.RootElement.TryGetProperty("turns", out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0)
        {
            return "<p>No model reply yet.</p>";
        }

        var body = new StringBuilder("<ol class=\"conversation\">");
        foreach (var turn in turns.EnumerateArray())
        {
            body.Append("<li>").Append(Text(turn, "role") switch
            {
                "assistant" => Reply(turn),
                "tool" => Result(turn),
                _ => $"<pre>{Html.E(Cut(turn.GetRawText()))}</pre>",
            }).Append("</li>");
        }

        return body.Append("</ol>").ToString();
    }

    private static string Reply(JsonElement turn)
    {
        var reply = new StringBuilder("<strong>Model</strong>");
        if (Text(turn, "content") is { Length: > 0 } content)
        {
            reply.Append(": ").Append(Html.E(Cut(content)));
        }

        if (turn.TryGetProperty("toolCalls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            reply.Append("<ul>");
            foreach (var call in calls.EnumerateArray())
            {
                reply.Append("<li>calls <code>").Append(Html.E($"{Text(call, "plugin")}.{Text(call, "function")}")).Append("</code> with <code>")
                    .Append(Html.E(Cut(call.TryGetProperty("arguments", out var arguments) ? Compact(arguments) : "{}"))).Append("</code></li>");
            }

            reply.Append("</ul>");
        }

        return reply.ToString();
    }

    private static string Result(JsonElement turn)
    {
        var kind = Flag(turn, "refused") ? "refused" : Flag(turn, "read") ? "read" : "result";
        return $"<strong>Tool <code>{Html.E($"{Text(turn, "plugin")}.{Text(turn, "function")}")}</code></strong> ({kind})" +
            $"{(Text(turn, "rule") is { } rule ? $", rule <code>{Html.E(rule)}</code>" : string.Empty)}: <pre>{Html.E(Cut(Text(turn, "content") ?? string.Empty))}</pre>";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string Cut(string text) => text.Length <= MaxShownText ? text : $"{text[..MaxShownText]}… ({text.Length} characters in all)";
}
