using System.Text.Json;

namespace Ambient.Abstractions.Tools;

/// <summary>
/// What a tool call came to: content the model reads (a read tool's text or JSON, an error), an action to propose (an
/// effect tool), or a request to another agent that parks the run until it is answered (delegation).
/// </summary>
public sealed record ToolResult
{
    private ToolResult(ToolResultKind kind)
    {
        Kind = kind;
    }

    /// <summary>Which of the shapes below this is.</summary>
    public ToolResultKind Kind { get; }

    /// <summary>Content: the text the model reads (JSON results as their JSON text); for an action, its one-line summary.</summary>
    public string Text { get; private init; } = string.Empty;

    /// <summary>Content: the structured result, when the tool returned JSON.</summary>
    public JsonElement? Json { get; private init; }

    /// <summary>Action and delegation: the action's target system (<c>github</c>, <c>mcp:runbooks</c>) or the agent asked.</summary>
    public string? Target { get; private init; }

    /// <summary>Action: the operation (<c>add_labels</c>); delegation: the message to the other agent.</summary>
    public string? Operation { get; private init; }

    /// <summary>Action: the operation's arguments, a JSON object.</summary>
    public JsonElement? Arguments { get; private init; }

    /// <summary>A text result.</summary>
    public static ToolResult Content(string text) => new(ToolResultKind.Content) { Text = text ?? string.Empty };

    /// <summary>A structured result; the model reads its JSON text.</summary>
    public static ToolResult Content(JsonElement json) => new(ToolResultKind.Content) { Json = json.Clone(), Text = json.GetRawText() };

    /// <summary>The call failed (bad arguments, the system it reads is down); the model reads <paramref name="message"/> and may try otherwise.</summary>
    public static ToolResult Failed(string message) => new(ToolResultKind.Failed) { Text = message ?? string.Empty };

    /// <summary>An effect tool's proposal: the runtime publishes it as an action record and tells the model its id.</summary>
    /// <param name="target">The system that carries it out, e.g. <c>github</c>.</param>
    /// <param name="operation">What to do there, e.g. <c>add_labels</c>.</param>
    /// <param name="arguments">A JSON object: everything the executor needs.</param>
    /// <param name="summary">One line for the model, e.g. <c>add labels bug to o/r#7</c>.</param>
    public static ToolResult Action(string target, string operation, JsonElement arguments, string summary)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"An action's arguments must be a JSON object, got {arguments.ValueKind}.", nameof(arguments));
        }

        return new(ToolResultKind.Action) { Target = target, Operation = operation, Arguments = arguments.Clone(), Text = summary ?? string.Empty };
    }

    /// <summary>Asks another agent; the run parks until it answers, and the answer becomes this call's result.</summary>
    public static ToolResult Delegation(string agent, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agent);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(ToolResultKind.Delegation) { Target = agent, Operation = message, Text = $"Asked {agent}; waiting for its answer." };
    }
}
