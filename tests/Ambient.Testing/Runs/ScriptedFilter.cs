using Ambient.Runtime.ToolCalls;

namespace Ambient.Testing.Runs;

/// <summary>A tool-call filter deciding with a function the test can change between runs; keeps every call it was asked about.</summary>
public sealed class ScriptedFilter(Func<ToolCallContext, ToolCallDecision> decide) : IToolCallFilter
{
    private readonly Lock _lock = new();
    private readonly List<ToolCallContext> _seen = [];

    /// <summary>A filter that allows everything (until <see cref="Decide"/> says otherwise).</summary>
    public ScriptedFilter()
        : this(_ => ToolCallDecision.Allow)
    {
    }

    /// <summary>How the filter decides from now on.</summary>
    public Func<ToolCallContext, ToolCallDecision> Decide { get; set; } = decide;

    /// <summary>Every call the filter was asked about, in order.</summary>
    public IReadOnlyList<ToolCallContext> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _seen];
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _seen.Add(context);
        }

        return ValueTask.FromResult(Decide(context));
    }
}
