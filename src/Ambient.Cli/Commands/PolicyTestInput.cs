using System.Globalization;
using System.Text.Json;
using Ambient.Governance.Policies;

namespace Ambient.Cli.Commands;

/// <summary>
/// The call <c>ambient policy test --action FILE</c> explains: a tool call (<c>tool</c>) or an executor action
/// (<c>target</c> and <c>operation</c>, as on <c>ambient.actions</c>), with the agent, arguments and, optionally, the
/// event type, ingress, stated confidence and time (default now).
/// </summary>
internal static class PolicyTestInput
{
    /// <summary>The input, or null after printing what is wrong with the file.</summary>
    public static async Task<PolicyInput?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path, cancellationToken));
            return From(document.RootElement);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {path}: {ex.Message}");
            return null;
        }
    }

    private static PolicyInput From(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the action must be a JSON object");
        }

        var agent = Text(root, "agent") ?? throw new FormatException("'agent' is required");
        var target = Text(root, "target");
        var tool = Text(root, "tool")
            ?? (target is not null && Text(root, "operation") is { } operation ? ToolNames.ForAction(target, operation) : null)
            ?? throw new FormatException("give 'tool' (a tool call) or 'target' and 'operation' (an action)");
        var arguments = root.TryGetProperty("arguments", out var given) ? given.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        double? confidence = root.TryGetProperty("confidence", out var stated) && stated.ValueKind == JsonValueKind.Number ? stated.GetDouble() : null;
        var at = Text(root, "at") is { } time ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : TimeProvider.System.GetUtcNow();
        return new PolicyInput(agent, tool, target, arguments, Text(root, "eventType"), Text(root, "ingress"), confidence, at);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
