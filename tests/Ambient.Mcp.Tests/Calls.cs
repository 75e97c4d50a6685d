using System.Text.Json;
using Ambient.Abstractions.Tools;

namespace Ambient.Mcp.Tests;

/// <summary>Tool calls and lookups the tests share.</summary>
internal static class Calls
{
    public static ToolCall With(string argumentsJson) =>
        new("triage", "run-1", "call-1", new ToolArguments(JsonDocument.Parse(argumentsJson).RootElement));

    public static IAmbientTool Named(this IReadOnlyList<IAmbientTool> tools, string name) =>
        tools.Single(t => t.Descriptor.Name == name);

    public static Dictionary<string, ToolKind> Reads(params string[] tools) => tools.ToDictionary(t => t, _ => ToolKind.Read);
}
