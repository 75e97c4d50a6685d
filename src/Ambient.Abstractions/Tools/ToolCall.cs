namespace Ambient.Abstractions.Tools;

/// <summary>One call of a tool, as the runtime hands it over once every filter allowed it.</summary>
/// <param name="Agent">The calling agent.</param>
/// <param name="RunId">The run the call belongs to.</param>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="Arguments">The arguments the model gave.</param>
public sealed record ToolCall(string Agent, string RunId, string CallId, ToolArguments Arguments);
