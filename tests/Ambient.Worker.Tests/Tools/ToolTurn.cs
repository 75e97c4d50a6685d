using System.Text.Json;

namespace Ambient.Worker.Tests.Tools;

/// <summary>One tool result of a run's conversation.</summary>
internal sealed record ToolTurn(string Tool, string Content, bool Read, bool Refused)
{
    public static ToolTurn From(JsonElement turn) => new(
        $"{turn.GetProperty("plugin").GetString()}.{turn.GetProperty("function").GetString()}",
        turn.TryGetProperty("content", out var content) ? content.GetString() ?? string.Empty : string.Empty,
        turn.TryGetProperty("read", out var read) && read.GetBoolean(),
        turn.TryGetProperty("refused", out var refused) && refused.GetBoolean());
}
