using Ambient.Governance.State;
using Ambient.Runtime.Health;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Runs;

namespace Ambient.Worker.Governance;

/// <summary>
/// What holds a worker's runs: the kill switch (pauses on the governance topic), a spent budget, and a failed semantic
/// probe. Any of them closes the gate, so the agent's consumer stops fetching and its runs wait at their next step;
/// nothing is skipped.
/// </summary>
internal sealed class GovernanceRunGate(GovernanceView view, IRunBudget budget, AgentHealth health) : IRunGate
{
    public void HoldForModelOutage(string agent, string reason) => health.HoldForModelOutage(agent, reason);

    public bool IsClosed(string agent) => view.IsPaused(agent) || budget.IsSpent(agent) || health.IsUnhealthy(agent);

    public async ValueTask WaitOpenAsync(string agent, CancellationToken cancellationToken)
    {
        // Paused, spent or unhealthy at once: wait out each in turn, then look again (another may have come meanwhile).
        while (true)
        {
            await view.WaitUntilRunningAsync(agent, cancellationToken);
            if (health.IsUnhealthy(agent))
            {
                await health.WaitHealthyAsync(agent, cancellationToken);
                continue;
            }

            if (!budget.IsSpent(agent))
            {
                return;
            }

            await budget.WaitForBudgetAsync(agent, cancellationToken);
        }
    }
}
