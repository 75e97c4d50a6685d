namespace Ambient.Abstractions.Tools;

/// <summary>
/// A Model Context Protocol server an agent file declares under <c>mcpServers</c>: started by the worker (stdio
/// <see cref="Command"/>) or reached over streamable HTTP (<see cref="Url"/>), and which of its tools the agent may use,
/// each as read or effect. A tool is offered only when it is listed here and in the agent's <c>tools</c>.
/// </summary>
/// <param name="Name">The server's name; its tools are <c>&lt;name&gt;.&lt;tool&gt;</c>.</param>
/// <param name="Command">stdio: the program and its arguments; empty for an HTTP server.</param>
/// <param name="Url">Streamable HTTP: the endpoint; null for a stdio server.</param>
/// <param name="Environment">stdio: variables set for the server process.</param>
/// <param name="Tools">The server's tools the agent may use, by the server's tool name, each read or effect.</param>
public sealed record McpServerSpec(
    string Name,
    IReadOnlyList<string> Command,
    Uri? Url,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, ToolKind> Tools)
{
    /// <summary>The action target of the server's effect tools.</summary>
    public string ActionTarget => $"mcp:{Name}";
}
