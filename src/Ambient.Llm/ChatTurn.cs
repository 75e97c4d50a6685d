namespace Ambient.Llm;

/// <summary>One message of a conversation: the event prompt (user), a model reply (assistant), or a tool's result.</summary>
public sealed record ChatTurn
{
    private ChatTurn(ChatRole role, string? content)
    {
        Role = role;
        Content = content;
    }

    /// <summary>Who speaks.</summary>
    public ChatRole Role { get; }

    /// <summary>The text: the prompt, the reply's text (null when it only calls tools), or the tool's result.</summary>
    public string? Content { get; }

    /// <summary>Assistant: the tool calls the reply asked for.</summary>
    public IReadOnlyList<ChatToolCall> ToolCalls { get; private init; } = [];

    /// <summary>Assistant: the offline rule that answered, which the offline model reads back.</summary>
    public string? Rule { get; private init; }

    /// <summary>Tool: the call this answers.</summary>
    public string? CallId { get; private init; }

    /// <summary>Tool: the tool's name, <c>plugin.function</c>.</summary>
    public string? ToolName { get; private init; }

    /// <summary>Tool: the content comes from outside (a system read, an MCP server), so it reaches a model fenced as data.</summary>
    public bool IsUntrusted { get; private init; }

    /// <summary>The event prompt (it carries its own fence).</summary>
    public static ChatTurn User(string content) => new(ChatRole.User, content);

    /// <summary>A model reply.</summary>
    public static ChatTurn Assistant(string? content, IReadOnlyList<ChatToolCall>? toolCalls = null, string? rule = null) =>
        new(ChatRole.Assistant, content) { ToolCalls = toolCalls ?? [], Rule = rule };

    /// <summary>A tool's result for the call <paramref name="callId"/>.</summary>
    public static ChatTurn ToolResult(string callId, string toolName, string content, bool untrusted) =>
        new(ChatRole.Tool, content) { CallId = callId, ToolName = toolName, IsUntrusted = untrusted };
}
