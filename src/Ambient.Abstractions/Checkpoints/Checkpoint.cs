using System.Text.Json;
using Ambient.Abstractions.Serialization;

namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// One step of a run, as written to the compacted checkpoints topic under the key <c>runId/stepIndex</c>.
/// Steps form a chain through <see cref="Parent"/>; a rollback starts a new branch from an earlier step,
/// so step indexes only grow and every step (and every action id derived from it) stays unique.
/// </summary>
/// <param name="RunId">The run: derived from agent and input coordinates, or a replay's own id.</param>
/// <param name="Agent">The agent that ran.</param>
/// <param name="AgentVersion">Hash of the agent's prompt and configuration when the step ran.</param>
/// <param name="Input">The event the run processes.</param>
/// <param name="StepIndex">Position of the step in the run, unique and increasing (0 is <c>perceive</c>).</param>
/// <param name="StepName">What the step did: <c>perceive</c>, <c>reason</c>, <c>act</c>, <c>rollback</c> or <c>finish</c>.</param>
/// <param name="Status">One of <see cref="CheckpointStatus"/>.</param>
/// <param name="Parent">The step this one continues from; null for the first step.</param>
/// <param name="State">The run's state after the step: the conversation after the prompt (see the runtime's ConversationState), as JSON text;
/// <see cref="JsonText.None"/> in a finished run's outline kept in memory.</param>
/// <param name="Exchanges">The model calls made in this step, with their full responses, so they are never repeated.</param>
/// <param name="Actions">The actions this step proposed (or, for <c>rollback</c>, the compensations).</param>
/// <param name="StartedAt">When the step started.</param>
/// <param name="FinishedAt">When the step's checkpoint was made.</param>
/// <param name="ReplayOf">For a replay run, the run it replays.</param>
/// <param name="Note">Free text: the outcome of a <c>finish</c>, the reason of a <c>rollback</c>.</param>
public sealed record Checkpoint(
    string RunId,
    string Agent,
    string AgentVersion,
    RunInput Input,
    int StepIndex,
    string StepName,
    string Status,
    int? Parent,
    JsonText State,
    IReadOnlyList<LlmExchange> Exchanges,
    IReadOnlyList<CheckpointAction> Actions,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? ReplayOf = null,
    string? Note = null);

/// <summary>Where the input event of a run is, so it can be read again for a rollback or a replay.</summary>
public sealed record RunInput(string Topic, int Partition, long Offset, string EventId, string EventType);

/// <summary>
/// One model call: a summary of the request (the full request is rebuilt from the event and the state)
/// and the full response, which resumes and recorded replays use instead of calling the model again.
/// </summary>
public sealed record LlmExchange(string Model, int RequestMessages, string RequestSummary, JsonText Response, long InputTokens, long OutputTokens);

/// <summary>An action as a step proposed it: enough to compare replays byte for byte and to compensate it.</summary>
public sealed record CheckpointAction(string Id, string Target, string Operation, JsonElement Arguments);
