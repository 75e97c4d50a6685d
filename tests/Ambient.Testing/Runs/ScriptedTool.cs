using Ambient.Abstractions.Tools;

namespace Ambient.Testing.Runs;

/// <summary>
/// A tool whose behaviour a test gives as a function (a read that answers, throws, hangs; an effect that proposes),
/// counting and keeping its calls so a test can assert the runtime did not call it again.
/// </summary>
public sealed class ScriptedTool(ToolDescriptor descriptor, Func<ToolCall, CancellationToken, Task<ToolResult>> invoke) : IAmbientTool
{
    private readonly Lock _lock = new();
    private readonly List<ToolCall> _calls = [];

    /// <inheritdoc/>
    public ToolDescriptor Descriptor { get; } = descriptor;

    /// <summary>Every call the runtime made, in order.</summary>
    public IReadOnlyList<ToolCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>A read tool <paramref name="name"/> (<c>plugin.function</c>) with one optional string argument <c>query</c>.</summary>
    public static ScriptedTool Read(string name, Func<ToolCall, CancellationToken, Task<ToolResult>> invoke) => new(Describe(name, ToolKind.Read), invoke);

    /// <summary>A read tool that answers <paramref name="text"/> for every call.</summary>
    public static ScriptedTool Read(string name, Func<ToolCall, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Read(name, (call, _) => Task.FromResult(ToolResult.Content(text(call))));
    }

    /// <summary>An effect tool <paramref name="name"/> (<c>plugin.function</c>) with one optional string argument <c>query</c>.</summary>
    public static ScriptedTool Effect(string name, Func<ToolCall, CancellationToken, Task<ToolResult>> invoke) => new(Describe(name, ToolKind.Effect), invoke);

    /// <summary>An effect tool that proposes what <paramref name="propose"/> returns.</summary>
    public static ScriptedTool Effect(string name, Func<ToolCall, ToolResult> propose)
    {
        ArgumentNullException.ThrowIfNull(propose);
        return Effect(name, (call, _) => Task.FromResult(propose(call)));
    }

    /// <inheritdoc/>
    public Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _calls.Add(invocation);
        }

        return invoke(invocation, cancellationToken);
    }

    private static ToolDescriptor Describe(string name, ToolKind kind) =>
        new(name, kind == ToolKind.Read ? "A test read tool." : "A test effect tool.", ToolSchema.ForArguments(ToolParameter.OfString("query", "what to look at", required: false)), kind);
}
