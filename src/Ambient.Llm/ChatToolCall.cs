using System.Text.Json;

namespace Ambient.Llm;

/// <summary>A tool call a model asked for.</summary>
/// <param name="Id">The model's id for the call; the result answers it.</param>
/// <param name="Name">The tool, <c>plugin.function</c>.</param>
/// <param name="Arguments">The arguments, a JSON object.</param>
public sealed record ChatToolCall(string Id, string Name, JsonElement Arguments);
