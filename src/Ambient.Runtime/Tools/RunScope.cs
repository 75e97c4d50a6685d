using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;

namespace Ambient.Runtime.Tools;

/// <summary>
/// Where the effects of a run's tool calls go: proposed actions (with deterministic ids, published without waiting one
/// by one) and requests to other agents (sent by the run's <c>delegate</c> step).
/// </summary>
internal sealed class RunScope(RunId run, string agent, AmbientEvent input, TimeProvider time, Func<ActionRecord, string?, CancellationToken, Task> propose)
{
    private readonly List<ActionRecord> _actions = [];
    private readonly List<Task> _publishing = [];

    public RunId Run { get; } = run;

    public AmbientEvent Input { get; } = input;

    public int Step { get; set; }

    public int CallIndex { get; set; }

    /// <summary>Where the reply whose calls are being run is in the conversation.</summary>
    public int Turn { get; set; }

    /// <summary>How often the run was rolled back before the current step: a call made again after a rollback is a new decision.</summary>
    public int Rollbacks { get; set; }

    /// <summary>The fallback model that gave the reply whose calls are being run; null when the agent's own model did.</summary>
    public string? Fallback { get; set; }

    /// <summary>Where the run's event is; null for a run that has none recorded yet.</summary>
    public RunInput? At { get; init; }

    /// <summary>What the model said alongside the tool calls of the current step, if anything.</summary>
    public string? Reasoning
    {
        get;
        set
        {
            field = value;
            // Read once per step, not once per call of the step.
            Confidence = StatedConfidence.In(value);
        }
    }

    /// <summary>The confidence stated in <see cref="Reasoning"/> (see <see cref="StatedConfidence"/>); null when none.</summary>
    public double? Confidence { get; private set; }

    public IReadOnlyList<ActionRecord> Actions => _actions;

    /// <summary>
    /// Tells whether another agent can be asked (the A2A channel knows the inboxes: this worker's agents and the published
    /// cards); null when A2A is off.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<bool>>? CanDelegateTo { get; init; }

    /// <summary>Checks that another agent can be asked; the run's <c>delegate</c> step sends the request.</summary>
    /// <exception cref="ArgumentException">The agent is unknown, or A2A is not configured (the model is told and may correct itself).</exception>
    public async ValueTask CheckDelegationAsync(string agent, CancellationToken cancellationToken)
    {
        if (CanDelegateTo is null)
        {
            throw new ArgumentException("A2A delegation is not configured for this worker.", nameof(agent));
        }

        if (!await CanDelegateTo(agent, cancellationToken))
        {
            throw new ArgumentException($"There is no agent named '{agent}' to delegate to (not one of this worker's agents, and no Agent Card is published for it).", nameof(agent));
        }
    }

    /// <summary>
    /// Proposes an action: builds its record with the deterministic id and starts publishing it. The write is not awaited
    /// here, so a run's actions share producer batches; <see cref="FlushAsync"/> awaits them all before the run is reported
    /// done (and its event committed).
    /// </summary>
    /// <remarks>The approval a human gave the call (<c>approvalId</c>) is carried on the action's record for the executor.</remarks>
    public ActionRecord Propose(string target, string operation, JsonElement arguments, CancellationToken cancellationToken, string? approvalId = null)
    {
        var id = new ActionId(Run, Step, CallIndex);
        var action = new ActionRecord(id.ToString(), Run.Value, agent, target, operation, arguments, Reasoning, Input.Id, Input.Type, time.GetUtcNow());
        _publishing.Add(propose(action, approvalId, cancellationToken));
        _actions.Add(action);
        return action;
    }

    /// <summary>Completes when every proposed action is acknowledged; throws if any could not be written.</summary>
    public Task FlushAsync() => Task.WhenAll(_publishing);
}
