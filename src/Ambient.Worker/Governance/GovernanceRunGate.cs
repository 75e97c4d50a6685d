using Ambient.Governance.State;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Runs;

namespace Ambient.Worker.Governance;

/// <summary>
/// What holds a worker's runs: the kill switch (pauses on the governance topic) and a spent budget. Either closes the
/// gate, so the agent's consumer stops fetching and its runs wait at their next step; nothing is skipped.
/// </summary>
internal sealed class GovernanceRunGate(GovernanceView view, IRunBudget budget) : IRunGate
{
    public bool IsClosed(string agent) => view.IsPaused(agent) || budget.IsSpent(agent);

    public async ValueTask WaitOpenAsync(string agent, CancellationToken cancellationToken)
    {
        // Paused and spent at once: wait out the pause, then the budget, then look again (a pause may have come meanwhile).
        while (true)
        {
            await view.WaitUntilRunningAsync(agent, cancellationToken);
            if (!budget.IsSpent(agent))
            {
                return;
            }

            await budget.WaitForBudgetAsync(agent, cancellationToken);
        }
    }
}
