using System.Text.Json.Nodes;

namespace Ambient.Testing.FakeOpenAi;

/// <summary>A chat completion request as the fake server received it.</summary>
/// <param name="Body">The JSON body.</param>
/// <param name="Authorization">The Authorization header, e.g. <c>Bearer sk-test</c>.</param>
public sealed record FakeOpenAiRequest(JsonObject Body, string? Authorization)
{
    /// <summary>The requested model.</summary>
    public string? Model => Body["model"]?.GetValue<string>();

    /// <summary>The token limit asked for (<c>max_completion_tokens</c> or the older <c>max_tokens</c>), if any.</summary>
    public int? MaxTokens => (Body["max_completion_tokens"] ?? Body["max_tokens"])?.GetValue<int>();

    /// <summary>The names of the function tools advertised, in order.</summary>
    public IReadOnlyList<string> ToolNames =>
        [.. (Body["tools"] as JsonArray ?? []).Select(tool => tool?["function"]?["name"]?.GetValue<string>() ?? string.Empty)];

    /// <summary>The messages sent, in order.</summary>
    public IReadOnlyList<JsonObject> Messages => [.. (Body["messages"] as JsonArray ?? []).OfType<JsonObject>()];
}
