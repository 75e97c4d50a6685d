namespace Ambient.Runtime.Agents;

/// <summary>Limits the runtime enforces on an agent, whatever its prompt says.</summary>
/// <param name="MaxTokensPerCall">Completion tokens allowed per LLM call (sent as max_tokens).</param>
/// <param name="TimeoutSeconds">Wall time allowed per run; the run is cancelled past it.</param>
/// <param name="MaxConcurrentRuns">Runs of this agent in flight at once in one worker.</param>
/// <param name="MaxTokensPerDay">Tokens (input + output) per UTC day; past it no more LLM calls are made.</param>
/// <param name="MaxTurns">LLM calls per run (each tool round trip is one more).</param>
/// <param name="DelegateTimeoutSeconds">How long a <c>delegate</c> step waits for the other agents before it goes on without them.</param>
/// <param name="ToolTimeoutSeconds">How long one read tool call (a cluster read, an MCP server) may take before it fails with an error the model reads.</param>
public sealed record AgentLimits(
    int MaxTokensPerCall = 1024,
    int TimeoutSeconds = 120,
    int MaxConcurrentRuns = 4,
    long MaxTokensPerDay = 2_000_000,
    int MaxTurns = 8,
    int DelegateTimeoutSeconds = 300,
    int ToolTimeoutSeconds = 30)
{
    /// <summary>The defaults.</summary>
    public static AgentLimits Default { get; } = new();
}
