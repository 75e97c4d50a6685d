using Ambient.Governance.State;
using Ambient.Runtime.Runs;

namespace Ambient.Worker.Governance;

/// <summary>The kill switch in the worker: runs of a paused agent (or of every agent) are held by the governance topic's pauses.</summary>
internal sealed class GovernanceRunGate(GovernanceView view) : IRunGate
{
    public bool IsClosed(string agent) => view.IsPaused(agent);

    public ValueTask WaitOpenAsync(string agent, CancellationToken cancellationToken) => view.WaitUntilRunningAsync(agent, cancellationToken);
}
