using System.Text.Json;

namespace Ambient.Abstractions.Actions;

/// <summary>
/// An action an agent proposes. Tool calls never touch the outside world: they produce these records
/// on <c>ambient.actions</c>, and executors (or people) act on them.
/// </summary>
/// <param name="Id">Deterministic <c>runId/step/callIndex</c>; consumers deduplicate by it.</param>
/// <param name="RunId">The run that proposed it.</param>
/// <param name="Agent">The agent's name.</param>
/// <param name="Target">Which system it is for (<see cref="ActionTargets"/>).</param>
/// <param name="Operation">What to do, e.g. <c>add_labels</c>.</param>
/// <param name="Arguments">The operation's arguments as JSON.</param>
/// <param name="ReasoningSummary">Why, in the model's words, when known.</param>
/// <param name="EventId">The CloudEvent id of the event that caused it.</param>
/// <param name="EventType">The CloudEvent type of that event.</param>
/// <param name="CreatedAt">When it was proposed.</param>
public sealed record ActionRecord(
    string Id,
    string RunId,
    string Agent,
    string Target,
    string Operation,
    JsonElement Arguments,
    string? ReasoningSummary,
    string EventId,
    string EventType,
    DateTimeOffset CreatedAt);
