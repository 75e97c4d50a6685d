using System.Text.Json;

namespace Ambient.Governance.Policies;

/// <summary>
/// One tool call (or the action an effect tool proposed) as policies see it. A field the caller does not know is null;
/// a condition on a null field does not hold, except <c>confidence</c>, where unknown counts as 0.
/// </summary>
/// <param name="Agent">The calling agent's name.</param>
/// <param name="Tool">The tool's name, <c>plugin.function</c> (for an action, <see cref="ToolNames.ForAction"/>).</param>
/// <param name="Target">The action's target (<c>github</c>, <c>mcp:runbooks</c>); null for a read tool or when unknown.</param>
/// <param name="Arguments">The call's JSON arguments; <c>default</c> (undefined) when unknown, so no argument condition holds.</param>
/// <param name="EventType">The CloudEvent type of the event the run handles.</param>
/// <param name="Ingress">How that event entered Ambient (<c>ambient-ingress</c>, e.g. <c>github</c>, <c>cli</c>).</param>
/// <param name="Confidence">The confidence the model stated for the call, 0 to 1; null when it stated none.</param>
/// <param name="At">When the call happens; time conditions read it, so evaluation never reads a clock.</param>
public sealed record PolicyInput(
    string Agent,
    string Tool,
    string? Target,
    JsonElement Arguments,
    string? EventType,
    string? Ingress,
    double? Confidence,
    DateTimeOffset At);
