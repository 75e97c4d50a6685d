using Ambient.Llm;

namespace Ambient.Runtime.Runs;

/// <summary>How a run ended, what it proposed and refused, and what it cost.</summary>
internal sealed record RunResult(string Outcome, string? Summary, IReadOnlyList<string> ActionIds, IReadOnlyList<string> RefusedTools, TokenUsage Usage);
