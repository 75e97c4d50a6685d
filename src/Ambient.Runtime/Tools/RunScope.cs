using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>
/// What a tool function needs to know about the run it is called in, carried in <c>Kernel.Data</c>:
/// the run, the event, the position of the current call (so action ids are deterministic), and where
/// proposed actions go.
/// </summary>
internal sealed class RunScope(RunId run, string agent, AmbientEvent input, TimeProvider time, Func<ActionRecord, CancellationToken, Task> propose)
{
    public const string KernelDataKey = "ambient.run";
    private readonly List<ActionRecord> _actions = [];
    private readonly List<Task> _publishing = [];

    public RunId Run { get; } = run;

    public int Step { get; set; }

    public int CallIndex { get; set; }

    /// <summary>What the model said alongside the tool calls of the current step, if anything.</summary>
    public string? Reasoning { get; set; }

    public IReadOnlyList<ActionRecord> Actions => _actions;

    /// <summary>Tells whether another agent can be asked (the A2A channel knows the inboxes); null when A2A is off.</summary>
    public Func<string, bool>? CanDelegateTo { get; init; }

    /// <summary>The delegations asked for by the call being executed, by call index; taken by the reasoning loop.</summary>
    public Dictionary<int, (string Agent, string Message)> Delegations { get; } = [];

    /// <summary>Records a request to another agent for the current call; sent by the run's <c>delegate</c> step.</summary>
    /// <exception cref="ArgumentException">The agent is unknown, or A2A is not configured (the model is told and may correct itself).</exception>
    public void Delegate(string agent, string message)
    {
        if (CanDelegateTo is null)
        {
            throw new ArgumentException("A2A delegation is not configured for this worker.", nameof(agent));
        }

        if (!CanDelegateTo(agent))
        {
            throw new ArgumentException($"There is no agent named '{agent}' to delegate to.", nameof(agent));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        Delegations[CallIndex] = (agent, message);
    }

    public static RunScope From(Kernel kernel) =>
        kernel.Data.TryGetValue(KernelDataKey, out var scope) && scope is RunScope runScope
            ? runScope
            : throw new InvalidOperationException("Ambient tools can only run inside an agent run (no RunScope in Kernel.Data).");

    /// <summary>
    /// Proposes an action: builds its record with the deterministic id and starts publishing it. The
    /// write is not awaited here, so a run's actions share producer batches; <see cref="FlushAsync"/>
    /// awaits them all before the run is reported done (and its event committed).
    /// </summary>
    public Task<ActionRecord> ProposeAsync(string target, string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        var id = new ActionId(Run, Step, CallIndex);
        var action = new ActionRecord(id.ToString(), Run.Value, agent, target, operation,
            JsonSerializer.SerializeToElement(arguments), Reasoning, input.Id, input.Type, time.GetUtcNow());
        _publishing.Add(propose(action, cancellationToken));
        _actions.Add(action);
        return Task.FromResult(action);
    }

    /// <summary>Completes when every proposed action is acknowledged; throws if any could not be written.</summary>
    public Task FlushAsync() => Task.WhenAll(_publishing);
}
