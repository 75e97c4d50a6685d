using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.Agents;

namespace Ambient.Runtime.ToolCalls;

/// <summary>A tool call on its way through the filters.</summary>
/// <param name="Agent">The calling agent.</param>
/// <param name="RunId">The run.</param>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="ToolName">The tool asked for, <c>plugin.function</c>, as the model wrote it.</param>
/// <param name="Tool">The tool, or null when no tool has that name.</param>
/// <param name="Arguments">The arguments the model gave.</param>
/// <param name="Event">The event the run reasons about.</param>
public sealed record ToolCallContext(AgentDefinition Agent, string RunId, string CallId, string ToolName, IAmbientTool? Tool, JsonElement Arguments, AmbientEvent Event)
{
    /// <summary>Where the model's reply holding the call is in the run's conversation (its turn index): with <see cref="CallIndex"/>, the call's place in the run.</summary>
    public int Turn { get; init; }

    /// <summary>The call's place in its reply.</summary>
    public int CallIndex { get; init; }

    /// <summary>
    /// How often the run was rolled back before this call. The same call in the same place after a rollback is a new
    /// decision (what the first one did was undone), so an approval given before does not carry over.
    /// </summary>
    public int Rollbacks { get; init; }

    /// <summary>The fallback model whose reply asked for the call; null when the agent's own model did (see <c>model.onFallback</c>).</summary>
    public string? Fallback { get; init; }

    /// <summary>What the model said alongside the call, if anything.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Where the run's event is (its partition is the run's checkpoint partition); null outside a run.</summary>
    public RunInput? At { get; init; }

    /// <summary>The confidence the model stated in the reply that asked for the call (see <see cref="StatedConfidence"/>); null when none.</summary>
    public double? Confidence { get; init; }
}
