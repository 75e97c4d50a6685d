namespace Ambient.Testing.FakeOpenAi;

/// <summary>
/// What the fake model answers to one chat completion request: text (finish reason <c>stop</c>) or tool calls
/// (finish reason <c>tool_calls</c>), always with the given token usage.
/// </summary>
public sealed record FakeOpenAiReply
{
    private FakeOpenAiReply(string? text, IReadOnlyList<FakeToolCall> toolCalls, int promptTokens, int completionTokens)
    {
        Text = text;
        ToolCalls = toolCalls;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
    }

    /// <summary>The assistant text, or null for a tool-call reply.</summary>
    public string? Text { get; }

    /// <summary>The tool calls asked for; empty for a text reply.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; }

    /// <summary>Reported <c>usage.prompt_tokens</c>.</summary>
    public int PromptTokens { get; }

    /// <summary>Reported <c>usage.completion_tokens</c>.</summary>
    public int CompletionTokens { get; }

    /// <summary>How long the server thinks before answering (a slow model); use <c>reply with { Delay = ... }</c>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>An HTTP error status instead of an answer (e.g. 503: the model is unavailable); null for an answer.</summary>
    public int? FailureStatus { get; private init; }

    /// <summary>
    /// The endpoint fails with <paramref name="status"/> (and <c>Retry-After: 0</c>, so a client that retries on its own does
    /// so at once).
    /// </summary>
    public static FakeOpenAiReply Failure(int status) => new(null, [], 0, 0) { FailureStatus = status };

    /// <summary>A final text answer.</summary>
    public static FakeOpenAiReply WithText(string text, int promptTokens = 20, int completionTokens = 10) =>
        new(text, [], promptTokens, completionTokens);

    /// <summary>An answer that asks for <paramref name="toolCalls"/> and nothing else.</summary>
    public static FakeOpenAiReply WithToolCalls(IReadOnlyList<FakeToolCall> toolCalls, int promptTokens = 20, int completionTokens = 10) =>
        toolCalls.Count > 0
            ? new(null, toolCalls, promptTokens, completionTokens)
            : throw new ArgumentException("A tool-call reply needs at least one call.", nameof(toolCalls));
}
