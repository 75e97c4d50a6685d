using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Llm;
using Ambient.Runtime.ToolCalls;

namespace Ambient.Runtime.Runs;

/// <summary>
/// One run to execute: which run, its journal, the event, where the event is, the model to ask (the
/// agent's, or recorded responses for a replay), where actions go (the live or the shadow topic), and
/// for a replay the run it replays.
/// </summary>
internal sealed record RunRequest(RunId Run, RunJournal Journal, AmbientEvent Input, EventCoordinates At, IChatModel Model, string ActionsTopic, string? ReplayOf)
{
    /// <summary>Replays: the original run's delegations, which answer this run's instead of asking the other agents again.</summary>
    public IReadOnlyList<PendingDelegation>? RecordedDelegations { get; init; }

    /// <summary>Recorded replays: the original run's read results, which answer this run's reads instead of the tools.</summary>
    public RecordedReads? RecordedReads { get; init; }
}
